import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import {
  ConflictError,
  NotFoundError,
  type PolicyDecision,
  parsePolicyDecision,
  TimeoutError,
} from '@ballast/contracts';
import { appendFileDurable, sha256Of, withFileLock } from '@ballast/kit';

/** `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** One line of a decision log. */
export interface DecisionLogEntry {
  /** 1-based position in the chain. */
  seq: number;
  /** When the entry was appended. */
  recordedAt: string;
  /** `hash` of the previous entry, or {@link GENESIS_HASH}. */
  prevHash: string;
  /** sha256 of the canonical JSON of every other field of the entry. */
  hash: string;
  /** The decision recorded. */
  decision: PolicyDecision;
}

/** Options of {@link appendDecision}. */
export interface AppendDecisionOptions {
  /** Clock for `recordedAt`. Default: now. */
  now?: () => Date;
  /** How long to wait for another writer's lock. Default 5000 ms. */
  lockTimeoutMs?: number;
  /**
   * Ignored. A lock is no longer judged by age: it is taken over as soon as its holder's
   * process is gone, and a live holder's lock is never broken.
   * @deprecated Has no effect; remove it.
   */
  staleLockMs?: number;
}

/**
 * Computes an entry's hash: sha256 of the canonical JSON of every field but `hash` itself, so
 * a field added to a line later breaks verification as an edit does.
 *
 * @example
 * ```ts
 * decisionLogEntryHash(entry) === entry.hash; // true for an untouched entry
 * ```
 */
export function decisionLogEntryHash(
  entry: Omit<DecisionLogEntry, 'hash'> & { hash?: string },
): string {
  const { hash: _hash, ...covered } = entry;
  return sha256Of(covered);
}

/** Runs `fn` under the log's lock, keeping this package's `DECISION_LOG_LOCKED` timeout code. */
async function withLogLock<T>(path: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const lockPath = `${path}.lock`;
  try {
    return await withFileLock(lockPath, fn, { timeoutMs });
  } catch (error) {
    if (TimeoutError.isInstance(error) && error.code === 'LOCK_TIMEOUT') {
      throw new TimeoutError({
        code: 'DECISION_LOG_LOCKED',
        message: `Timed out after ${timeoutMs} ms waiting for the decision log lock: ${error.message}`,
        details: { ...error.details, path: lockPath },
        cause: error,
      });
    }
    throw error;
  }
}

/** Reads the last line of a file backwards in chunks; `torn` when the file does not end in a newline. */
async function readLastLine(handle: FileHandle): Promise<{ line?: string; torn: boolean }> {
  const { size } = await handle.stat();
  if (size === 0) return { torn: false };
  const chunks: Buffer[] = [];
  let position = size;
  let first = true;
  while (position > 0) {
    const length = Math.min(65_536, position);
    position -= length;
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, position);
    if (first && buffer[length - 1] !== 0x0a) return { torn: true };
    const scanFrom = first ? length - 2 : length - 1;
    first = false;
    const newline = buffer.lastIndexOf(0x0a, scanFrom);
    if (newline >= 0) {
      chunks.unshift(buffer.subarray(newline + 1));
      break;
    }
    chunks.unshift(buffer);
  }
  return { line: Buffer.concat(chunks).toString('utf8').replace(/\n$/, ''), torn: false };
}

/**
 * The position and hash of a log's last entry. Kept outside the log (see
 * {@link readDecisionLogHead}), it lets {@link verifyDecisionLog} detect entries cut from the
 * end and a last entry rewritten with a recomputed hash, which the chain alone cannot show.
 */
export interface DecisionLogHead {
  /** `seq` of the last entry; 0 for an empty log. */
  sequence: number;
  /** `hash` of the last entry; {@link GENESIS_HASH} for an empty log. */
  hash: string;
}

const emptyHead: DecisionLogHead = { sequence: 0, hash: GENESIS_HASH };

/** The head of an open log, from its last line; refuses a torn or self-inconsistent tail. */
async function headOf(handle: FileHandle, path: string): Promise<DecisionLogHead> {
  const { line, torn } = await readLastLine(handle);
  if (torn) {
    throw new ConflictError({
      code: 'DECISION_LOG_TORN',
      message: `The last line of ${path} is incomplete (an interrupted write?); run verifyDecisionLog and repair the log before appending.`,
      details: { path },
    });
  }
  if (line === undefined) return emptyHead;
  const last = parseEntry(line);
  if (!last || decisionLogEntryHash(last) !== last.hash) {
    throw new ConflictError({
      code: 'DECISION_LOG_TAMPERED',
      message: `The last entry of ${path} does not match its hash; run verifyDecisionLog before appending.`,
      details: { path },
    });
  }
  return { sequence: last.seq, hash: last.hash };
}

/** Opens a log for reading; undefined when it does not exist yet. */
async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Reads the head of a decision log (`{ sequence, hash }` of its last entry) without verifying
 * the whole chain. Record it somewhere the log's writers cannot rewrite (a CI artifact, a
 * commit, a ticket, another host) and pass it later as `verifyDecisionLog`'s `expectedHead`.
 * A missing log is `NotFoundError`; a torn or tampered last line is `ConflictError`.
 *
 * @example
 * ```ts
 * const head = await readDecisionLogHead('.ballast/decisions.jsonl');
 * await writeFile('anchors/decisions-head.json', JSON.stringify(head));
 * ```
 */
export async function readDecisionLogHead(path: string): Promise<DecisionLogHead> {
  const handle = await openIfExists(path);
  if (!handle) {
    throw new NotFoundError({
      code: 'FILE_NOT_FOUND',
      message: `No decision log at ${path}.`,
      details: { path },
    });
  }
  try {
    return await headOf(handle, path);
  } finally {
    await handle.close();
  }
}

/**
 * Appends a decision to a JSONL decision log, hash-chained to the previous entry. The write
 * is one durable `O_APPEND` write (file fsynced, and its directory when the log is new) under
 * an exclusive lock file (`<path>.lock`, `@ballast/kit`'s file lock), so concurrent writers,
 * in this or other processes, never interleave or fork the chain. A writer that dies while
 * holding the lock does not block the next one; a live holder's lock is never broken.
 * Refuses (`ConflictError`) to extend a log whose last line is torn or fails its own hash.
 *
 * @example
 * ```ts
 * const entry = await appendDecision('.ballast/decisions.jsonl', decision);
 * console.log(entry.seq, entry.hash);
 * ```
 */
export async function appendDecision(
  path: string,
  decision: PolicyDecision,
  options: AppendDecisionOptions = {},
): Promise<DecisionLogEntry> {
  const valid = parsePolicyDecision(decision);
  // The log's folder is created on first use, as `.ballast/` defaults are everywhere else.
  await mkdir(dirname(path), { recursive: true });
  return withLogLock(path, options.lockTimeoutMs ?? 5000, async () => {
    const handle = await openIfExists(path);
    let head = emptyHead;
    if (handle) {
      try {
        head = await headOf(handle, path);
      } finally {
        await handle.close();
      }
    }
    const recordedAt = (options.now?.() ?? new Date()).toISOString();
    const unsigned = { seq: head.sequence + 1, recordedAt, prevHash: head.hash, decision: valid };
    const entry: DecisionLogEntry = { ...unsigned, hash: decisionLogEntryHash(unsigned) };
    await appendFileDurable(path, `${JSON.stringify(entry)}\n`);
    return entry;
  });
}

function parseEntry(line: string): DecisionLogEntry | undefined {
  try {
    const value = JSON.parse(line) as DecisionLogEntry;
    if (
      typeof value !== 'object' ||
      value === null ||
      !Number.isInteger(value.seq) ||
      typeof value.hash !== 'string' ||
      typeof value.prevHash !== 'string' ||
      typeof value.recordedAt !== 'string'
    ) {
      return undefined;
    }
    return value;
  } catch {
    return undefined;
  }
}

/** Problems {@link verifyDecisionLog} can find. */
export type DecisionLogProblem =
  | 'LINE_UNPARSABLE'
  | 'HASH_MISMATCH'
  | 'CHAIN_BROKEN'
  | 'SEQUENCE_GAP'
  | 'DECISION_INVALID'
  | 'TORN_LINE'
  | 'HEAD_MISMATCH';

/** The result of {@link verifyDecisionLog}. */
export interface DecisionLogVerification {
  /** True when every entry checked out (and the expected head matched, if given). */
  valid: boolean;
  /** Entries read and verified before the first problem. */
  entries: number;
  /** `hash` of the last valid entry; keep it elsewhere to detect truncation later. */
  head: string;
  /** 1-based line number of the first bad line. */
  firstInvalidLine?: number;
  /** What was wrong with the first bad line. */
  problem?: DecisionLogProblem;
  /** A one-line summary, naming the line when the log is invalid. */
  message: string;
}

/** Options of {@link verifyDecisionLog}. */
export interface VerifyDecisionLogOptions {
  /**
   * A head recorded outside the log earlier. A `{ sequence, hash }` (from
   * {@link readDecisionLogHead} or an appended entry) must still be in the chain: the log may
   * have grown since, but that entry must exist with that hash. A bare hash string must be the
   * log's current last hash.
   */
  expectedHead?: string | DecisionLogHead;
}

/**
 * Re-reads a decision log and checks every entry: valid JSON, a valid PolicyDecision, its own
 * hash, the link to the previous entry and the sequence number. Reports the first bad line:
 * an edited line fails its hash; a removed, inserted or reordered line breaks the chain at the
 * line after the change; a field added to a line fails its hash. Removing lines from the end,
 * or rewriting the last entry and recomputing its hash, is only detectable against a head kept
 * outside the log (`expectedHead`, see {@link readDecisionLogHead}).
 *
 * @example
 * ```ts
 * const report = await verifyDecisionLog('.ballast/decisions.jsonl');
 * if (!report.valid) throw new Error(`line ${report.firstInvalidLine}: ${report.message}`);
 * ```
 */
export async function verifyDecisionLog(
  path: string,
  options: VerifyDecisionLogOptions = {},
): Promise<DecisionLogVerification> {
  const size = await stat(path).then(
    info => info.size,
    cause => {
      throw new NotFoundError({
        code: 'FILE_NOT_FOUND',
        message: `No decision log at ${path}.`,
        details: { path },
        cause,
      });
    },
  );
  let entries = 0;
  let head = GENESIS_HASH;
  let lineNumber = 0;
  const anchor = typeof options.expectedHead === 'object' ? options.expectedHead : undefined;
  let hashAtAnchor: string | undefined = anchor?.sequence === 0 ? GENESIS_HASH : undefined;
  const fail = (problem: DecisionLogProblem, message: string): DecisionLogVerification => ({
    valid: false,
    entries,
    head,
    firstInvalidLine: lineNumber,
    problem,
    message: `line ${lineNumber}: ${message}`,
  });
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  try {
    for await (const line of lines) {
      lineNumber += 1;
      const entry = parseEntry(line);
      if (!entry) return fail('LINE_UNPARSABLE', 'not a decision log entry');
      if (entry.prevHash !== head) {
        return fail(
          'CHAIN_BROKEN',
          'prevHash does not match the previous entry (a line was removed, inserted or reordered)',
        );
      }
      if (entry.seq !== entries + 1) {
        return fail('SEQUENCE_GAP', `expected seq ${entries + 1}, found ${entry.seq}`);
      }
      try {
        parsePolicyDecision(entry.decision);
      } catch (error) {
        return fail('DECISION_INVALID', (error as Error).message);
      }
      if (decisionLogEntryHash(entry) !== entry.hash) {
        return fail('HASH_MISMATCH', 'the entry does not match its hash (it was edited)');
      }
      entries += 1;
      head = entry.hash;
      if (entries === anchor?.sequence) hashAtAnchor = entry.hash;
    }
  } finally {
    lines.close();
  }
  if (size > 0) {
    const handle = await open(path, 'r');
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1).finally(() => handle.close());
    if (last[0] !== 0x0a)
      return fail('TORN_LINE', 'the last line has no newline (an interrupted write)');
  }
  if (anchor && hashAtAnchor === undefined) {
    return fail(
      'HEAD_MISMATCH',
      `the log has ${entries} entries, fewer than the expected head's sequence ${anchor.sequence} (entries were removed from the end)`,
    );
  }
  if (anchor && hashAtAnchor !== anchor.hash) {
    return {
      ...fail('HEAD_MISMATCH', ''),
      firstInvalidLine: anchor.sequence,
      message: `line ${anchor.sequence}: the entry does not match the expected head (it was rewritten, or the log replaced)`,
    };
  }
  if (typeof options.expectedHead === 'string' && options.expectedHead !== head) {
    return fail(
      'HEAD_MISMATCH',
      'the last entry is not the expected head (entries were removed from the end)',
    );
  }
  return { valid: true, entries, head, message: `${entries} entries verified` };
}
