import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vitest from 'vitest';
import { UnavailableDependencyError } from '@ballast/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeRegistryConformance } from './conformance/registry-conformance';
import { ArtifactIntegrityError } from './errors/artifact-integrity-error';
import { createFileRegistry, type FileRegistry } from './file-registry';

describeRegistryConformance(
  'file registry',
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'file-registry-'));
    return {
      registry: createFileRegistry({ root }),
      cleanup: () => rm(root, { recursive: true, force: true }),
    };
  },
  vitest,
);

describe('createFileRegistry', () => {
  let root: string;
  let registry: FileRegistry;
  let workspace: string;

  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'file-registry-'));
    root = join(workspace, 'registry');
    registry = createFileRegistry({ root });
    await registry.createRegisteredModel({ name: 'fraud' });
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  async function blobFiles(): Promise<string[]> {
    const directories = await readdir(join(root, 'blobs'));
    const nested = await Promise.all(
      directories.map(directory =>
        readdir(join(root, 'blobs', directory)).catch(() => [] as string[]),
      ),
    );
    return nested.flat().filter(name => /^[0-9a-f]{64}$/.test(name));
  }

  it('stores identical content once, whatever its name or version', async () => {
    await writeFile(join(workspace, 'a.bin'), 'same bytes');
    await writeFile(join(workspace, 'b.bin'), 'same bytes');
    await registry.createModelVersion({ name: 'fraud', artifactPath: join(workspace, 'a.bin') });
    await registry.createModelVersion({ name: 'fraud', artifactPath: join(workspace, 'b.bin') });
    expect(await blobFiles()).toHaveLength(1);
  });

  it('detects a tampered artifact at download and leaves no file behind', async () => {
    await writeFile(join(workspace, 'model.bin'), 'genuine weights');
    const version = await registry.createModelVersion({
      name: 'fraud',
      artifactPath: join(workspace, 'model.bin'),
    });
    const [blob] = await blobFiles();
    await writeFile(join(root, 'blobs', blob!.slice(0, 2), blob!), 'tampered weights');
    const target = join(workspace, 'download');
    const error = await registry
      .downloadArtifacts(version, target)
      .catch((caught: unknown) => caught);
    expect(ArtifactIntegrityError.isInstance(error)).toBe(true);
    expect((error as ArtifactIntegrityError).code).toBe('ARTIFACT_DIGEST_MISMATCH');
    expect((error as ArtifactIntegrityError).details).toMatchObject({
      path: 'model.bin',
      expected: version.artifacts[0]!.sha256,
    });
    expect(await readdir(target)).toEqual([]);
  });

  it('reports a deleted blob as a missing artifact', async () => {
    await writeFile(join(workspace, 'model.bin'), 'weights');
    const version = await registry.createModelVersion({
      name: 'fraud',
      artifactPath: join(workspace, 'model.bin'),
    });
    const [blob] = await blobFiles();
    await rm(join(root, 'blobs', blob!.slice(0, 2), blob!));
    await expect(registry.downloadArtifacts(version, join(workspace, 'out'))).rejects.toMatchObject(
      {
        code: 'ARTIFACT_MISSING',
        details: { path: 'model.bin' },
      },
    );
  });

  it('sees writes made through another instance (another process view) without reopening', async () => {
    const other = createFileRegistry({ root });
    await other.createModelVersion({ name: 'fraud', artifacts: [], source: 's3://bucket/model' });
    expect((await registry.getModelVersion('fraud', '1')).source).toBe('s3://bucket/model');
    await registry.setAlias('fraud', 'champion', '1');
    expect((await other.getModelVersionByAlias('fraud', 'champion')).version).toBe('1');
  });

  it('compacts a long journal without changing what readers see', async () => {
    // A low threshold keeps the test quick; every write is an fsynced append under the lock.
    const registry = createFileRegistry({ root, compactAfterLines: 100 });
    await registry.createModelVersion({
      name: 'fraud',
      artifacts: [],
      source: 's3://bucket/model',
    });
    const reader = createFileRegistry({ root });
    await reader.getModelVersion('fraud', '1');
    for (let index = 0; index < 110; index += 1) {
      await registry.setModelVersionTag('fraud', '1', 'counter', String(index));
    }
    const journal = await readFile(join(root, 'journal.jsonl'), 'utf8');
    expect(journal.split('\n').length).toBeLessThan(60);
    expect((await reader.getModelVersion('fraud', '1')).tags).toEqual({ counter: '109' });
    const next = await reader.createModelVersion({
      name: 'fraud',
      artifacts: [],
      source: 's3://b/2',
    });
    expect(next.version).toBe('2');
  });

  it('reports a corrupted journal line with a typed error naming the byte offset', async () => {
    const journalPath = join(root, 'journal.jsonl');
    const text = await readFile(journalPath, 'utf8');
    await writeFile(journalPath, `${text}{not json}\n`);
    const error = await createFileRegistry({ root })
      .getRegisteredModel('fraud')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'REGISTRY_JOURNAL_CORRUPT',
      details: { offset: Buffer.byteLength(text) },
    });
  });

  it('names the line of a damaged journal entry that is still JSON, with a typed error', async () => {
    const journalPath = join(root, 'journal.jsonl');
    const text = await readFile(journalPath, 'utf8');
    const line = text.split('\n').length; // the line appended below
    for (const damaged of [
      'null',
      '[]',
      '{"ops":5}',
      '{"operations":[]}',
      '{"ops":[{"op":"put-version"}]}',
      '{"ops":[{"op":"rename-everything","name":"fraud"}]}',
      '{"ops":[{"op":"put-model","model":{"name":"fraud","tags":{},"aliases":{"champion":"one"},"createdAt":1,"updatedAt":1,"lastVersion":0}}]}',
    ]) {
      await writeFile(journalPath, `${text}${damaged}\n`);
      const error = await createFileRegistry({ root })
        .getRegisteredModel('fraud')
        .catch((caught: unknown) => caught);
      expect(UnavailableDependencyError.isInstance(error), damaged).toBe(true);
      expect(error).toMatchObject({
        code: 'REGISTRY_JOURNAL_DAMAGED',
        isRetryable: false,
        details: { line, offset: Buffer.byteLength(text) },
      });
      expect((error as Error).message).toContain(`line ${line}`);
    }
    // Deleting the named line is the documented repair; the registry reads again.
    await writeFile(journalPath, text);
    expect((await createFileRegistry({ root }).getRegisteredModel('fraud')).name).toBe('fraud');
  });

  it('reports a damaged journal header as line 1', async () => {
    const journalPath = join(root, 'journal.jsonl');
    const text = await readFile(journalPath, 'utf8');
    await writeFile(journalPath, text.replace(/^[^\n]*/, '{"journal":"ballast.registry"}'));
    await expect(createFileRegistry({ root }).getRegisteredModel('fraud')).rejects.toMatchObject({
      code: 'REGISTRY_JOURNAL_DAMAGED',
      details: { line: 1, offset: 0 },
    });
  });

  it('rejects artifact paths that would escape the download directory', async () => {
    const error = await registry
      .createModelVersion({
        name: 'fraud',
        source: 's3://bucket/model',
        artifacts: [
          { uri: 's3://bucket/x', path: '../../etc/passwd', sha256: 'a'.repeat(64), size: 1 },
        ],
      })
      .catch((caught: unknown) => caught);
    expect((error as { code?: string }).code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('finds tagged versions among 500 from a freshly opened instance', async () => {
    for (let index = 0; index < 500; index += 1) {
      await registry.createModelVersion({
        name: 'fraud',
        artifacts: [],
        source: `s3://bucket/${index}`,
        tags: { shard: String(index % 50) },
      });
    }
    const fresh = createFileRegistry({ root });
    const hits = await fresh.searchModelVersions({ filter: "tags.shard = '7'" }).toArray();
    expect(hits).toHaveLength(10);
    expect(hits[0]!.version).toBe('458');
  });
});
