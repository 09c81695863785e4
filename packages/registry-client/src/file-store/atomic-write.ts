import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Flushes a directory entry table to disk, so a rename or new file inside it survives a
 * power loss. Platforms that cannot open directories (Windows) skip it.
 *
 * @example
 * ```ts
 * await fsyncDirectory('/srv/.ballast/registry');
 * ```
 */
export async function fsyncDirectory(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    if (
      !['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')
    ) {
      throw error;
    }
  } finally {
    await handle?.close();
  }
}

/** A temporary sibling path for `target`, unique per call and easy to recognise. */
export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomUUID()}.tmp`);
}

/**
 * Writes `data` to `target` so readers see the old content or the new, never a mix: write a
 * temporary sibling, fsync it, rename it over the target, fsync the directory.
 *
 * @example
 * ```ts
 * await writeFileAtomic('state.json', JSON.stringify(state));
 * ```
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryPathFor(target);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await fsyncDirectory(dirname(target));
}
