import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from './durable-files';
import { parseOpenLineageEvent } from './events';
import { emitterClosedError, type LineageTransport } from './lineage-transport';

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
}

/**
 * Appends each event as one JSON line, the embedded default that `loadLineageStore` reads
 * back. Writes are serialised in call order, each line is written with a single append and
 * fsynced before `emit` resolves; an invalid event is rejected before anything is written.
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
        const file = await open(path, 'a');
        // The file may have just been created: make its directory entry durable too.
        if (fsync) await syncDirectory(dirname(path));
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
