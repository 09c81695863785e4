import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDirectory } from './fsync-directory';

/** Options of {@link appendFileDurable}. */
export interface AppendFileDurableOptions {
  /** Fsync the file after writing, and its directory when the file was created (default true). */
  fsync?: boolean;
}

async function openForAppend(path: string) {
  try {
    // 'ax' creates the file and fails if it exists, which tells us whether the directory
    // gained an entry that must be made durable too.
    return { handle: await open(path, 'ax'), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { handle: await open(path, 'a'), created: false };
  }
}

/**
 * Appends to a file (created if missing) in `O_APPEND` mode and fsyncs it before resolving,
 * so appended data that was acknowledged survives a crash; when the file is new, its
 * directory is fsynced too. A process killed mid-write can still leave a partial tail:
 * readers of append-only logs should treat an unterminated last record as torn.
 *
 * @example
 * ```ts
 * await appendFileDurable('events.jsonl', `${JSON.stringify(event)}\n`);
 * ```
 */
export async function appendFileDurable(
  path: string,
  data: string | Uint8Array,
  options: AppendFileDurableOptions = {},
): Promise<void> {
  const sync = options.fsync ?? true;
  const { handle, created } = await openForAppend(path);
  try {
    await handle.appendFile(data);
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
  if (sync && created) await fsyncDirectory(dirname(path));
}
