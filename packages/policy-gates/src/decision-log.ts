import { createReadStream } from 'node:fs';
import { type FileHandle, open, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import {
  ConflictError,
  NotFoundError,
  type PolicyDecision,
  parsePolicyDecision,
  TimeoutError,
  sha256Of,
} from '@ballast/contracts';

/**
 * `prevHash` of the first entry.
 *
 * @example
 * ```ts
 * firstEntry.prevHash === GENESIS_HASH; // true
 * ```
 */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * One line of a decision log.
 *
 * @example
 * ```ts
 * const entry: DecisionLogEntry = JSON.parse(line);
 * ```
 */
export interface DecisionLogEntry {
  /** 1-based position in the chain. */
  seq: number;
  /** When the entry was appended. */
  recordedAt: string;
  /** `hash` of the previous entry, or {@link GENESIS_HASH}. */
  prevHash: string;
  /** sha256 of the canonical JSON of `{ seq, recordedAt, prevHash, decision }`. */
  hash: string;
  decision: PolicyDecision;
}

/**
 * Options of {@link appendDecision}.
 *
 * @example
 * ```ts
 * await appendDecision(path, decision, { lockTimeoutMs: 10_000 });
 * ```
 */
export interface AppendDecisionOptions {
  /** Clock for `recordedAt`. Default: now. */
  now?: () => Date;
  /** How long to wait for another writer's lock. Default 5000 ms. */
  lockTimeoutMs?: number;
  /** A lock older than this is considered left by a crashed writer and taken over. Default 30000 ms. */
  staleLockMs?: number;
}

/**
 * Computes an entry's hash from its other fields.
 *
 * @example
 * ```ts
 * decisionLogEntryHash(entry) === entry.hash; // true for an untouched entry
 * ```
 */
export function decisionLogEntryHash(entry: Omit<DecisionLogEntry, 'hash'>): string {
  return sha256Of({
    seq: entry.seq,
    recordedAt: entry.recordedAt,
    prevHash: entry.prevHash,
    decision: entry.decision,
  });
}

const sleep = (milliseconds: number) => new Promise(resolve => setTimeout(resolve, milliseconds));

async function acquireLock(lockPath: string, timeoutMs: number, staleMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = await stat(lockPath).then(
      info => Date.now() - info.mtimeMs,
      () => 0,
    );
    if (age > staleMs) {
      await unlink(lockPath).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new TimeoutError({
        code: 'DECISION_LOG_LOCKED',
        message: `Timed out after ${timeoutMs} ms waiting for the decision log lock ${lockPath}; if no writer is running, delete it.`,
        details: { path: lockPath },
      });
    }
    await sleep(10 + Math.random() * 20);
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
 * Appends a decision to a JSONL decision log, hash-chained to the previous entry. The write
 * is one `O_APPEND` write followed by `fsync`, under an exclusive lock file
 * (`<path>.lock`) so concurrent writers, in this or other processes, never interleave or
 * fork the chain. Refuses (`ConflictError`) to extend a log whose last line is torn or fails
 * its own hash.
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
  const lockPath = `${path}.lock`;
  await acquireLock(lockPath, options.lockTimeoutMs ?? 5000, options.staleLockMs ?? 30_000);
  try {
    const handle = await open(path, 'a+');
    try {
      const { line, torn } = await readLastLine(handle);
      if (torn) {
        throw new ConflictError({
          code: 'DECISION_LOG_TORN',
          message: `The last line of ${path} is incomplete (an interrupted write?); run verifyDecisionLog and repair the log before appending.`,
          details: { path },
        });
      }
      let seq = 1;
      let prevHash = GENESIS_HASH;
      if (line !== undefined) {
        const previous = parseEntry(line);
        if (!previous || decisionLogEntryHash(previous) !== previous.hash) {
          throw new ConflictError({
            code: 'DECISION_LOG_TAMPERED',
            message: `The last entry of ${path} does not match its hash; run verifyDecisionLog before appending.`,
            details: { path },
          });
        }
        seq = previous.seq + 1;
        prevHash = previous.hash;
      }
      const recordedAt = (options.now?.() ?? new Date()).toISOString();
      const unsigned = { seq, recordedAt, prevHash, decision: valid };
      const entry: DecisionLogEntry = { ...unsigned, hash: decisionLogEntryHash(unsigned) };
      await handle.appendFile(`${JSON.stringify(entry)}\n`, 'utf8');
      await handle.sync();
      if (seq === 1) await syncDirectory(dirname(path));
      return entry;
    } finally {
      await handle.close();
    }
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

// A new file's directory entry must reach the disk too, or a crash can lose the whole log.
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some platforms cannot fsync directories; the file itself is already synced.
  } finally {
    await handle.close();
  }
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

/**
 * Problems {@link verifyDecisionLog} can find.
 *
 * @example
 * ```ts
 * if (report.problem === 'CHAIN_BROKEN') console.error('a line was removed near', report.firstInvalidLine);
 * ```
 */
export type DecisionLogProblem =
  | 'LINE_UNPARSABLE'
  | 'HASH_MISMATCH'
  | 'CHAIN_BROKEN'
  | 'SEQUENCE_GAP'
  | 'DECISION_INVALID'
  | 'TORN_LINE'
  | 'HEAD_MISMATCH';

/**
 * The result of {@link verifyDecisionLog}.
 *
 * @example
 * ```ts
 * const { valid, firstInvalidLine } = await verifyDecisionLog(path);
 * ```
 */
export interface DecisionLogVerification {
  valid: boolean;
  /** Entries read and verified before the first problem. */
  entries: number;
  /** `hash` of the last valid entry; keep it elsewhere to detect truncation later. */
  head: string;
  /** 1-based line number of the first bad line. */
  firstInvalidLine?: number;
  problem?: DecisionLogProblem;
  message: string;
}

/**
 * Options of {@link verifyDecisionLog}.
 *
 * @example
 * ```ts
 * await verifyDecisionLog(path, { expectedHead: headStoredElsewhere });
 * ```
 */
export interface VerifyDecisionLogOptions {
  /** The head hash recorded earlier; a different final hash means entries were cut off the end. */
  expectedHead?: string;
}

/**
 * Re-reads a decision log and checks every entry: valid JSON, a valid PolicyDecision, its own
 * hash, the link to the previous entry and the sequence number. Reports the first bad line:
 * an edited line fails its hash; a removed, inserted or reordered line breaks the chain at the
 * line after the change. Removing lines from the end is only detectable against a head hash
 * kept elsewhere (`expectedHead`).
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
  if (options.expectedHead !== undefined && options.expectedHead !== head) {
    return fail(
      'HEAD_MISMATCH',
      'the last entry is not the expected head (entries were removed from the end)',
    );
  }
  return { valid: true, entries, head, message: `${entries} entries verified` };
}
