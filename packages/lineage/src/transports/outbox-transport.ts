import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BallastError, ConflictError, TimeoutError } from '@ballast/contracts';
import {
  acquireFileLock,
  backoffDelay,
  type FileLock,
  fsyncDirectory,
  sleep,
  writeFileAtomic,
} from '@ballast/kit';
import { type OpenLineageEvent, parseOpenLineageEvent } from '../events/event-schemas';
import {
  emitProcessWarning,
  emitterClosedError,
  type LineageTransport,
  type LineageWarning,
} from './lineage-transport';
import { kitBackoffOptions, type RetryOptions, resolveRetryOptions } from './retry-policy';

/** Options of {@link createOutboxTransport}. */
export interface OutboxTransportOptions {
  /**
   * Folder holding `pending/` (not yet acknowledged), `rejected/` (refused with a 4xx) and
   * `quarantine/` (damaged pending files set aside at start).
   */
  directory: string;
  /** The transport events are delivered through, usually {@link createHttpTransport}. */
  transport: LineageTransport;
  /**
   * Backoff between delivery rounds while the receiver is unavailable (default: 500 ms
   * doubling up to 30 s, with jitter). The outbox never gives up on a retryable failure.
   */
  retry?: Omit<RetryOptions, 'maxAttempts'>;
  /** How long `close()` keeps delivering before leaving the rest on disk (default 5000 ms). */
  closeTimeoutMs?: number;
  /** Called after each failed delivery round, for logs and metrics. */
  onDeliveryError?: (error: unknown, event: OpenLineageEvent) => void;
  /** Told when a damaged pending file was moved to `quarantine/` (default: a process warning). */
  onWarning?: (warning: LineageWarning) => void;
}

/** The outbox, with its extra controls. */
export interface OutboxTransport extends LineageTransport {
  /** Resolves when every event emitted so far is delivered; `TimeoutError` after `timeoutMs`. */
  flush(timeoutMs?: number): Promise<void>;
  /** Number of events stored but not yet acknowledged. */
  pendingCount(): number;
  /** Events the receiver refused with a non-retryable error, kept under `rejected/`. */
  rejected(): Promise<OpenLineageEvent[]>;
}

interface Entry {
  sequence: number;
  file: string;
  event: OpenLineageEvent;
  stored: Promise<void>;
}

const sequenceDigits = 16;
const fileName = (sequence: number) => `${String(sequence).padStart(sequenceDigits, '0')}.json`;

const storedName = /^(\d+)\.json$/;

/**
 * Reads what a previous outbox left: pending events in sequence order (temporary files of
 * writes that never completed are removed; emit() never resolved for them), and the next free
 * sequence number, above everything pending, rejected or quarantined so names never collide.
 * A pending file that cannot be read or is not a valid event (empty, garbage, a folder) moves
 * to `quarantine/` with a warning: one damaged file must not keep the outbox from starting.
 */
async function loadPending(
  directories: { pending: string; rejected: string; quarantine: string },
  onWarning: (warning: LineageWarning) => void,
): Promise<{ queue: Entry[]; nextSequence: number }> {
  const queue: Entry[] = [];
  let nextSequence = 0;
  for (const name of (await readdir(directories.pending)).sort()) {
    const path = join(directories.pending, name);
    if (name.endsWith('.tmp')) {
      await rm(path, { force: true, recursive: true });
      continue;
    }
    const match = storedName.exec(name);
    if (!match) continue;
    const sequence = Number.parseInt(match[1]!, 10);
    nextSequence = Math.max(nextSequence, sequence + 1);
    let event: OpenLineageEvent;
    try {
      event = JSON.parse(await readFile(path, 'utf8')) as OpenLineageEvent;
      // Validated, but the parsed JSON is kept as stored: it is resent unchanged.
      parseOpenLineageEvent(event);
    } catch (error) {
      await quarantine(path, join(directories.quarantine, name), error, onWarning);
      continue;
    }
    queue.push({ sequence, file: path, event, stored: Promise.resolve() });
  }
  for (const folder of [directories.rejected, directories.quarantine]) {
    for (const name of await readdir(folder)) {
      const match = storedName.exec(name);
      if (match) nextSequence = Math.max(nextSequence, Number.parseInt(match[1]!, 10) + 1);
    }
  }
  return { queue, nextSequence };
}

async function quarantine(
  from: string,
  to: string,
  error: unknown,
  onWarning: (warning: LineageWarning) => void,
): Promise<void> {
  const reason = error instanceof Error ? error.message : String(error);
  try {
    await rename(from, to);
  } catch (renameError) {
    // Could not even move it: leave it, skip it, and say so; the outbox still starts.
    onWarning({
      code: 'OUTBOX_FILE_SKIPPED',
      message: `${from} is not a readable lineage event (${reason}) and could not be moved aside (${(renameError as Error).message}); it is skipped.`,
      details: { path: from, reason },
    });
    return;
  }
  onWarning({
    code: 'OUTBOX_FILE_QUARANTINED',
    message: `${from} is not a readable lineage event (${reason}); moved to ${to}. Inspect it, and delete it or move it back once repaired.`,
    details: { path: from, quarantine: to, reason },
  });
}

/**
 * Takes the outbox's lock without waiting: a second outbox on the folder fails at once. The
 * lock is kit's, which names its owner atomically and breaks it only when that process is gone.
 */
async function lockOutbox(path: string): Promise<FileLock> {
  try {
    return await acquireFileLock(path, { timeoutMs: 0 });
  } catch (error) {
    if (!(TimeoutError.isInstance(error) && error.code === 'LOCK_TIMEOUT')) throw error;
    const holder = error.details?.['holder'] as { pid?: number } | undefined;
    throw new ConflictError({
      code: 'DIRECTORY_LOCKED',
      message:
        holder?.pid === undefined
          ? `${path} exists but names no owner this version can read (an older Ballast?); only one outbox may use the folder at a time. If no outbox runs, delete the file.`
          : `${path} is held by process ${holder.pid}${holder.pid === process.pid ? ' (this one)' : ''}; only one outbox may use the folder at a time. Close the other one first.`,
      details: { path, ...(holder?.pid === undefined ? {} : { pid: holder.pid }) },
      cause: error,
    });
  }
}

/**
 * A durable outbox in front of another transport (normally HTTP). `emit` writes the event to
 * `<directory>/pending/<sequence>.json` (fsync + atomic rename) and resolves; a single
 * background loop delivers events strictly in emit order, deleting each file only after the
 * inner transport succeeded (a 2xx). While the receiver is down, events wait on disk and are
 * retried with backoff, forever; events refused with a non-retryable error (a 4xx) move to
 * `rejected/`. A new outbox on the same folder resends what is pending, in order, so events
 * survive restarts. The stored bytes are resent unchanged, so a receiver that deduplicates on
 * `(run id, event type, event time)` sees each event once even when an acknowledgement was
 * lost. A lock file (`outbox.lock`, naming its owner) keeps a second outbox off the folder
 * (`ConflictError` `DIRECTORY_LOCKED`); a lock left by a crashed process is taken over.
 *
 * @example
 * ```ts
 * const emitter = await createOutboxTransport({
 *   directory: '.ballast/lineage/outbox',
 *   transport: createHttpTransport({ url: 'http://marquez:5000', retry: { maxAttempts: 1 } }),
 * });
 * await emitter.emit(event); // on disk now, delivered in the background
 * await emitter.close();     // delivers what it can in 5 s, keeps the rest for next start
 * ```
 */
export async function createOutboxTransport(
  options: OutboxTransportOptions,
): Promise<OutboxTransport> {
  const pendingDirectory = join(options.directory, 'pending');
  const rejectedDirectory = join(options.directory, 'rejected');
  const quarantineDirectory = join(options.directory, 'quarantine');
  await mkdir(pendingDirectory, { recursive: true });
  await mkdir(rejectedDirectory, { recursive: true });
  await mkdir(quarantineDirectory, { recursive: true });
  const lock = await lockOutbox(join(options.directory, 'outbox.lock'));
  const releaseLock = () => lock.release();
  const backoff = kitBackoffOptions(
    resolveRetryOptions({ initialDelayMs: 500, maxDelayMs: 30_000, ...options.retry }),
  );
  const closeTimeoutMs = options.closeTimeoutMs ?? 5000;

  let queue: Entry[];
  let nextSequence: number;
  try {
    ({ queue, nextSequence } = await loadPending(
      { pending: pendingDirectory, rejected: rejectedDirectory, quarantine: quarantineDirectory },
      options.onWarning ?? emitProcessWarning,
    ));
  } catch (error) {
    await releaseLock();
    throw error;
  }

  let closed = false;
  const stop = new AbortController();
  let loop: Promise<void> | undefined;
  const idleWaiters = new Set<() => void>();

  const notifyIdle = () => {
    if (queue.length > 0) return;
    for (const resolve of idleWaiters) resolve();
    idleWaiters.clear();
  };

  const deliverHead = async (): Promise<void> => {
    let failures = 0;
    while (queue.length > 0 && !stop.signal.aborted) {
      const entry = queue[0]!;
      try {
        await entry.stored;
      } catch {
        // The write failed and emit() rejected: the caller knows, nothing to deliver.
        queue.shift();
        continue;
      }
      try {
        await options.transport.emit(entry.event);
      } catch (error) {
        // Closing cut the delivery short: the event stays pending for the next start.
        if (stop.signal.aborted) break;
        if (BallastError.isInstance(error) && !error.isRetryable) {
          await writeFile(
            join(rejectedDirectory, fileName(entry.sequence).replace('.json', '.reason.json')),
            JSON.stringify({ code: error.code, message: error.message, details: error.details }),
          );
          await rename(entry.file, join(rejectedDirectory, fileName(entry.sequence)));
          queue.shift();
          failures = 0;
          continue;
        }
        options.onDeliveryError?.(error, entry.event);
        failures += 1;
        // Aborted by close(): the loop condition ends the round.
        await sleep(backoffDelay(failures, backoff), stop.signal).catch(() => undefined);
        continue;
      }
      failures = 0;
      await rm(entry.file, { force: true });
      queue.shift();
    }
    await fsyncDirectory(pendingDirectory);
  };

  const kick = () => {
    if (loop || stop.signal.aborted) return;
    loop = deliverHead().finally(() => {
      loop = undefined;
      notifyIdle();
      // An emit may have arrived while the loop was finishing.
      if (queue.length > 0 && !stop.signal.aborted) kick();
    });
  };

  const flush = (timeoutMs = 30_000): Promise<void> => {
    if (queue.length === 0) return Promise.resolve();
    kick();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        idleWaiters.delete(done);
        reject(
          new TimeoutError({
            code: 'OUTBOX_FLUSH_TIMEOUT',
            message: `${queue.length} lineage event(s) still pending after ${timeoutMs} ms; they stay in ${pendingDirectory} and are retried.`,
            details: { pending: queue.length, directory: pendingDirectory },
          }),
        );
      }, timeoutMs);
      idleWaiters.add(done);
    });
  };

  kick();

  return {
    specificationVersion: 'v1',
    name: `outbox(${options.transport.name})`,
    emit(event) {
      if (closed) return Promise.reject(emitterClosedError('outbox'));
      let body: string;
      try {
        body = JSON.stringify(parseOpenLineageEvent(event));
      } catch (error) {
        return Promise.reject(error);
      }
      // The sequence is taken synchronously, so the delivery order is the call order.
      const sequence = nextSequence;
      nextSequence += 1;
      const file = join(pendingDirectory, fileName(sequence));
      const stored = writeFileAtomic(file, body);
      queue.push({ sequence, file, event: JSON.parse(body), stored });
      return stored.then(() => kick());
    },
    flush,
    pendingCount: () => queue.length,
    async rejected() {
      const names = (await readdir(rejectedDirectory)).filter(name => storedName.test(name));
      return Promise.all(
        names
          .sort()
          .map(
            async name =>
              JSON.parse(await readFile(join(rejectedDirectory, name), 'utf8')) as OpenLineageEvent,
          ),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await flush(closeTimeoutMs).catch(() => undefined);
      stop.abort();
      await Promise.all([options.transport.close(), loop]);
      await releaseLock();
    },
  };
}
