import { rmSync } from 'node:fs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InferencePayload } from '@ballast/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { analysisWorkerBundle } from '../__fixtures__/analysis-worker-bundle';
import { Traffic, weatherFeatures } from '../__fixtures__/traffic';
import type { MonitorAlert } from '../alerts/monitor-alert';
import { SeededRandom } from '../windows/seeded-random';
import { createMonitor } from './create-monitor';
import type { WindowPerformance, WindowResult } from './window-result';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

function probability(payload: InferencePayload): number {
  const data = payload.response?.outputs[0]?.data as number[] | undefined;
  return data?.[0] ?? 0;
}

// The fixture's model is calibrated: the true label is 1 with probability `proba`.
function labelsFor(random: SeededRandom, probabilities: number[]): number[] {
  return probabilities.map(p => (random.next() < p ? 1 : 0));
}

// In the default (worker) mode: CBPE reads each window's scores before its sample goes to the worker.
const worker = { analysis: 'worker', analysisWorkerUrl: await analysisWorkerBundle() } as const;

describe('performance tracking', () => {
  it('joins delayed labels to the window of their prediction and reports realised beside estimated', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'monitor-perf-'));
    directories.push(directory);
    const reference = new Traffic(7).reference(5000);
    const random = new SeededRandom(3);
    const windows: WindowResult[] = [];
    const updates: WindowPerformance[] = [];
    const monitor = createMonitor({
      model: { name: 'weather', version: '1' },
      ...worker,
      reference,
      features: weatherFeatures,
      window: { rows: 1000 },
      directory,
      performance: {
        task: 'binary',
        prediction: 'proba',
        labelHorizon: '2h',
        reference: {
          scores: reference.proba as number[],
          labels: labelsFor(random, reference.proba as number[]),
        },
      },
      onWindow: window => void windows.push(window),
      onPerformance: update => void updates.push(update),
    });
    const traffic = new Traffic(8);
    const start = Date.UTC(2026, 0, 1);
    const payloads = traffic.payloads(3000, 0, start);
    await monitor.write(payloads);
    await monitor.idle();
    expect(windows).toHaveLength(3);
    for (const window of windows) expect(window.estimated?.accuracy.value).toBeGreaterThan(0.5);

    // Labels arrive an hour later (within the 2h horizon), except the last 100 (3h: late).
    const labels = payloads.map((payload, index) => ({
      requestId: payload.requestId,
      label: random.next() < probability(payload) ? 1 : 0,
      at: start + (index >= 2900 ? 3 : 1) * 3_600_000,
    }));
    const summary = await monitor.recordLabels([...labels, { requestId: 'nobody', label: 1 }]);
    // 'nobody' has no prediction (yet): its label is held for the horizon.
    expect(summary).toEqual({ joined: 2900, late: 100, held: 1, unknown: 0 });
    expect(updates.map(update => [update.window, update.labelled])).toEqual([
      [0, 1000],
      [1, 1000],
      [2, 900],
    ]);
    for (const update of updates) {
      const estimated = update.estimated?.accuracy;
      expect(estimated).toBeDefined();
      expect(update.realised.accuracy).toBeGreaterThanOrEqual(estimated?.lower ?? 1);
      expect(update.realised.accuracy).toBeLessThanOrEqual(estimated?.upper ?? 0);
      expect(update.realised.rocAuc).toBeGreaterThan(0.5);
    }
    const text = await monitor.registry.metrics();
    expect(text).toMatch(
      /ballast_monitor_realised_performance\{model="weather",version="1",metric="accuracy"\} 0\.\d+/,
    );
    expect(text).toMatch(
      /ballast_monitor_estimated_performance_lower\{model="weather",version="1",metric="roc_auc"\} 0\.\d+/,
    );
    expect(text).toContain(
      'ballast_monitor_labels_total{model="weather",version="1",outcome="late"} 100',
    );
    const persisted = readFileSync(join(directory, 'performance.jsonl'), 'utf8').trim().split('\n');
    expect(persisted).toHaveLength(3);
    await monitor.close();
  });

  it('alerts when the CBPE estimate leaves the thresholds of the reference chunks', async () => {
    const reference = new Traffic(12).reference(5000);
    const random = new SeededRandom(4);
    const alerts: MonitorAlert[] = [];
    const monitor = createMonitor({
      model: { name: 'weather', version: '1' },
      ...worker,
      reference,
      features: weatherFeatures,
      window: { rows: 500 },
      directory: false,
      performance: {
        task: 'binary',
        prediction: 'proba',
        reference: { scores: reference.proba, labels: labelsFor(random, reference.proba) },
      },
      onAlert: alert => void alerts.push(alert),
    });
    // The model turns unsure: every score near 0.5, so its expected accuracy collapses.
    const payloads = new Traffic(13).payloads(1000);
    payloads.forEach((payload, index) => {
      const output = payload.response?.outputs[0];
      if (output) output.data = [0.45 + (index % 10) / 100];
    });
    await monitor.write(payloads);
    await monitor.idle();
    const performance = alerts.filter(alert => alert.kind === 'performance');
    expect(
      performance.map(alert => [alert.feature, alert.status, alert.openedWindow]),
    ).toContainEqual(['estimated_accuracy', 'open', 1]);
    await monitor.close();
  });

  it('reports MAE and RMSE of a regressor', async () => {
    const updates: WindowPerformance[] = [];
    const monitor = createMonitor({
      model: { name: 'weather', version: '1' },
      ...worker,
      reference: new Traffic(9).reference(2000),
      features: weatherFeatures,
      window: { rows: 10 },
      directory: false,
      performance: { task: 'regression', prediction: 'proba' },
      onPerformance: update => void updates.push(update),
    });
    const payloads = new Traffic(10).payloads(10, 0, Date.now());
    await monitor.write(payloads);
    await monitor.idle();
    await monitor.recordLabels(
      payloads.map(payload => ({
        requestId: payload.requestId,
        label: probability(payload) + 0.5,
      })),
    );
    expect(updates[0]?.realised.mae).toBeCloseTo(0.5);
    expect(updates[0]?.realised.rmse).toBeCloseTo(0.5);
    await monitor.close();
  });

  it('holds labels that arrive before their predictions and joins them when they come', async () => {
    const updates: WindowPerformance[] = [];
    const directory = mkdtempSync(join(tmpdir(), 'monitor-held-'));
    directories.push(directory);
    const options = {
      model: { name: 'weather', version: '1' },
      ...worker,
      reference: new Traffic(14).reference(2000),
      features: weatherFeatures,
      window: { rows: 10 },
      directory,
      checkpointIntervalMs: 0,
      performance: { task: 'regression' as const, prediction: 'proba', labelHorizon: '1h' },
      onPerformance: (update: WindowPerformance) => void updates.push(update),
    };
    const monitor = createMonitor(options);
    const now = Date.now();
    const payloads = new Traffic(15).payloads(10, 0, now);
    const labels = payloads.map(payload => ({
      requestId: payload.requestId,
      label: probability(payload) + 0.25,
      at: now - 60_000,
    }));
    // Half the labels come first, one of them too early for the horizon.
    const early = [
      ...labels.slice(0, 5),
      { ...labels[5], requestId: 'expired', at: now - 7_200_000 },
    ];
    expect(await monitor.recordLabels(early as typeof labels)).toEqual({
      joined: 0,
      late: 0,
      held: 6,
      unknown: 0,
    });
    // A restart in between keeps the held labels (checkpointed with the monitor's state).
    await monitor.checkpoint();
    await monitor.close();
    const resumed = createMonitor(options);
    await resumed.write(payloads);
    await resumed.idle();
    expect(updates.map(update => [update.window, update.labelled])).toEqual([[0, 5]]);
    expect(updates[0]?.realised.mae).toBeCloseTo(0.25);
    expect(await resumed.recordLabels(labels.slice(5))).toEqual({
      joined: 5,
      late: 0,
      held: 0,
      unknown: 0,
    });
    expect(updates.at(-1)?.labelled).toBe(10);
    const text = await resumed.registry.metrics();
    expect(text).toContain(
      'ballast_monitor_labels_total{model="weather",version="1",outcome="joined"} 10',
    );
    await resumed.close();
  });
});
