// A cross-process lock held as a file. Why ours and not proper-lockfile: see the README.
//
// Taking the lock: the owner record (pid, hostname, random token, time) is written and fsynced
// to a unique temporary file, which is then hard-linked to the lock path. link() fails with
// EEXIST while the lock is held, and when it succeeds the lock file already holds the whole
// record: there is never an empty or half-written lock, whenever the taker is killed.
//
// Breaking a stale lock (owner on this host, process gone; see isStaleOwner) without races:
// a lock file is removed only by its owner (release) or by the one process that holds the
// lock's *break marker*, `<lock>.<token>.break`, itself taken with the same link() protocol.
// The marker is named after the stale lock's token, so for any one stale lock at most one
// breaker at a time may act, and it acts only after re-reading the lock file under the marker
// and finding that very token. That check cannot be outdated by the time of the unlink: the
// owner of the token is dead and every other breaker of it is shut out by the marker, so the
// file at the lock path still holds that token when we unlink it. Tokens never repeat, so a
// breaker that arrives late (after the marker was released) finds another token and leaves.
// A breaker killed while holding a marker leaves a stale marker; it is broken the same way,
// one level down (`<lock>.<token>.break.<token2>.break`), a few levels deep at most.
// Whoever meets a stale lock or marker also sweeps, once it holds the lock, the temporary
// files and markers whose owners are dead (sweepLeftovers).
//
// The rejected alternative, "rename the stale lock aside, check it, put it back if it was
// not the stale one", leaves the path empty while the wrong file is aside: a third process
// can take the lock then, and the put-back either fails (two holders) or overwrites it.

import { link, open, readdir, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { TimeoutError } from '@ballast/contracts';
import { uniqueTempPath } from '../files/unique-temp-path';
import { backoffDelay } from '../retry/backoff-delay';
import {
  isFromEarlierBoot,
  isLocalOwner,
  isStaleOwner,
  type LockOwner,
  type LockState,
  newLockOwner,
  readLockState,
} from './lock-owner';

/** Options of {@link acquireFileLock} and {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up after this long with a `TimeoutError` coded `LOCK_TIMEOUT` (default 30 000 ms). */
  timeoutMs?: number;
  /** Longest wait between two attempts while the lock is held; waits start at 10 ms and double (default 250 ms). */
  retryIntervalMs?: number;
  /** Stops waiting: the returned promise rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/** A held lock. */
export interface FileLock {
  /** The lock file's path, as given. */
  readonly path: string;
  /** Releases the lock: removes the lock file if it still holds our token. Idempotent. */
  release(): Promise<void>;
}

/**
 * Points at which crash tests kill the acquiring process. Not part of the public API (the
 * package index does not export it); production code never passes it.
 */
export interface LockFaultPoints {
  afterTempWritten?(): void | Promise<void>;
  afterLinked?(): void | Promise<void>;
  beforeStaleUnlink?(): void | Promise<void>;
}

/** State shared by the steps of one acquisition. */
interface AcquireContext {
  faults: LockFaultPoints | undefined;
  /** A stale lock or marker was met: a process died here, so look for its leftovers. */
  sawStale: boolean;
}

// Nested break markers are needed only when breakers are killed while breaking; beyond this
// depth we stop breaking and wait, rather than grow file names without bound.
const maxBreakDepth = 4;
// An owner record older than this is rewritten before the next attempt, so `acquiredAt`
// says when the lock was taken, not when the waiting began.
const recordRefreshMs = 1000;

// In-process waiters on a path, woken when a lock on that path is released here, so that
// waiters in one process hand over at once instead of at their next poll.
const waiters = new Map<string, Set<() => void>>();

function wakeWaiters(path: string): void {
  for (const wake of waiters.get(resolve(path)) ?? []) wake();
}

function waitForTurn(path: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((done, fail) => {
    if (signal?.aborted) {
      fail(signal.reason);
      return;
    }
    const key = resolve(path);
    const set = waiters.get(key) ?? new Set();
    waiters.set(key, set);
    const finish = () => {
      clearTimeout(timer);
      set.delete(finish);
      if (set.size === 0 && waiters.get(key) === set) waiters.delete(key);
      signal?.removeEventListener('abort', onAbort);
    };
    const wake = () => {
      finish();
      done();
    };
    const onAbort = () => {
      finish();
      fail(signal?.reason);
    };
    const timer = setTimeout(wake, ms);
    set.add(wake);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

async function writeOwnerRecord(path: string, owner: LockOwner): Promise<string> {
  const temporary = uniqueTempPath(path);
  const handle = await open(temporary, 'wx', 0o644);
  try {
    await handle.writeFile(JSON.stringify(owner));
    // Durable before it becomes the lock: even after a power loss a lock file is never empty.
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  return temporary;
}

async function tryLink(temporary: string, path: string): Promise<boolean> {
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  }
}

/** Removes the lock at `path` if it holds `token`; only the token's owner calls this. */
async function removeIfOwned(path: string, token: string): Promise<void> {
  const state = await readLockState(path);
  if (state.kind === 'held' && state.owner.token === token) {
    await unlink(path).catch(error => {
      if (!isErrno(error, 'ENOENT')) throw error;
    });
  }
  wakeWaiters(path);
}

/**
 * One attempt to take the lock at `path` with the record already in `temporary`, breaking a
 * stale lock on the way. Returns undefined when the lock is ours, else what holds it.
 */
async function attempt(
  path: string,
  temporary: string,
  depth: number,
  context: AcquireContext,
): Promise<LockState | undefined> {
  let state: LockState = { kind: 'free' };
  for (let round = 0; round < 4; round++) {
    if (await tryLink(temporary, path)) {
      await context.faults?.afterLinked?.();
      return undefined;
    }
    state = await readLockState(path);
    // Released between our link and our read: try again at once.
    if (state.kind === 'free') continue;
    if (state.kind === 'unreadable' || !isStaleOwner(state.owner)) return state;
    context.sawStale = true;
    await breakStaleLock(path, state.owner, depth, context);
  }
  return state;
}

/** Removes the stale lock of `stale` at `path`, if this process wins its break marker. */
async function breakStaleLock(
  path: string,
  stale: LockOwner,
  depth: number,
  context: AcquireContext,
): Promise<void> {
  if (depth >= maxBreakDepth) return;
  const markerPath = `${path}.${stale.token.slice(0, 16)}.break`;
  const marker = newLockOwner();
  const markerTemporary = await writeOwnerRecord(markerPath, marker);
  try {
    // Held by a live breaker: it is doing the work; our caller polls again later.
    if ((await attempt(markerPath, markerTemporary, depth + 1, context)) !== undefined) return;
    try {
      const current = await readLockState(path);
      if (current.kind === 'held' && current.owner.token === stale.token) {
        await context.faults?.beforeStaleUnlink?.();
        await unlink(path).catch(error => {
          if (!isErrno(error, 'ENOENT')) throw error;
        });
      }
    } finally {
      await removeIfOwned(markerPath, marker.token);
    }
  } finally {
    await rm(markerTemporary, { force: true });
  }
}

/**
 * Removes what processes that died here left next to the lock: their temporary owner records
 * (a kill between writing and linking, or between linking and removing the temporary name)
 * and break markers (a breaker killed between removing the stale lock and releasing its
 * marker). Only files whose owner record names a dead process on this host are touched, and
 * markers are removed with the same break protocol as locks, so this is safe to run in
 * several processes at once.
 */
async function sweepLeftovers(lockPath: string): Promise<void> {
  const directory = dirname(lockPath);
  const name = basename(lockPath);
  for (const entry of await readdir(directory)) {
    const path = join(directory, entry);
    if (entry.startsWith(`.${name}.`) && entry.endsWith('.tmp')) {
      const state = await readLockState(path);
      if (state.kind === 'held' && isStaleOwner(state.owner)) await rm(path, { force: true });
    } else if (entry.startsWith(`${name}.`) && entry.endsWith('.break')) {
      const state = await readLockState(path);
      if (state.kind === 'held' && isStaleOwner(state.owner)) {
        await breakStaleLock(path, state.owner, 1, { faults: undefined, sawStale: true });
      }
    }
  }
}

function describeHolder(path: string, timeoutMs: number, state: LockState): string {
  const prefix = `Timed out after ${timeoutMs} ms waiting for the lock ${path}`;
  if (state.kind === 'free') return `${prefix}; it kept changing hands. Retry later.`;
  if (state.kind === 'unreadable') {
    return `${prefix}: the lock file holds no owner record Ballast can read (written by another tool or an older version?). If no process uses it, delete the file.`;
  }
  const { owner } = state;
  const held = `${prefix}, held by pid ${owner.pid} on host ${owner.hostname} since ${owner.acquiredAt}`;
  if (!isLocalOwner(owner)) {
    return `${held}. Locks of other hosts (or pid namespaces) are never broken automatically; if that process is gone, delete the file.`;
  }
  if (isFromEarlierBoot(owner)) {
    return `${held}, before this machine last booted. Pid ${owner.pid} now seems to be another process; if so, delete the file.`;
  }
  if (owner.pid === process.pid) {
    return `${held}, that is by this very process (another caller here, or a lock taken twice: it is not re-entrant).`;
  }
  return `${held}. That process is still running, and a live holder's lock is never broken.`;
}

/**
 * {@link acquireFileLock} with fault points for crash tests. Internal: not exported by the
 * package index.
 */
export async function acquireFileLockWithFaults(
  lockPath: string,
  options: FileLockOptions,
  faults: LockFaultPoints | undefined,
): Promise<FileLock> {
  const timeoutMs = Math.max(0, options.timeoutMs ?? 30_000);
  const maxIntervalMs = Math.max(1, options.retryIntervalMs ?? 250);
  const signal = options.signal;
  signal?.throwIfAborted();
  const deadline = Date.now() + timeoutMs;
  const context: AcquireContext = { faults, sawStale: false };
  let owner = newLockOwner();
  let temporary = await writeOwnerRecord(lockPath, owner);
  let writtenAt = Date.now();
  try {
    await context.faults?.afterTempWritten?.();
    for (let retry = 1; ; retry++) {
      signal?.throwIfAborted();
      if (Date.now() - writtenAt > recordRefreshMs) {
        const fresh = newLockOwner();
        const freshTemporary = await writeOwnerRecord(lockPath, fresh);
        await rm(temporary, { force: true });
        owner = fresh;
        temporary = freshTemporary;
        writtenAt = Date.now();
      }
      const state = await attempt(lockPath, temporary, 0, context);
      if (state === undefined) break;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new TimeoutError({
          code: 'LOCK_TIMEOUT',
          message: describeHolder(lockPath, timeoutMs, state),
          details: {
            path: lockPath,
            ...(state.kind === 'held'
              ? {
                  holder: {
                    pid: state.owner.pid,
                    hostname: state.owner.hostname,
                    acquiredAt: state.owner.acquiredAt,
                  },
                }
              : {}),
          },
        });
      }
      const delay = backoffDelay(retry, {
        initialDelayMs: Math.min(10, maxIntervalMs),
        maxDelayMs: maxIntervalMs,
        jitter: 'none',
      });
      // Equal jitter: waiters in different processes spread out but never spin.
      await waitForTurn(
        lockPath,
        Math.min(remaining, delay / 2 + (Math.random() * delay) / 2),
        signal,
      );
    }
  } finally {
    await rm(temporary, { force: true });
  }
  // Best effort, under our lock: leftovers never block anyone, they only take space.
  if (context.sawStale) await sweepLeftovers(lockPath).catch(() => undefined);
  const token = owner.token;
  let released: Promise<void> | undefined;
  return {
    path: lockPath,
    release() {
      released ??= removeIfOwned(lockPath, token);
      return released;
    },
  };
}

/**
 * Takes an exclusive lock shared by every process (and every caller in this process) that
 * uses the same `lockPath`, waiting with backoff while another holder has it. The lock file
 * names its holder from the instant it exists. A lock left by a process that died (killed at
 * any point) is broken when its holder ran on this host and is gone; a live holder's lock is
 * never broken, however old, and a lock of another host is never broken automatically. Not
 * re-entrant: a second acquire in the holding process waits like anyone else.
 *
 * The directory must exist and support hard links (local file systems and NFS do).
 *
 * @example
 * ```ts
 * const lock = await acquireFileLock('/srv/registry/registry.lock', { timeoutMs: 10_000 });
 * try {
 *   await appendToJournal();
 * } finally {
 *   await lock.release();
 * }
 * ```
 */
export function acquireFileLock(
  lockPath: string,
  options: FileLockOptions = {},
): Promise<FileLock> {
  return acquireFileLockWithFaults(lockPath, options, undefined);
}

/**
 * Runs `fn` while holding the lock at `lockPath` and releases it afterwards, also when `fn`
 * throws. See {@link acquireFileLock} for how waiting and stale locks work.
 *
 * @example
 * ```ts
 * await withFileLock(`${logPath}.lock`, () => appendEntry(logPath, entry));
 * ```
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const lock = await acquireFileLock(lockPath, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
