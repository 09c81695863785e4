import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appendFileDurable, fsyncDirectory } from '@ballast/kit';
import { parseOpenLineageEvent } from '../events/event-schemas';
import {
  emitProcessWarning,
  emitterClosedError,
  type LineageTransport,
  type LineageWarning,
} from './lineage-transport';

/**
 * Where the embedded setup keeps lineage, relative to the working directory.
 *
 * @example
 * ```ts
 * const store = await loadLineageStore({ paths: [DEFAULT_LINEAGE_FILE] });
 * ```
 */
export const DEFAULT_LINEAGE_FILE = '.ballast/lineage/events.jsonl';

/** Options of {@link createFileTransport}. */
export interface FileTransportOptions {
  /** The JSON Lines file to append to (default {@link DEFAULT_LINEAGE_FILE}); folders are created. */
  path?: string;
  /** fsync after every event (default true), so an acknowledged event survives a power cut. */
  fsync?: boolean;
  /** Told when a torn last line was set aside on open (default: a process warning). */
  onWarning?: (warning: LineageWarning) => void;
}

const scanBytes = 64 * 1024;

/**
 * A writer killed in the middle of a line leaves it without its newline; appending after it
 * would glue the next event to the fragment and make the file unloadable. So before the first
 * append, a torn tail is copied to `<path>.torn` (nothing is silently dropped) and cut off.
 * The fragment's `emit` never resolved, so no acknowledged event is lost.
 */
async function recoverTornTail(
  file: FileHandle,
  path: string,
  onWarning: (warning: LineageWarning) => void,
): Promise<void> {
  const { size } = await file.stat();
  if (size === 0) return;
  const last = Buffer.alloc(1);
  await file.read(last, 0, 1, size - 1);
  if (last[0] === 0x0a) return;
  let keep = 0;
  for (let end = size; end > 0 && keep === 0; end -= scanBytes) {
    const start = Math.max(0, end - scanBytes);
    const block = Buffer.alloc(end - start);
    await file.read(block, 0, block.length, start);
    const index = block.lastIndexOf(0x0a);
    if (index !== -1) keep = start + index + 1;
  }
  const torn = Buffer.alloc(size - keep);
  await file.read(torn, 0, torn.length, keep);
  const quarantine = `${path}.torn`;
  await appendFileDurable(quarantine, Buffer.concat([torn, Buffer.from('\n')]));
  await file.truncate(keep);
  await file.sync();
  onWarning({
    code: 'LINEAGE_TORN_LINE_QUARANTINED',
    message: `${path} ended with an incomplete line (${torn.length} bytes, a write cut short by a crash); it was moved to ${quarantine} before appending.`,
    details: { path, quarantine, bytes: torn.length, offset: keep },
  });
}

/**
 * Appends each event as one JSON line, the embedded default that `loadLineageStore` reads
 * back. Writes are serialised in call order, each line is written with a single append and
 * fsynced before `emit` resolves; an invalid event is rejected before anything is written.
 * A torn last line left by a crashed writer is moved to `<path>.torn` when the file is opened
 * (with a warning), so the file stays loadable.
 *
 * @example
 * ```ts
 * const transport = createFileTransport({ path: '.ballast/lineage/events.jsonl' });
 * await transport.emit(event);
 * await transport.close();
 * ```
 */
export function createFileTransport(options: FileTransportOptions = {}): LineageTransport {
  const path = options.path ?? DEFAULT_LINEAGE_FILE;
  const fsync = options.fsync ?? true;
  let handle: Promise<FileHandle> | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;

  const openHandle = () => {
    handle ??= mkdir(dirname(path), { recursive: true })
      .then(async () => {
        // a+: appends, and lets the torn-tail check read and truncate.
        const file = await open(path, 'a+');
        try {
          await recoverTornTail(file, path, options.onWarning ?? emitProcessWarning);
        } catch (error) {
          await file.close();
          throw error;
        }
        // The file may have just been created: make its directory entry durable too.
        if (fsync) await fsyncDirectory(dirname(path));
        return file;
      })
      .catch(error => {
        // Let the next emit try again (for example once the disk is mounted).
        handle = undefined;
        throw error;
      });
    return handle;
  };

  const append = async (line: string) => {
    const file = await openHandle();
    await file.appendFile(line, 'utf8');
    if (fsync) await file.sync();
  };

  return {
    specificationVersion: 'v1',
    name: 'file',
    emit(event) {
      if (closed) return Promise.reject(emitterClosedError('file'));
      let line: string;
      try {
        line = `${JSON.stringify(parseOpenLineageEvent(event))}\n`;
      } catch (error) {
        return Promise.reject(error);
      }
      // Chained so lines land in call order; a failed write does not block later ones.
      const written = tail.then(() => append(line));
      tail = written.catch(() => undefined);
      return written;
    },
    async close() {
      if (closed) return;
      closed = true;
      await tail;
      if (handle) await (await handle).close();
    },
  };
}
