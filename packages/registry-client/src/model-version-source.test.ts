import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ModelVersion, NotFoundError } from '@ballast/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFileRegistry, type FileRegistry } from './file-registry';
import { asModelVersionSource } from './model-version-source';

describe('asModelVersionSource', () => {
  let workspace: string;
  let registry: FileRegistry;

  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'model-version-source-'));
    registry = createFileRegistry({ root: join(workspace, 'registry') });
    await registry.createRegisteredModel({ name: 'fraud' });
    await writeFile(join(workspace, 'model.bin'), 'weights');
    for (let index = 0; index < 3; index += 1) {
      await registry.createModelVersion({
        name: 'fraud',
        artifactPath: join(workspace, 'model.bin'),
      });
    }
    await registry.setAlias('fraud', 'champion', '1');
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('resolves by version, by alias, and to the latest version when given neither', async () => {
    const source = asModelVersionSource(registry);
    expect(source.specificationVersion).toBe('v1');
    expect((await source.resolve({ name: 'fraud', version: '2', alias: 'champion' })).version).toBe(
      '2',
    );
    expect((await source.resolve({ name: 'fraud', alias: 'champion' })).version).toBe('1');
    expect((await source.resolve({ name: 'fraud' })).version).toBe('3');
    await registry.createRegisteredModel({ name: 'empty' });
    await expect(source.resolve({ name: 'empty' })).rejects.toSatisfy(NotFoundError.isInstance);
  });

  it('fetches artifacts with verified digests', async () => {
    const source = asModelVersionSource(registry);
    const version = await source.resolve({ name: 'fraud', alias: 'champion' });
    const fetched = await source.fetchArtifacts(version, join(workspace, 'out'));
    expect(await readFile(join(fetched.directory, 'model.bin'), 'utf8')).toBe('weights');
  });

  it('calls onChange once when champion moves, and stops on abort', async () => {
    const source = asModelVersionSource(registry);
    const changes: ModelVersion[] = [];
    const controller = new AbortController();
    source.watch({ name: 'fraud', alias: 'champion' }, version => changes.push(version), {
      intervalMs: 10,
      signal: controller.signal,
    });
    // Let a few polls see the unchanged alias (the baseline) first.
    await new Promise(resolve => setTimeout(resolve, 60));
    expect(changes).toHaveLength(0);
    await registry.setAlias('fraud', 'champion', '3');
    await vi.waitFor(() => expect(changes).toHaveLength(1), { timeout: 5000, interval: 10 });
    await new Promise(resolve => setTimeout(resolve, 60));
    expect(changes.map(version => version.version)).toEqual(['3']);
    controller.abort();
    await registry.setAlias('fraud', 'champion', '2');
    await new Promise(resolve => setTimeout(resolve, 60));
    expect(changes).toHaveLength(1);
  });

  it('reports poll failures to onError and keeps watching', async () => {
    const source = asModelVersionSource(registry);
    const errors: unknown[] = [];
    const changes: string[] = [];
    const handle = source.watch(
      { name: 'fraud', alias: 'canary' },
      version => changes.push(version.version),
      {
        intervalMs: 10,
        onError: error => errors.push(error),
      },
    );
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), {
      timeout: 5000,
      interval: 10,
    });
    expect(NotFoundError.isInstance(errors[0])).toBe(true);
    await registry.setAlias('fraud', 'canary', '2');
    await vi.waitFor(() => expect(changes).toEqual(['2']), { timeout: 5000, interval: 10 });
    handle.close();
  });
});
