import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './worker-exec-argv';

describe('workerExecArgv', () => {
  it('inherits the parent flags (undefined) when no --input-type is set, V8 options included', () => {
    expect(workerExecArgv(['--max-old-space-size=512', '--import', 'tsx'])).toBeUndefined();
    expect(workerExecArgv([])).toBeUndefined();
  });

  it('drops --input-type in both spellings and keeps every other flag in order', () => {
    expect(workerExecArgv(['--import', 'tsx', '--input-type=module', '--no-warnings'])).toEqual([
      '--import',
      'tsx',
      '--no-warnings',
    ]);
    expect(workerExecArgv(['--input-type', 'commonjs', '--enable-source-maps'])).toEqual([
      '--enable-source-maps',
    ]);
  });

  it('gives a list Node accepts for a worker started from a file', async () => {
    const execArgv = workerExecArgv(['--input-type=module', '--no-warnings']);
    const worker = new Worker('require("node:worker_threads").parentPort.postMessage(1)', {
      eval: true,
      ...(execArgv ? { execArgv } : {}),
    });
    const message = await new Promise(resolve => worker.once('message', resolve));
    await worker.terminate();
    expect(message).toBe(1);
  });
});
