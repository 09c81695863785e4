import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliRun, rows, runBallast, tempDir, writeCsv } from '../testing/cli-harness';

const irisModel = join(import.meta.dirname, '../../../serving-core/src/__fixtures__/iris-mlp.onnx');

/** Starts `ballast serve ...` in-process; returns its URL and a function that stops it. */
async function startServe(directory: string, argv: string[]) {
  let stop: (value?: unknown) => void = () => {};
  const shutdownSignal = new Promise(resolve => {
    stop = resolve;
  });
  let finished: CliRun | undefined;
  const started = new Promise<string>((resolve, reject) => {
    void runBallast(directory, ['serve', ...argv, '--port', '0'], {
      shutdownSignal,
      onListening: resolve,
    }).then(run => {
      finished = run;
      if (run.code !== 0) reject(new Error(run.stderr));
    });
  });
  const url = await started;
  return {
    url,
    async stop(): Promise<CliRun> {
      stop();
      await expect.poll(() => finished, { timeout: 20_000 }).toBeDefined();
      return finished as CliRun;
    },
  };
}

const infer = (url: string, name: string, data: number[]) =>
  fetch(`${url}/v2/models/${name}/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      inputs: [{ name: 'input', shape: [data.length / 4, 4], datatype: 'FP32', data }],
    }),
  });

describe('ballast serve', () => {
  it('serves an ONNX file over the Open Inference Protocol until shut down', async () => {
    const directory = await tempDir();
    await copyFile(irisModel, join(directory, 'iris.onnx'));
    const server = await startServe(directory, ['iris.onnx']);
    expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(200);
    const metadata = (await (await fetch(`${server.url}/v2/models/iris`)).json()) as {
      name: string;
    };
    expect(metadata.name).toBe('iris');
    const response = await infer(server.url, 'iris', [5.1, 3.5, 1.4, 0.2]);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { outputs: { name: string }[] };
    expect(body.outputs.map(output => output.name)).toContain('label');
    const run = await server.stop();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Serving iris\.onnx as iris version 1 \(Open Inference Protocol\) on http:\/\/127\.0\.0\.1:\d+/,
    );
  });

  it('serves name@alias from the registry with the monitor attached', async () => {
    const directory = await tempDir();
    await copyFile(irisModel, join(directory, 'iris.onnx'));
    const registered = await runBallast(directory, [
      'registry',
      'register',
      'flowers',
      'iris.onnx',
      '--alias',
      'champion',
    ]);
    expect(registered.code).toBe(0);
    const names = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
    await writeCsv(
      join(directory, 'train.csv'),
      rows(200, 0).map((_, index) =>
        Object.fromEntries(
          names.map((name, column) => [name, 1 + ((index * (column + 3)) % 50) / 10]),
        ),
      ),
    );
    const server = await startServe(directory, [
      'flowers@champion',
      '--monitor',
      '--reference',
      'train.csv',
      '--features',
      `input=${names.join(',')}`,
      '--window-rows',
      '20',
      '--json',
    ]);
    for (let request = 0; request < 5; request += 1) {
      const data = Array.from({ length: 40 }, (_, index) => 1 + ((index + request) % 50) / 10);
      expect((await infer(server.url, 'flowers', data)).status).toBe(200);
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('ballast_');
    const run = await server.stop();
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      model: 'flowers',
      version: '1',
      monitor: '.ballast/monitor',
    });
    const files = await readdir(join(directory, '.ballast/monitor'), { recursive: true });
    const windows = files.find(file => file.endsWith('windows.jsonl'));
    expect(windows).toBeDefined();
    const lines = (await readFile(join(directory, '.ballast/monitor', windows as string), 'utf8'))
      .trim()
      .split('\n');
    expect(lines.length).toBeGreaterThan(0);
  });

  it('reports a missing model or reference as one line and exits 3', async () => {
    const directory = await tempDir();
    const missing = await runBallast(directory, ['serve', 'nobody@champion', '--port', '0']);
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    await copyFile(irisModel, join(directory, 'iris.onnx'));
    const noReference = await runBallast(directory, [
      'serve',
      'iris.onnx',
      '--monitor',
      '--port',
      '0',
    ]);
    expect(noReference.code).toBe(3);
    expect(noReference.stderr).toMatch(/^ballast: MISSING_REFERENCE: --monitor needs --reference/);
  });
});
