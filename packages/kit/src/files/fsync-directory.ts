import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';

// Errors by which a platform says "directories cannot be opened or fsynced here" (Windows,
// some network and FUSE file systems). Anything else, ENOENT above all, is a real failure.
const unsupported = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EBADF']);

function isUnsupported(error: unknown): boolean {
  return unsupported.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}

/**
 * Flushes a directory's entry table to disk, so that a file created, renamed or removed in it
 * survives a power loss. Where the platform cannot fsync directories (EISDIR, EINVAL, EPERM,
 * EBADF) it does nothing, which is the best available there; other errors are thrown.
 *
 * @example
 * ```ts
 * await fsyncDirectory('/srv/.ballast/registry');
 * ```
 */
export async function fsyncDirectory(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch (error) {
    if (!isUnsupported(error)) throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Synchronous {@link fsyncDirectory}, for exit handlers and other code that cannot await.
 *
 * @example
 * ```ts
 * fsyncDirectorySync('/srv/.ballast/registry');
 * ```
 */
export function fsyncDirectorySync(path: string): void {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(path, 'r');
    fsyncSync(descriptor);
  } catch (error) {
    if (!isUnsupported(error)) throw error;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}
