import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDirectory, fsyncDirectorySync } from './fsync-directory';
import { uniqueTempPath } from './unique-temp-path';

/** Options of {@link writeFileAtomic} and {@link writeFileAtomicSync}. */
export interface WriteFileAtomicOptions {
  /** File mode of the new file, set exactly (not reduced by the umask). Default: 0o666 less the umask. */
  mode?: number;
  /** Fsync the file before the rename and the directory after it (default true); false keeps only atomicity. */
  fsync?: boolean;
}

/**
 * Replaces a file so that readers, and the file system after a crash, see either the old
 * content or the new, never a mix or an empty file: write a uniquely named temporary sibling,
 * fsync it, rename it over `path`, then fsync the directory so the rename itself is durable.
 * On failure the temporary file is removed and `path` is left as it was.
 *
 * @example
 * ```ts
 * await writeFileAtomic('state.json', JSON.stringify(state));
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const sync = options.fsync ?? true;
  const temporary = uniqueTempPath(path);
  try {
    const handle = await open(temporary, 'wx', options.mode);
    try {
      if (options.mode !== undefined) await handle.chmod(options.mode);
      await handle.writeFile(data);
      if (sync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  if (sync) await fsyncDirectory(dirname(path));
}

/**
 * Synchronous {@link writeFileAtomic}: same steps, same guarantees.
 *
 * @example
 * ```ts
 * writeFileAtomicSync('state.json', JSON.stringify(state));
 * ```
 */
export function writeFileAtomicSync(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): void {
  const sync = options.fsync ?? true;
  const temporary = uniqueTempPath(path);
  try {
    const descriptor = openSync(temporary, 'wx', options.mode);
    try {
      if (options.mode !== undefined) fchmodSync(descriptor, options.mode);
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let offset = 0;
      while (offset < bytes.byteLength) {
        offset += writeSync(descriptor, bytes, offset, bytes.byteLength - offset);
      }
      if (sync) fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  if (sync) fsyncDirectorySync(dirname(path));
}
