import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '@ballast/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileRegistry } from '../file-registry';
import { listArtifactFiles } from './artifact-files';

describe('listArtifactFiles and symbolic links', () => {
  let workspace: string;
  let model: string;
  let secret: string;

  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'artifact-files-'));
    model = join(workspace, 'model');
    await mkdir(join(model, 'weights'), { recursive: true });
    await writeFile(join(model, 'weights', 'a.bin'), 'weights');
    secret = join(workspace, 'secret.txt');
    await writeFile(secret, 'not part of the model');
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('follows links that stay inside the artifact directory', async () => {
    await symlink(join(model, 'weights', 'a.bin'), join(model, 'alias.bin'));
    await symlink(join(model, 'weights'), join(model, 'linked'));
    const files = await listArtifactFiles(model);
    expect(files.map(file => file.path)).toEqual(['alias.bin', 'linked/a.bin', 'weights/a.bin']);
  });

  it('refuses a link to a file outside the artifact directory with a typed error', async () => {
    await symlink(secret, join(model, 'weights', 'leak.txt'));
    const error = await listArtifactFiles(model).catch((caught: unknown) => caught);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).details).toMatchObject({
      path: 'weights/leak.txt',
      reason: 'symlink-escape',
    });
  });

  it('refuses a link to a directory outside, and relative links climbing out', async () => {
    await symlink(workspace, join(model, 'up'));
    await expect(listArtifactFiles(model)).rejects.toMatchObject({
      details: { reason: 'symlink-escape' },
    });
    await rm(join(model, 'up'));
    await symlink('../../secret.txt', join(model, 'weights', 'climb.txt'));
    await expect(listArtifactFiles(model)).rejects.toMatchObject({
      details: { reason: 'symlink-escape' },
    });
  });

  it('skips a link back to an enclosing directory instead of looping', async () => {
    await symlink(model, join(model, 'weights', 'loop'));
    const files = await listArtifactFiles(model);
    expect(files.map(file => file.path)).toEqual(['weights/a.bin']);
  });

  it('never copies an outside file into the file registry', async () => {
    await symlink(secret, join(model, 'leak.txt'));
    const root = join(workspace, 'registry');
    const registry = createFileRegistry({ root });
    await registry.createRegisteredModel({ name: 'fraud' });
    await expect(
      registry.createModelVersion({ name: 'fraud', artifactPath: model }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
    expect(await readdir(root)).not.toContain('blobs');
    expect(await registry.searchModelVersions().toArray()).toEqual([]);
  });
});
