import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileRegistry } from '@ballast/registry-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballast, type RegistryServer, startRegistryServer } from './registry-server';
import { type SharedModel, shareModel, writeSampleModel } from './share-model';

let work: string;
let server: RegistryServer;
let shared: SharedModel;
let model: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shared-registry-test-'));
  server = await startRegistryServer(join(work, 'store'));
  model = await writeSampleModel(join(work, 'model'));
  shared = await shareModel(server.url, model, join(work, 'serving'));
}, 60_000);
afterAll(async () => {
  if (server.process.exitCode === null) await server.stop();
  await rm(work, { recursive: true, force: true });
});

describe('a registry shared over the MLflow REST API', () => {
  it('serves on loopback', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('resolves the alias another client set, with the artifacts and their digests', async () => {
    expect(shared.resolved.version).toBe(shared.registered.version);
    expect(shared.resolved.aliases).toContain('champion');
    expect(shared.resolved.source).toMatch(/^mlflow-artifacts:\/ballast\/models\/order-review\//);
    expect(shared.resolved.artifacts.map(a => a.path).sort()).toEqual(['README.md', 'model.json']);
    for (const file of ['model.json', 'README.md']) {
      expect(await readFile(join(shared.downloadedTo, file), 'utf8')).toBe(
        await readFile(join(model, file), 'utf8'),
      );
    }
  });

  it('the CLI reads the same version through --mlflow', () => {
    const shown = ballast([
      'registry',
      'show',
      'order-review@champion',
      '--mlflow',
      server.url,
      '--json',
    ]);
    expect(shown.status).toBe(0);
    const version = JSON.parse(shown.stdout);
    expect(version).toMatchObject({
      name: 'order-review',
      version: shared.registered.version,
      runId: 'run-7',
    });
    const missing = ballast(['registry', 'show', 'order-review@nope', '--mlflow', server.url]);
    expect(missing.status).toBe(3);
  });

  it('stops cleanly on SIGTERM, and the embedded store holds what was registered', async () => {
    expect(await server.stop()).toBe(0);
    const store = createFileRegistry({ root: join(work, 'store') });
    const champion = await store.getModelVersionByAlias('order-review', 'champion');
    expect(champion.version).toBe(shared.registered.version);
  });
});
