import { fork } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsxLoaderUrl } from '@ballast/test-utils/tsx-loader';
import { afterEach, describe, expect, it } from 'vitest';
import { analysisWorkerBundle } from '../__fixtures__/analysis-worker-bundle';
import { Traffic, weatherFeatures } from '../__fixtures__/traffic';
import type { MonitorOptions } from '../options/monitor-options';
import { createMonitor } from './create-monitor';

const worker = fileURLToPath(new URL('../__fixtures__/monitor-worker.ts', import.meta.url));
const directories: string[] = [];
const analysisWorkerUrl = await analysisWorkerBundle();

afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

// Both analysis modes: the restart semantics must not depend on where windows are analysed.
const modes = [
  { mode: 'inline', analysis: { analysis: 'inline' } },
  { mode: 'worker', analysis: { analysis: 'worker', analysisWorkerUrl } },
] as const;

function options(directory: string, analysis: Partial<MonitorOptions>): MonitorOptions {
  return {
    ...analysis,
    model: { name: 'weather', version: '1' },
    reference: new Traffic(1).reference(3000),
    features: weatherFeatures,
    window: { rows: 1000 },
    directory,
    checkpointIntervalMs: 0,
  };
}

function committed(directory: string): { index: number; rows: number }[] {
  return readFileSync(join(directory, 'windows.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map(line => JSON.parse(line) as { index: number; rows: number })
    .map(({ index, rows }) => ({ index, rows }));
}

describe.each(modes)('restart, analysis $mode', ({ mode, analysis }) => {
  it('resumes the open window from the checkpoint after an unclean stop', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'monitor-restart-'));
    directories.push(directory);
    const first = createMonitor(options(directory, analysis));
    await first.write(new Traffic(2).payloads(1500));
    // No close(): the process "dies" here with 500 rows in the open window.
    const second = createMonitor(options(directory, analysis));
    await second.write(new Traffic(3).payloads(500));
    await second.close();
    expect(committed(directory)).toEqual([
      { index: 0, rows: 1000 },
      { index: 1, rows: 1000 },
    ]);
  });

  it('does not count a window twice when the process died between committing it and checkpointing', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'monitor-restart-'));
    directories.push(directory);
    const first = createMonitor(options(directory, analysis));
    await first.write(new Traffic(2).payloads(900));
    copyFileSync(join(directory, 'checkpoint.json'), join(directory, 'stale.json'));
    await first.write(new Traffic(3).payloads(100));
    expect(committed(directory)).toEqual([{ index: 0, rows: 1000 }]);
    // The checkpoint written after the commit is lost: the stale one still holds 900 open rows.
    copyFileSync(join(directory, 'stale.json'), join(directory, 'checkpoint.json'));
    const second = createMonitor(options(directory, analysis));
    await second.write(new Traffic(4).payloads(1000));
    await second.close();
    expect(committed(directory)).toEqual([
      { index: 0, rows: 1000 },
      { index: 1, rows: 1000 },
    ]);
  });

  it('loses and repeats nothing when a child process is killed mid-stream and a new one resumes', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'monitor-kill-'));
    directories.push(directory);
    // 7 batches of 300 rows: windows 0 and 1 commit, 100 rows sit in the open window.
    const child = fork(
      worker,
      [directory, '0', '7', ...(mode === 'worker' ? [analysisWorkerUrl.href] : [])],
      {
        execArgv: ['--import', tsxLoaderUrl()],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const acked: number[] = [];
    await new Promise<void>((resolve, reject) => {
      child.on('message', message => {
        const payload = message as { acked?: number; waiting?: boolean };
        if (payload.acked !== undefined) acked.push(payload.acked);
        if (payload.waiting) resolve();
      });
      child.on('exit', code => reject(new Error(`worker exited early with ${code}`)));
    });
    child.removeAllListeners('exit');
    const exited = new Promise(resolve => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(acked).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(committed(directory)).toEqual([
      { index: 0, rows: 1000 },
      { index: 1, rows: 1000 },
    ]);
    const resumed = createMonitor(options(directory, analysis));
    for (let batch = 7; batch < 10; batch += 1)
      await resumed.write(new Traffic(100 + batch).payloads(300));
    await resumed.close();
    expect(committed(directory)).toEqual([
      { index: 0, rows: 1000 },
      { index: 1, rows: 1000 },
      { index: 2, rows: 1000 },
    ]);
  });
});
