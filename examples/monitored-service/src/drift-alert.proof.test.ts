// Proof on a real server: unchanged traffic raises no alert over 50 windows, then income and
// utilization shift by one standard deviation and the alert opens within 2 windows, in the
// onAlert callback and in /metrics. Prints the false-alarm count over the unchanged windows.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MonitorAlert, WindowPerformance, WindowResult } from '@ballast/monitor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Service, startService } from './service';
import { postLabels, sendTraffic } from './traffic';
import { waitFor } from './wait-for';

const windowRows = 2000;
const rowsPerRequest = 100;
const cleanWindows = 50;
const requestsPerWindow = windowRows / rowsPerRequest;

describe('drift alert on a live service', () => {
  let service: Service;
  let directory: string;
  const windows: WindowResult[] = [];
  const alerts: MonitorAlert[] = [];
  const performance = new Map<number, WindowPerformance>();

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'monitored-service-'));
    service = await startService({
      directory,
      window: { rows: windowRows },
      payloadFlushIntervalMs: 50,
      onWindow: window => windows.push(window),
      onAlert: alert => alerts.push(alert),
      onPerformance: update => {
        performance.set(update.window, update);
      },
    });
  });

  afterAll(async () => {
    await service?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('stays quiet on unchanged traffic, then alerts within 2 windows of a drift', async () => {
    const clean = await sendTraffic({
      url: service.url,
      requests: cleanWindows * requestsPerWindow,
      rowsPerRequest,
      driftAfterRequests: Number.POSITIVE_INFINITY,
      seed: 11,
      labelDelayMs: false, // posted below, once the monitor has seen every prediction
      idPrefix: 'clean',
    });
    await waitFor(() => windows.length >= cleanWindows, `${cleanWindows} clean windows`);
    // Ground truth arriving later joins the window of its prediction.
    const labelOutcomes = await postLabels(service.url, clean.groundTruth);

    const verdicts = windows.flatMap(window => window.drift.columns);
    const falseVerdicts = verdicts.filter(column => column.drifted).length;
    const falseAlarms = alerts.filter(alert => alert.status === 'open').length;
    console.log(
      `unchanged traffic: ${cleanWindows} windows of ${windowRows} rows, ${falseAlarms} alerts ` +
        `(false-alarm rate ${falseAlarms}/${cleanWindows} windows), ${falseVerdicts} of ` +
        `${verdicts.length} per-column verdicts drifted; labels ${JSON.stringify(labelOutcomes)}`,
    );
    expect(falseAlarms).toBe(0);
    expect(windows.every(window => window.rows === windowRows)).toBe(true);
    expect(labelOutcomes).toEqual({ joined: clean.rows, late: 0, unknown: 0, held: 0 });

    // CBPE estimated accuracy from the scores alone; the late labels give the realised value.
    await waitFor(
      () =>
        [...performance.values()].filter(update => update.labelled === windowRows).length >=
        cleanWindows,
      'realised performance of every clean window',
    );
    const inBand = [...performance.values()].filter(({ realised, estimated }) => {
      const accuracy = realised.accuracy as number;
      return (
        estimated !== undefined &&
        accuracy >= estimated.accuracy.lower &&
        accuracy <= estimated.accuracy.upper
      );
    }).length;
    console.log(
      `realised accuracy inside CBPE's ±3 SE band in ${inBand} of ${cleanWindows} windows`,
    );
    // A ±3 standard-error band holds the realised value about 99.7% of the time.
    expect(inBand).toBeGreaterThanOrEqual(cleanWindows - 2);

    await sendTraffic({
      url: service.url,
      requests: 2 * requestsPerWindow,
      rowsPerRequest,
      driftAfterRequests: 0,
      seed: 12,
      labelDelayMs: false,
      idPrefix: 'drifted',
    });
    await waitFor(() => windows.length >= cleanWindows + 2, 'two drifted windows');

    const opened = alerts.filter(alert => alert.status === 'open');
    const features = opened.map(alert => alert.feature);
    expect(features).toEqual(expect.arrayContaining(['income', 'utilization']));
    expect(features).not.toContain('debt_ratio');
    expect(features).not.toContain('age');
    // Window indices start at 0: the drift begins at window 50, the alert opens by window 51.
    for (const alert of opened) expect(alert.openedWindow).toBeLessThanOrEqual(cleanWindows + 1);
    console.log(
      `drift injected at window ${cleanWindows}: alerts opened at window ${opened[0]?.openedWindow} ` +
        `for ${features.join(', ')} (drifted window number ${(opened[0]?.openedWindow ?? 0) - cleanWindows + 1})`,
    );

    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    const labels = 'model="default-risk",version="1"';
    expect(metrics).toContain(`ballast_monitor_feature_drifted{${labels},feature="income"} 1`);
    expect(metrics).toContain(`ballast_monitor_feature_drifted{${labels},feature="age"} 0`);
    expect(metrics).toMatch(new RegExp(`ballast_monitor_alerts_open\\{${labels}\\} [1-9]`));
    // Serving metrics are on the same registry.
    expect(metrics).toContain('ballast_inference_requests_total{');
  });
});
