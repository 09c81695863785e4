import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type InferencePayload,
  InvalidInputError,
  type LineageEvent,
  parseDriftReport,
  parseLineageEvent,
  parseValidationReport,
  type TypedInferencePayload,
} from '@ballast/contracts';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { analysisWorkerBundle } from '../__fixtures__/analysis-worker-bundle';
import { Traffic, weatherFeatures } from '../__fixtures__/traffic';
import type { MonitorOptions } from '../options/monitor-options';
import { createMonitor } from './create-monitor';
import type { WindowResult } from './window-result';

// Durable appends counted (and done), to see windows committed together.
const durableAppends = vi.hoisted(() => ({ paths: [] as string[] }));
vi.mock('@ballast/kit', async original => {
  const kit = await original<typeof import('@ballast/kit')>();
  return {
    ...kit,
    appendFileDurable: (...args: Parameters<typeof kit.appendFileDurable>) => {
      durableAppends.paths.push(args[0]);
      return kit.appendFileDurable(...args);
    },
  };
});

const directories: string[] = [];
function scratch(): string {
  const directory = mkdtempSync(join(tmpdir(), 'monitor-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

function lines(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(line => line !== '')
    .map(line => JSON.parse(line));
}

// The default analysis mode (a worker thread), from the worker built for these tests.
const analysisWorkerUrl = await analysisWorkerBundle();

function base(overrides: Partial<MonitorOptions> = {}): MonitorOptions {
  return {
    model: { name: 'weather', version: '1' },
    analysis: 'worker',
    analysisWorkerUrl,
    reference: new Traffic(1).reference(3000),
    features: weatherFeatures,
    window: { rows: 1000 },
    directory: scratch(),
    ...overrides,
  };
}

describe('createMonitor', () => {
  it('cuts rows into windows, persists contracts reports and publishes metrics', async () => {
    const windows: WindowResult[] = [];
    const options = base({ onWindow: window => void windows.push(window) });
    const monitor = createMonitor(options);
    expect(monitor.specificationVersion).toBe('v1');
    const traffic = new Traffic(2);
    await monitor.write(traffic.payloads(2500));
    await monitor.idle();
    expect(windows.map(window => window.rows)).toEqual([1000, 1000]);
    await monitor.flush();
    expect(windows.map(window => [window.index, window.rows])).toEqual([
      [0, 1000],
      [1, 1000],
      [2, 500],
    ]);
    const first = windows[0] as WindowResult;
    expect(first.drift.columns.map(column => column.column)).toEqual([
      'temp_max',
      'precipitation',
      'wind',
      'proba',
    ]);
    expect(first.drift.dataset.drifted).toBe(false);
    expect(first.quality.find(column => column.column === 'wind')).toMatchObject({
      missing: 0,
      rows: 1000,
    });
    const directory = options.directory as string;
    const reports = lines(join(directory, 'drift-reports.jsonl'));
    expect(reports).toHaveLength(3);
    for (const report of reports) parseDriftReport(report);
    expect(
      lines(join(directory, 'windows.jsonl')).map(line => (line as { index: number }).index),
    ).toEqual([0, 1, 2]);
    const text = await monitor.registry.metrics();
    expect(text).toContain('ballast_monitor_window_rows{model="weather",version="1"} 500');
    expect(text).toContain('ballast_monitor_windows_total{model="weather",version="1"} 3');
    expect(text).toMatch(
      /ballast_monitor_feature_drift_score\{model="weather",version="1",feature="temp_max"\} \d/,
    );
    expect(text).toContain(
      'ballast_monitor_feature_drifted{model="weather",version="1",feature="proba"} 0',
    );
    expect(text).toContain('ballast_monitor_alerts_open{model="weather",version="1"} 0');
    await monitor.close();
  });

  it('reads typed-array tensors (writeTyped) exactly as their JSON form (write)', async () => {
    const json = new Traffic(3).payloads(2300);
    // Batches of 10 rows per request, as typed arrays: Float32Array inputs, Float64Array outputs.
    const typed: TypedInferencePayload[] = [];
    for (let start = 0; start < json.length; start += 10) {
      const group = json.slice(start, start + 10);
      const x = group.flatMap(record => record.request.inputs[0]?.data as number[]);
      const proba = group.flatMap(record => record.response?.outputs[0]?.data as number[]);
      typed.push({
        ...(group[0] as InferencePayload),
        request: {
          inputs: [{ name: 'x', shape: [10, 3], datatype: 'FP32', data: new Float32Array(x) }],
        },
        response: {
          model_name: 'weather',
          outputs: [
            { name: 'proba', shape: [10], datatype: 'FP64', data: new Float64Array(proba) },
          ],
        },
      });
    }
    // The JSON twin of the typed records: the same float32-rounded numbers, as arrays.
    const twins = typed.map(
      record =>
        JSON.parse(
          JSON.stringify(record, (_, value) =>
            ArrayBuffer.isView(value) ? Array.from(value as Float32Array) : value,
          ),
        ) as InferencePayload,
    );
    const run = async (feed: (monitor: ReturnType<typeof createMonitor>) => Promise<void>) => {
      const windows: WindowResult[] = [];
      const monitor = createMonitor(
        base({ directory: false, onWindow: window => void windows.push(window) }),
      );
      await feed(monitor);
      await monitor.flush();
      await monitor.close();
      return windows.map(window => ({
        rows: window.rows,
        quality: window.quality,
        drift: window.drift,
      }));
    };
    const fromTyped = await run(monitor => monitor.writeTyped(typed));
    const fromJson = await run(monitor => monitor.write(twins));
    expect(fromTyped.map(window => window.rows)).toEqual([1000, 1000, 300]);
    expect(fromTyped).toEqual(fromJson);

    // NaN in a typed array is a missing value.
    const windows: WindowResult[] = [];
    const monitor = createMonitor(
      base({ directory: false, onWindow: window => void windows.push(window) }),
    );
    await monitor.writeTyped([
      {
        ...(json[0] as InferencePayload),
        request: {
          inputs: [
            {
              name: 'x',
              shape: [2, 3],
              datatype: 'FP32',
              data: new Float32Array([20, Number.NaN, 10, 21, 3, 11]),
            },
          ],
        },
      },
    ]);
    await monitor.flush();
    await monitor.close();
    expect(windows[0]?.quality.find(column => column.column === 'precipitation')).toMatchObject({
      rows: 2,
      missing: 1,
    });
  });

  it('reads 64-bit integers a caller without types passes (BigInt64Array, bigint cells) and still checkpoints', async () => {
    const errors: unknown[] = [];
    const windows: WindowResult[] = [];
    const monitor = createMonitor(
      base({
        // Longer than the traffic: the checkpoint holds the open window's bigint-fed sample.
        window: { rows: 10 },
        checkpointIntervalMs: 0,
        onError: error => void errors.push(error),
        onWindow: window => void windows.push(window),
      }),
    );
    const record = (data: unknown) =>
      ({
        ...(new Traffic(4).payloads(1)[0] as InferencePayload),
        request: { inputs: [{ name: 'x', shape: [2, 3], datatype: 'INT64', data }] },
      }) as unknown as TypedInferencePayload;
    await monitor.writeTyped([
      record(new BigInt64Array([20n, 3n, 10n, 21n, 2n, 11n])),
      record([22n, 4n, 9n, 19n, 3n, 12n]),
    ]);
    await monitor.checkpoint();
    await monitor.flush();
    await monitor.close();
    expect(errors).toEqual([]);
    expect(windows).toHaveLength(1);
    // Read as numbers: present, and inside the reference's range.
    expect(windows[0]?.quality.find(column => column.column === 'temp_max')).toMatchObject({
      rows: 4,
      missing: 0,
      outOfDomain: 0,
    });
  });

  it('rejects bad options with an InvalidInputError naming the field', () => {
    expect(() => createMonitor({ ...base(), window: { rows: -1 } })).toThrow(InvalidInputError);
    expect(() => createMonitor({ ...base(), model: { name: '' } })).toThrow(/model\.name/);
    expect(() => createMonitor({ ...base(), suite: { expectations: [{ type: 'nope' }] } })).toThrow(
      /suite/,
    );
  });

  it('counts missing and out-of-domain values, runs the suite, and emits lineage', async () => {
    const events: LineageEvent[] = [];
    const results: WindowResult[] = [];
    const registry = new Registry();
    const monitor = createMonitor(
      base({
        window: { rows: 100 },
        registry,
        suite: {
          name: 'weather-serving',
          expectations: [
            { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'wind' } },
          ],
        },
        lineage: { specificationVersion: 'v1', emit: async event => void events.push(event) },
        onWindow: window => void results.push(window),
      }),
    );
    expect(monitor.registry).toBe(registry);
    const payloads = new Traffic(3).payloads(100);
    payloads.forEach((payload, index) => {
      const data = payload.request.inputs[0]?.data as number[];
      if (index < 10) data[2] = Number.NaN;
      if (index >= 90) data[0] = 1000;
    });
    await monitor.write(payloads);
    await monitor.idle();
    const window = results[0] as WindowResult;
    expect(window.quality.find(column => column.column === 'wind')).toMatchObject({
      missing: 10,
      missingShare: 0.1,
    });
    expect(window.quality.find(column => column.column === 'temp_max')).toMatchObject({
      outOfDomain: 10,
    });
    expect(window.validation?.success).toBe(false);
    parseValidationReport(window.validation);
    expect(events.map(event => event.eventType)).toEqual(['START', 'COMPLETE']);
    for (const event of events) parseLineageEvent(event);
    const complete = events[1] as LineageEvent;
    expect(complete.job.name).toBe('monitor.weather');
    expect(complete.inputs?.[0]?.name).toBe('serving.weather.1');
    expect(complete.outputs?.[0]).toMatchObject({ namespace: 'file' });
    expect(complete.outputs?.[0]?.name.endsWith('drift-reports.jsonl')).toBe(true);
    expect(complete.run.runId).toBe(events[0]?.run.runId);
    expect(complete.outputs?.[0]?.facets?.ballast_driftReport).toMatchObject({
      totalColumns: 4,
      drifted: window.drift.dataset.drifted,
    });
    expect(complete.outputs?.[0]?.facets?.ballast_validationReport).toMatchObject({
      success: false,
    });
    expect(await registry.metrics()).toContain(
      'ballast_monitor_missing_share_ratio{model="weather",version="1",feature="wind"} 0.1',
    );
    await monitor.close();
  });

  it('cuts time windows by request time and slides windows over panes', async () => {
    const results: WindowResult[] = [];
    const monitor = createMonitor(
      base({
        window: { every: '1m', sliding: '30s' },
        directory: false,
        onWindow: window => void results.push(window),
      }),
    );
    const traffic = new Traffic(4);
    // In the future, so the timer that closes elapsed time windows stays out of this test.
    const start = Math.ceil(Date.now() / 60_000) * 60_000 + 86_400_000;
    await monitor.write(traffic.payloads(50, 0, start));
    await monitor.idle();
    await monitor.write(traffic.payloads(30, 0, start + 31_000));
    await monitor.idle();
    await monitor.write(traffic.payloads(20, 0, start + 61_000));
    await monitor.idle();
    // Late rows of an already reported slot count in the open one.
    await monitor.write(traffic.payloads(5, 0, start + 1_000));
    await monitor.idle();
    await monitor.flush();
    expect(results.map(window => [window.rows, window.start, window.end])).toEqual([
      [50, new Date(start).toISOString(), new Date(start + 30_000).toISOString()],
      [80, new Date(start).toISOString(), new Date(start + 60_000).toISOString()],
      [55, new Date(start + 30_000).toISOString(), new Date(start + 90_000).toISOString()],
    ]);
    await monitor.close();
  });

  it('closes an elapsed time window on its own when traffic stops', async () => {
    const results: WindowResult[] = [];
    const monitor = createMonitor(
      base({
        window: { every: 50 },
        directory: false,
        onWindow: window => void results.push(window),
      }),
    );
    await monitor.write(new Traffic(6).payloads(7, 0, Date.now() - 10_000));
    await monitor.idle();
    await vi.waitFor(() => expect(results.map(window => window.rows)).toEqual([7]), {
      timeout: 10_000,
    });
    await monitor.close();
  });

  it('slides a row window over panes and keeps memory to the sample size', async () => {
    const results: WindowResult[] = [];
    const monitor = createMonitor(
      base({
        window: { rows: 400, sliding: 100 },
        sampleSize: 50,
        directory: false,
        onWindow: window => void results.push(window),
      }),
    );
    await monitor.write(new Traffic(7).payloads(600));
    await monitor.idle();
    expect(results.map(window => [window.rows, window.sampleRows])).toEqual([
      [100, 50],
      [200, 50],
      [300, 50],
      [400, 50],
      [400, 50],
      [400, 50],
    ]);
    await monitor.close();
  });

  it('shares one registry between monitors of two models', async () => {
    const registry = new Registry();
    const one = createMonitor(base({ registry, directory: false, window: { rows: 10 } }));
    const two = createMonitor(
      base({
        registry,
        directory: false,
        window: { rows: 10 },
        model: { name: 'other', version: '2' },
      }),
    );
    await one.write(new Traffic(8).payloads(10));
    await one.idle();
    const text = await registry.metrics();
    expect(text).toContain('ballast_monitor_windows_total{model="weather",version="1"} 1');
    expect(text).toContain('ballast_monitor_windows_total{model="other",version="2"} 0');
    await one.close();
    await two.close();
  });

  it('delivers alert transitions to the webhook through the durable outbox', async () => {
    const posted: { alert: { feature: string; status: string } }[] = [];
    const options = base({
      window: { rows: 300 },
      alerts: {
        openAfter: 1,
        webhook: {
          url: 'http://hooks.invalid/alerts',
          fetch: (async (_url: string, init: RequestInit) => {
            posted.push(JSON.parse(String(init.body)));
            return new Response(null, { status: 204 });
          }) as typeof fetch,
        },
      },
    });
    const monitor = createMonitor(options);
    await monitor.write(new Traffic(11).payloads(300, 2));
    await monitor.idle();
    await monitor.close();
    expect(posted.map(body => body.alert.feature)).toContain('temp_max');
    expect(posted.every(body => body.alert.status === 'open')).toBe(true);
    const outbox = readdirSync(join(options.directory as string, 'outbox'));
    expect(outbox.filter(name => name.endsWith('.json'))).toEqual([]);
    expect(lines(join(options.directory as string, 'alerts.jsonl')).length).toBe(posted.length);
  });

  it('commits windows closed by one write together, with the same logs as one at a time', async () => {
    // Drift comes and goes, so alerts open and resolve inside a group of windows committed together.
    const traffic = (seed: number) => {
      const source = new Traffic(seed);
      return [0, 0, 2, 2, 2, 0, 0, 0, 3, 0].flatMap(shift => source.payloads(200, shift));
    };
    const run = async (writes: InferencePayload[][]) => {
      const seen: string[] = [];
      const options = base({
        window: { rows: 200 },
        alerts: { openAfter: 2, resolveAfter: 2 },
        onWindow: window => void seen.push(`window ${window.index}`),
        onAlert: alert => void seen.push(`alert ${alert.feature} ${alert.status}`),
      });
      const monitor = createMonitor(options);
      durableAppends.paths = [];
      for (const records of writes) {
        await monitor.write(records);
        await monitor.idle();
      }
      await monitor.close();
      const directory = options.directory as string;
      const commits = durableAppends.paths.filter(path => path.endsWith('windows.jsonl')).length;
      const files = ['windows.jsonl', 'drift-reports.jsonl', 'alerts.jsonl'].map(name =>
        readFileSync(join(directory, name), 'utf8'),
      );
      return { seen, files, commits };
    };
    const records = traffic(21);
    const together = await run([records]);
    const oneByOne = await run(
      Array.from({ length: 10 }, (_, window) => records.slice(window * 200, (window + 1) * 200)),
    );
    expect(together.seen.filter(event => event.startsWith('alert')).length).toBeGreaterThan(1);
    expect(together.seen).toEqual(oneByOne.seen);
    expect(together.files).toEqual(oneByOne.files);
    // One durable append of the windows log per write, not one per window.
    expect(oneByOne.commits).toBe(10);
    expect(together.commits).toBe(1);
  });

  it('analyses every window of one large write, in order', async () => {
    const indices: number[] = [];
    const monitor = createMonitor(
      base({
        window: { rows: 10 },
        directory: false,
        onWindow: window => void indices.push(window.index),
      }),
    );
    const first = monitor.write(new Traffic(12).payloads(400));
    const second = monitor.write(new Traffic(13).payloads(100));
    await Promise.all([first, second]);
    await monitor.idle();
    expect(indices).toEqual(Array.from({ length: 50 }, (_, index) => index));
    await monitor.close();
  });

  it('resolves a write once its rows are ingested, analysing the windows it closed in the background', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>(resolve => {
      release = resolve;
    });
    const indices: number[] = [];
    const monitor = createMonitor(
      base({
        window: { rows: 10 },
        directory: false,
        analysis: 'inline',
        onWindow: async window => {
          await gate;
          indices.push(window.index);
        },
      }),
    );
    // Three windows closed: the write resolves while their analysis waits on the gate.
    await monitor.write(new Traffic(21).payloads(30));
    expect(indices).toEqual([]);
    // Thirty more: past 16 windows awaiting analysis, ingestion (and so the write) waits.
    let ingested = false;
    const many = monitor.write(new Traffic(22).payloads(300)).then(() => {
      ingested = true;
    });
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(ingested).toBe(false);
    release();
    await many;
    await monitor.idle();
    expect(indices).toEqual(Array.from({ length: 33 }, (_, index) => index));
    await monitor.close();
  });

  it('does not resume the checkpoint of another model version in the same directory', async () => {
    const options = base({ checkpointIntervalMs: 0 });
    const first = createMonitor(options);
    await first.write(new Traffic(14).payloads(1500));
    await first.idle();
    const errors: unknown[] = [];
    const windows: WindowResult[] = [];
    const second = createMonitor({
      ...options,
      model: { name: 'weather', version: '2' },
      onError: error => void errors.push(error),
      onWindow: window => void windows.push(window),
    });
    const payloads = new Traffic(15).payloads(1000);
    for (const payload of payloads) payload.model.version = '2';
    await second.write(payloads);
    await second.idle();
    expect(windows.map(window => [window.index, window.rows])).toEqual([[1, 1000]]);
    expect(errors).toMatchObject([{ code: 'CHECKPOINT_OF_OTHER_MODEL' }]);
    await second.close();
  });

  it('ignores other models and does nothing after close', async () => {
    const results: WindowResult[] = [];
    const monitor = createMonitor(
      base({ window: { rows: 10 }, onWindow: window => void results.push(window) }),
    );
    const payloads = new Traffic(5).payloads(10);
    for (const payload of payloads) payload.model = { name: 'other' };
    await monitor.write(payloads);
    await monitor.idle();
    await monitor.close();
    await monitor.write(new Traffic(5).payloads(10));
    await monitor.idle();
    expect(results).toEqual([]);
  });
});
