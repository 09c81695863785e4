import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsxLoaderUrl } from '@ballast/test-utils/tsx-loader';
import { BallastError } from '@ballast/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { analysisWorkerBundle } from '../__fixtures__/analysis-worker-bundle';
import { Traffic, weatherFeatures } from '../__fixtures__/traffic';
import { createMonitor } from '../monitor/create-monitor';
import type { WindowResult } from '../monitor/window-result';
import type { MonitorOptions } from '../options/monitor-options';

// Every worker thread the monitor starts, and whether it has exited.
const threads = vi.hoisted(() => ({ started: 0, exited: 0 }));
vi.mock('node:worker_threads', async original => {
  const module = await original<typeof import('node:worker_threads')>();
  class CountedWorker extends module.Worker {
    constructor(...args: ConstructorParameters<typeof module.Worker>) {
      super(...args);
      threads.started += 1;
      this.once('exit', () => {
        threads.exited += 1;
      });
    }
  }
  return { ...module, Worker: CountedWorker };
});

const workerUrl = await analysisWorkerBundle();
const failing = new URL('../__fixtures__/failing-analysis-worker.mjs', import.meta.url);
const crashing = new URL('../__fixtures__/crashing-analysis-worker.mjs', import.meta.url);

afterEach(() => {
  threads.started = 0;
  threads.exited = 0;
});

function options(overrides: Partial<MonitorOptions>): MonitorOptions {
  return {
    model: { name: 'weather', version: '1' },
    reference: new Traffic(1).reference(3000),
    features: weatherFeatures,
    window: { rows: 500 },
    directory: false,
    ...overrides,
  };
}

// The windows of 3000 rows of seeded traffic (the second half drifted), in a given mode.
async function windowsOf(overrides: Partial<MonitorOptions>) {
  const windows: WindowResult[] = [];
  const errors: unknown[] = [];
  const monitor = createMonitor(
    options({
      onWindow: window => void windows.push(window),
      onError: error => void errors.push(error),
      ...overrides,
    }),
  );
  const traffic = new Traffic(5);
  for (let batch = 0; batch < 6; batch += 1) {
    await monitor.write(traffic.payloads(500, batch >= 3 ? 1 : 0));
    await monitor.idle();
  }
  await monitor.close();
  return { windows, errors };
}

describe('analysis worker', () => {
  it('gives the same windows as inline analysis, and close() stops its thread', async () => {
    const inline = await windowsOf({ analysis: 'inline' });
    expect(threads.started).toBe(0);
    const worker = await windowsOf({ analysis: 'worker', analysisWorkerUrl: workerUrl });
    expect(threads.started).toBe(1);
    expect(threads.exited).toBe(1);
    expect(worker.errors).toEqual([]);
    expect(worker.windows).toHaveLength(6);
    expect(worker.windows).toEqual(inline.windows);
    expect(worker.windows.at(-1)?.drift.dataset.drifted).toBe(true);
  });

  it('gives the same validation results as inline analysis when a suite is set', async () => {
    const suite = {
      name: 'weather-serving',
      expectations: [
        { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'wind' } },
        {
          type: 'expect_column_values_to_be_between',
          kwargs: { column: 'temp_max', min_value: -10, max_value: 25 },
        },
      ],
    };
    const inline = await windowsOf({ analysis: 'inline', suite });
    const worker = await windowsOf({ analysis: 'worker', analysisWorkerUrl: workerUrl, suite });
    expect(worker.errors).toEqual([]);
    expect(worker.windows).toEqual(inline.windows);
    expect(worker.windows.every(window => window.validation !== undefined)).toBe(true);
    expect(worker.windows.some(window => window.validation?.success === false)).toBe(true);
  });

  it('analyses the windows of a crashed worker inline, reporting a typed error, and retries the worker', async () => {
    const inline = await windowsOf({ analysis: 'inline' });
    const crashed = await windowsOf({
      analysis: 'worker',
      analysisWorkerUrl: crashing,
    });
    expect(crashed.windows).toEqual(inline.windows);
    // Each write closes one window: the worker is started again for each of the first three,
    // then the monitor stays inline.
    expect(threads.started).toBe(3);
    expect(crashed.errors).toHaveLength(3);
    for (const error of crashed.errors) {
      expect(BallastError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        name: 'UnavailableDependencyError',
        code: 'MONITOR_ANALYSIS_WORKER_FAILED',
        isRetryable: true,
      });
    }
  });

  it('redoes a window the worker could not analyse on the monitor thread', async () => {
    const inline = await windowsOf({ analysis: 'inline' });
    const redone = await windowsOf({
      analysis: 'worker',
      analysisWorkerUrl: failing,
    });
    expect(redone.errors).toEqual([]);
    expect(redone.windows).toEqual(inline.windows);
    expect(threads.exited).toBe(threads.started);
  });

  // Runs the close-and-exit fixture in a child process with these Node flags; its output. A
  // process the worker kept alive would hang: it is killed after 25 s and the test fails.
  function closeAndExit(flags: string[], script: string[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [...flags, '--import', tsxLoaderUrl(), ...script, workerUrl.href],
        { timeout: 25_000 },
        (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))),
      );
    });
  }
  const fixture = new URL('../__fixtures__/close-and-exit.ts', import.meta.url);

  it('leaves no handle behind after close(): the process exits by itself (V8 flags set)', async () => {
    // A V8 flag, as servers are often started with: the worker must start all the same.
    const output = await closeAndExit(['--max-old-space-size=512'], [fileURLToPath(fixture)]);
    expect(output).toEqual({ windows: 3, errors: [] });
  });

  it('starts its worker under node --input-type (a flag a worker from a file rejects)', async () => {
    const output = await closeAndExit(
      ['--input-type=module'],
      ['--eval', `await import(${JSON.stringify(fixture.href)});`],
    );
    expect(output).toEqual({ windows: 3, errors: [] });
  });

  it('reports a missing worker file once and analyses inline', async () => {
    const missing = new URL('./no-such-analysis-worker.js', workerUrl);
    expect(existsSync(missing)).toBe(false);
    const inline = await windowsOf({ analysis: 'inline' });
    const fallback = await windowsOf({ analysis: 'worker', analysisWorkerUrl: missing });
    expect(fallback.windows).toEqual(inline.windows);
    expect(fallback.errors).toHaveLength(1);
    expect(fallback.errors[0]).toMatchObject({ code: 'MONITOR_ANALYSIS_WORKER_UNAVAILABLE' });
  });

  it('rejects an analysis worker URL that is not a file URL', () => {
    expect(() =>
      createMonitor(options({ analysisWorkerUrl: 'https://example.com/worker.js' })),
    ).toThrow(/analysisWorkerUrl/);
  });
});
