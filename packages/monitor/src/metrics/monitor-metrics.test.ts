import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { MonitorMetrics, monitorMetricNames } from './monitor-metrics';

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
});
