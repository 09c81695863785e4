import { describe, expect, it } from 'vitest';
import { analysisWorkerBundle } from '../__fixtures__/analysis-worker-bundle';
import { Traffic, weatherFeatures } from '../__fixtures__/traffic';
import type { MonitorAlert } from '../alerts/monitor-alert';
import type { DriftEvent } from '../options/monitor-options';
import { createMonitor } from './create-monitor';
import type { WindowResult } from './window-result';

// Seeded, bounded proofs of the alerting behaviour with the default settings (Evidently
// methods and thresholds, openAfter 2, resolveAfter 3), windows of 2000 rows, reference 5000 rows.
// Below ~1000 rows per window Evidently's Wasserstein threshold (0.1) is crossed by chance in a
// few percent of windows per feature (measured 10/200 at 500 rows), so windows should not be smaller.
const ROWS = 2000;
const analysisWorkerUrl = await analysisWorkerBundle();
const modes = [
  { mode: 'inline', analysis: { analysis: 'inline' } },
  { mode: 'worker', analysis: { analysis: 'worker', analysisWorkerUrl } },
] as const;

function run(
  seed: number,
  shiftFrom: number | undefined,
  analysis: (typeof modes)[number]['analysis'],
) {
  const windows: WindowResult[] = [];
  const alerts: MonitorAlert[] = [];
  const drifts: DriftEvent[] = [];
  const monitor = createMonitor({
    model: { name: 'weather', version: '1' },
    reference: new Traffic(seed).reference(5000),
    features: weatherFeatures,
    window: { rows: ROWS },
    directory: false,
    ...analysis,
    onWindow: window => void windows.push(window),
    onAlert: alert => void alerts.push(alert),
    onDrift: event => void drifts.push(event),
  });
  return { monitor, windows, alerts, drifts, traffic: new Traffic(seed + 1000), shiftFrom };
}

describe.each(modes)('drift detection proofs, analysis $mode', ({ analysis }) => {
  it('raises 0 alerts over 50 windows of unchanged traffic (false-alarm rate 0/50 windows)', async () => {
    const { monitor, windows, alerts } = run(1, undefined, analysis);
    const traffic = new Traffic(1001);
    for (let window = 0; window < 50; window += 1) {
      await monitor.write(traffic.payloads(ROWS));
      await monitor.idle();
    }
    expect(windows).toHaveLength(50);
    expect(alerts).toEqual([]);
    // Per-window feature verdicts: a stray drifted verdict is allowed, an alert is not.
    const verdicts = windows.flatMap(window => window.drift.columns.map(column => column.drifted));
    expect(verdicts).toHaveLength(200);
    expect(verdicts.filter(Boolean).length).toBe(0);
    expect(await monitor.registry.metrics()).toContain(
      'ballast_monitor_alerts_open{model="weather",version="1"} 0',
    );
    await monitor.close();
  });

  it('alerts within 2 windows of a drift injected at window 20, in the callback and the metrics', async () => {
    const { monitor, windows, alerts, drifts } = run(2, 20, analysis);
    const traffic = new Traffic(1002);
    let alertWindow: number | undefined;
    let metricsAtAlert = '';
    for (let window = 0; window < 30; window += 1) {
      await monitor.write(traffic.payloads(ROWS, window >= 20 ? 1 : 0));
      await monitor.idle();
      if (alertWindow === undefined && alerts.length > 0) {
        alertWindow = window;
        metricsAtAlert = await monitor.registry.metrics();
      }
    }
    expect(windows).toHaveLength(30);
    expect(alertWindow).toBeDefined();
    const delay = (alertWindow as number) - 20;
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(2);
    const opened = alerts.filter(alert => alert.status === 'open');
    expect(opened.map(alert => alert.feature)).toContain('temp_max');
    expect(opened.every(alert => alert.openedWindow >= 20)).toBe(true);
    // Deduplicated: one alert per feature however long the drift lasts.
    expect(new Set(opened.map(alert => alert.key)).size).toBe(opened.length);
    expect(drifts.length).toBeGreaterThanOrEqual(1);
    expect(drifts[0]?.opened.map(alert => alert.feature)).toContain('temp_max');
    expect(metricsAtAlert).toContain(
      'ballast_monitor_feature_drifted{model="weather",version="1",feature="temp_max"} 1',
    );
    expect(metricsAtAlert).toMatch(
      /ballast_monitor_alerts_open\{model="weather",version="1"\} [1-9]/,
    );
    expect(metricsAtAlert).toMatch(
      /ballast_monitor_alerts_total\{model="weather",version="1"\} [1-9]/,
    );
    // Recovery: back to the reference distribution, the alerts resolve after 3 clean windows.
    for (let window = 30; window < 34; window += 1) {
      await monitor.write(traffic.payloads(ROWS, 0));
      await monitor.idle();
    }
    expect(monitor.openAlerts()).toEqual([]);
    expect(alerts.filter(alert => alert.status === 'resolved')).toHaveLength(opened.length);
    await monitor.close();
  });
});
