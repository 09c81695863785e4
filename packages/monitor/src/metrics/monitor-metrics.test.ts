import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { WindowResult } from '../monitor/window-result';
import { MonitorMetrics, monitorMetricNames } from './monitor-metrics';

// A window result with what the metrics read: one feature's drift and quality.
function windowResult(index: number, score: number): WindowResult {
  return {
    model: { name: 'fraud', version: '7' },
    index,
    start: '2026-01-01T00:00:00.000Z',
    end: '2026-01-01T00:00:01.000Z',
    rows: 100 + index,
    sampleRows: 100 + index,
    drift: {
      columns: [{ column: 'amount', statistic: score, drifted: score > 0.1 }],
      dataset: { share: score > 0.1 ? 1 : 0, drifted: score > 0.1 },
    } as unknown as WindowResult['drift'],
    quality: [
      {
        column: 'amount',
        rows: 100,
        missing: index,
        missingShare: index / 100,
        outOfDomain: 0,
        outOfDomainShare: 0,
      },
    ],
    alerts: index === 2 ? [{ status: 'open' } as WindowResult['alerts'][number]] : [],
    openAlerts: index === 2 ? 1 : 0,
  };
}

describe('MonitorMetrics', () => {
  it('registers every documented metric, prefixed and with bounded labels', async () => {
    const registry = new Registry();
    const metrics = new MonitorMetrics({ name: 'fraud', version: '7' }, registry);
    const names = (await registry.getMetricsAsJSON()).map(metric => metric.name).sort();
    expect(names).toEqual(Object.values(monitorMetricNames).sort());
    for (const name of names) expect(name.startsWith('ballast_monitor_')).toBe(true);
    metrics.estimate({
      rows: 10,
      calibrated: false,
      accuracy: { value: 0.9, samplingError: 0.01, lower: 0.87, upper: 0.93 },
      precision: { value: 0.8, samplingError: 0.01, lower: 0.77, upper: 0.83 },
      recall: { value: 0.7, samplingError: 0.01, lower: 0.67, upper: 0.73 },
      f1: { value: 0.75, samplingError: 0.01, lower: 0.72, upper: 0.78 },
      rocAuc: { value: 0.95, samplingError: 0.01, lower: 0.92, upper: 0.98 },
    });
    metrics.realised({ accuracy: 0.88, rocAuc: 0.94, f1: undefined });
    const text = await registry.metrics();
    expect(text).toContain(
      'ballast_monitor_estimated_performance_upper{model="fraud",version="7",metric="roc_auc"} 0.98',
    );
    expect(text).toContain(
      'ballast_monitor_realised_performance{model="fraud",version="7",metric="accuracy"} 0.88',
    );
    expect(text).not.toContain('metric="f1"} NaN');
    expect(new MonitorMetrics({ name: 'own' }).registry).toBeInstanceOf(Registry);
  });

  it('sets window gauges from the latest window when collected, and counts every window', async () => {
    const registry = new Registry();
    const metrics = new MonitorMetrics({ name: 'fraud', version: '7' }, registry);
    for (let index = 0; index < 3; index += 1) metrics.window(windowResult(index, 0.05 * index));
    const first = await registry.metrics();
    expect(first).toContain('ballast_monitor_windows_total{model="fraud",version="7"} 3');
    expect(first).toContain('ballast_monitor_alerts_total{model="fraud",version="7"} 1');
    expect(first).toContain('ballast_monitor_window_rows{model="fraud",version="7"} 102');
    expect(first).toContain(
      'ballast_monitor_feature_drift_score{model="fraud",version="7",feature="amount"} 0.1',
    );
    expect(first).toContain(
      'ballast_monitor_missing_share_ratio{model="fraud",version="7",feature="amount"} 0.02',
    );
    expect(first).toContain('ballast_monitor_alerts_open{model="fraud",version="7"} 1');
    // Published once: the values stay until the next window, which the next collect publishes.
    expect(await registry.metrics()).toBe(first);
    metrics.window(windowResult(3, 0.15));
    const second = await registry.metrics();
    expect(second).toContain('ballast_monitor_window_rows{model="fraud",version="7"} 103');
    expect(second).toContain(
      'ballast_monitor_feature_drifted{model="fraud",version="7",feature="amount"} 1',
    );
    expect(second).toContain('ballast_monitor_alerts_open{model="fraud",version="7"} 0');
  });

  it('publishes both models sharing a registry, and at once into a gauge registered elsewhere', async () => {
    const registry = new Registry();
    const one = new MonitorMetrics({ name: 'one' }, registry);
    const two = new MonitorMetrics({ name: 'two' }, registry);
    one.window({ ...windowResult(0, 0.2), model: { name: 'one' } });
    two.window({ ...windowResult(1, 0.3), model: { name: 'two' } });
    const text = await registry.metrics();
    expect(text).toContain('ballast_monitor_window_rows{model="one",version=""} 100');
    expect(text).toContain('ballast_monitor_window_rows{model="two",version=""} 101');

    const foreign = new Registry();
    const rows = new Gauge({
      name: monitorMetricNames.windowRows,
      help: 'registered by the application',
      labelNames: ['model', 'version'],
      registers: [foreign],
    });
    const eager = new MonitorMetrics({ name: 'eager' }, foreign);
    eager.window({ ...windowResult(4, 0.2), model: { name: 'eager' } });
    expect((await rows.get()).values).toEqual([
      { value: 104, labels: { model: 'eager', version: '' } },
    ]);
  });
});
