import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMlflowRegistry } from '@ballast/registry-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseModelSelector } from '../shared/open-registry';
import { runBallast, tempDir } from '../testing/cli-harness';

let directory: string;

beforeAll(async () => {
  directory = await tempDir();
  await mkdir(join(directory, 'model'));
  await writeFile(join(directory, 'model/model.onnx'), 'not really onnx');
  await writeFile(join(directory, 'model/config.json'), '{"threshold":0.5}');
});

describe('ballast registry', () => {
  it('registers, lists, shows, aliases and downloads with the embedded store', async () => {
    const first = await runBallast(directory, [
      'registry',
      'register',
      'fraud',
      'model',
      '--tag',
      'framework=onnx',
      '--alias',
      'champion',
    ]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('Registered fraud version 1 (2 artifacts) as champion\n');
    const second = await runBallast(directory, [
      'registry',
      'register',
      'fraud',
      'model/model.onnx',
      '--json',
    ]);
    expect(JSON.parse(second.stdout)).toMatchObject({ name: 'fraud', version: '2' });
    const models = await runBallast(directory, ['registry', 'list']);
    expect(models.stdout).toMatch(/fraud\s+champion=1/);
    const versions = await runBallast(directory, ['registry', 'list', 'fraud', '--json']);
    expect(JSON.parse(versions.stdout).map((v: { version: string }) => v.version)).toEqual([
      '2',
      '1',
    ]);
    const shown = await runBallast(directory, ['registry', 'show', 'fraud@champion']);
    expect(shown.stdout).toMatch(/^fraud version 1\n/);
    expect(shown.stdout).toContain('tag:       framework=onnx');
    const latest = await runBallast(directory, ['registry', 'show', 'fraud', '--json']);
    expect(JSON.parse(latest.stdout).version).toBe('2');
    const alias = await runBallast(directory, ['registry', 'alias', 'fraud', 'champion', '2']);
    expect(alias.stdout).toBe('fraud@champion -> version 2\n');
    const download = await runBallast(directory, ['registry', 'download', 'fraud/1', 'out']);
    expect(download.stdout).toMatch(
      /^Downloaded fraud version 1 \(2 artifacts, sha256 verified\) to out/,
    );
    expect(await readFile(join(directory, 'out/config.json'), 'utf8')).toBe('{"threshold":0.5}');
    const removed = await runBallast(directory, [
      'registry',
      'alias',
      'fraud',
      'champion',
      '--delete',
    ]);
    expect(removed.code).toBe(0);
  });

  it('reports an unknown model or alias as one line and exits 3', async () => {
    const run = await runBallast(directory, ['registry', 'show', 'nobody@champion']);
    expect(run.code).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^ballast: [A-Z_]+: /);
    const usage = await runBallast(directory, ['registry', 'alias', 'fraud', 'x']);
    expect(usage.stderr).toMatch(/^ballast: USAGE: .*needs a version/);
  });

  it('serves the store over the MLflow API until shut down, and --mlflow reads it', async () => {
    let stop: (value?: unknown) => void = () => {};
    const shutdownSignal = new Promise(resolve => {
      stop = resolve;
    });
    let url = '';
    const listening = new Promise<void>(resolve => {
      void runBallast(directory, ['registry', 'serve', '--port', '0'], {
        shutdownSignal,
        onListening: value => {
          url = value;
          resolve();
        },
      }).then(run => {
        served = run;
      });
    });
    let served: { code: number; stdout: string } | undefined;
    await listening;
    const client = createMlflowRegistry({ trackingUri: url, retries: 0 });
    expect((await client.getModelVersion('fraud', '1')).version).toBe('1');
    const viaCli = await runBallast(directory, ['registry', 'list', '--mlflow', url, '--json']);
    expect(viaCli.stderr).toBe('');
    expect(JSON.parse(viaCli.stdout).map((m: { name: string }) => m.name)).toEqual(['fraud']);
    stop();
    await expect.poll(() => served?.code).toBe(0);
    expect(served?.stdout).toMatch(/^MLflow-compatible registry API on http:\/\/127\.0\.0\.1:\d+/);
  });
});

describe('parseModelSelector', () => {
  it('reads name@alias, name/version, the models:/ forms and a bare name', () => {
    expect(parseModelSelector('fraud@champion')).toEqual({ name: 'fraud', alias: 'champion' });
    expect(parseModelSelector('models:/fraud/3')).toEqual({ name: 'fraud', version: '3' });
    expect(parseModelSelector('models:/fraud@prod')).toEqual({ name: 'fraud', alias: 'prod' });
    expect(parseModelSelector('team/fraud')).toEqual({ name: 'team/fraud' });
    expect(() => parseModelSelector('@x')).toThrow(/does not name a model/);
  });
});
