import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';

/**
 * What a lock file holds: who took the lock, written to the file before the file becomes the
 * lock, so every lock file names its owner.
 */
export interface LockOwner {
  /** Process id of the holder. */
  pid: number;
  /** `os.hostname()` of the holder. */
  hostname: string;
  /** Random token of this one acquisition; release and stale-lock breaking compare it. */
  token: string;
  /** When the lock was taken (ISO 8601); informational only, never used to judge staleness. */
  acquiredAt: string;
  /** Linux boot id of the holder's machine, so a timeout message can say the holder is from an earlier boot. */
  bootId?: string;
  /** Linux pid namespace of the holder; a different one means its pid means nothing here. */
  pidNamespace?: string;
}

function readLinuxIdentity(): { bootId?: string; pidNamespace?: string } {
  if (process.platform !== 'linux') return {};
  const identity: { bootId?: string; pidNamespace?: string } = {};
  try {
    identity.bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // /proc not mounted (some sandboxes): fall back to hostname and pid alone.
  }
  try {
    identity.pidNamespace = readlinkSync('/proc/self/ns/pid');
  } catch {
    // as above
  }
  return identity;
}

let identity: { bootId?: string; pidNamespace?: string } | undefined;

function localIdentity(): { bootId?: string; pidNamespace?: string } {
  identity ??= readLinuxIdentity();
  return identity;
}

/** A fresh owner record for this process. */
export function newLockOwner(): LockOwner {
  return {
    pid: process.pid,
    hostname: hostname(),
    token: randomBytes(16).toString('hex'),
    acquiredAt: new Date().toISOString(),
    ...localIdentity(),
  };
}

/** Parses a lock file's text; undefined when it is not an owner record written by this module. */
export function parseLockOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null;
    if (
      value === null ||
      typeof value !== 'object' ||
      !Number.isSafeInteger(value.pid) ||
      (value.pid as number) <= 0 ||
      typeof value.hostname !== 'string' ||
      typeof value.token !== 'string' ||
      !/^[0-9a-f]{16,64}$/.test(value.token) ||
      typeof value.acquiredAt !== 'string'
    ) {
      return undefined;
    }
    return value as LockOwner;
  } catch {
    return undefined;
  }
}

/** What is at a lock path: nothing, a lock we cannot read, or a lock with its owner. */
export type LockState =
  | { kind: 'free' }
  | { kind: 'unreadable' }
  | { kind: 'held'; owner: LockOwner };

/** Reads the owner of the lock at `path`. */
export async function readLockState(path: string): Promise<LockState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'free' };
    throw error;
  }
  const owner = parseLockOwner(text);
  return owner ? { kind: 'held', owner } : { kind: 'unreadable' };
}

/** True when `owner`'s pid names a process on this machine, in this pid namespace. */
export function isLocalOwner(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return false;
  const here = localIdentity();
  // Same hostname but another pid namespace (containers given one hostname): the pid cannot
  // be checked from here, so the owner counts as remote and its lock is never broken.
  if (owner.pidNamespace && here.pidNamespace && owner.pidNamespace !== here.pidNamespace) {
    return false;
  }
  return true;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user. Only ESRCH means "no such process".
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * The one stale-lock rule: a lock is stale only when its owner ran on this machine (same
 * hostname and pid namespace) and `kill(pid, 0)` answers ESRCH, that is the process is gone.
 * Age never counts: a live holder that is slow, paused in a debugger or stopped with SIGSTOP
 * keeps its lock. Owners on other hosts are never judged, since their pids mean nothing here.
 */
export function isStaleOwner(owner: LockOwner): boolean {
  return isLocalOwner(owner) && !processExists(owner.pid);
}

/** True when `owner` was recorded during an earlier boot of this machine (Linux only). */
export function isFromEarlierBoot(owner: LockOwner): boolean {
  const here = localIdentity();
  return Boolean(
    owner.bootId && here.bootId && owner.bootId !== here.bootId && isLocalOwner(owner),
  );
}
