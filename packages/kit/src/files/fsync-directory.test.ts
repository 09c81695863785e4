import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Platforms that cannot fsync a directory are simulated by failing open() for one marker path.
const failure = vi.hoisted(() => ({ code: undefined as string | undefined }));
const marker = 'simulated-platform-dir';

vi.mock('node:fs/promises', async importOriginal => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open = (async (path: string, ...rest: unknown[]) => {
    if (failure.code && String(path).endsWith(marker)) {
      throw Object.assign(new Error(`simulated ${failure.code}`), { code: failure.code });
    }
    return (actual.open as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof actual.open;
  return { ...actual, open, default: { ...actual, open } };
});
vi.mock('node:fs', async importOriginal => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const openSync = ((path: string, ...rest: unknown[]) => {
    if (failure.code && String(path).endsWith(marker)) {
      throw Object.assign(new Error(`simulated ${failure.code}`), { code: failure.code });
    }
    return (actual.openSync as (...args: unknown[]) => number)(path, ...rest);
  }) as typeof actual.openSync;
  return { ...actual, openSync, default: { ...actual, openSync } };
});

const { fsyncDirectory, fsyncDirectorySync } = await import('./fsync-directory');

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kit-fsync-'));
  failure.code = undefined;
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('fsyncDirectory', () => {
  it('syncs a real directory', async () => {
    await expect(fsyncDirectory(directory)).resolves.toBeUndefined();
    expect(() => fsyncDirectorySync(directory)).not.toThrow();
  });

  it.each(['EISDIR', 'EINVAL', 'EPERM', 'EBADF'])(
    'does nothing where the platform answers %s',
    async code => {
      failure.code = code;
      await expect(fsyncDirectory(join(directory, marker))).resolves.toBeUndefined();
      expect(() => fsyncDirectorySync(join(directory, marker))).not.toThrow();
    },
  );

  it('throws real failures such as a missing directory or EIO', async () => {
    await expect(fsyncDirectory(join(directory, 'missing'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(() => fsyncDirectorySync(join(directory, 'missing'))).toThrow(/ENOENT/);
    failure.code = 'EIO';
    await expect(fsyncDirectory(join(directory, marker))).rejects.toMatchObject({ code: 'EIO' });
    expect(() => fsyncDirectorySync(join(directory, marker))).toThrow(/EIO/);
  });
});
