import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { TimeoutError } from '@ballast/contracts';

/** What a lock file holds, so another process can tell whether its owner is gone. */
interface LockOwner {
  pid: number;
  hostname: string;
  acquiredAt: number;
  token: string;
}

/** Options of {@link FileLock}. */
export interface FileLockOptions {
  /** Give up acquiring after this long (default 30 s) with a `TimeoutError` (`LOCK_TIMEOUT`). */
  acquireTimeoutMs?: number;
  /** A lock older than this is broken even if its owner looks alive (default 60 s). */
  staleAfterMs?: number;
}

const sleep = (milliseconds: number) => new Promise(resolve => setTimeout(resolve, milliseconds));

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.acquiredAt === 'number') {
      return parsed as LockOwner;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * A cross-process lock held as a file created with `O_EXCL`, holding the owner's pid, host,
 * time and a random token. A lock whose owner process is dead (same host) or that is older
 * than `staleAfterMs` is broken by renaming it aside (only one breaker can win the rename)
 * and checking that the renamed file is still the stale one; a fresh lock taken meanwhile is
 * put back with `link`, which never overwrites.
 *
 * @example
 * ```ts
 * const lock = new FileLock('/srv/registry/registry.lock');
 * await lock.withLock(async () => appendToJournal());
 * ```
 */
export class FileLock {
  readonly #path: string;
  readonly #acquireTimeoutMs: number;
  readonly #staleAfterMs: number;
  // Serialises callers in this process, so they queue instead of polling the file.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string, options: FileLockOptions = {}) {
    this.#path = path;
    this.#acquireTimeoutMs = options.acquireTimeoutMs ?? 30_000;
    this.#staleAfterMs = options.staleAfterMs ?? 60_000;
  }

  /** Runs `task` while holding the lock, releasing it afterwards even when `task` throws. */
  withLock<Result>(
    task: (owner: { stillHeld: () => Promise<boolean> }) => Promise<Result>,
  ): Promise<Result> {
    const run = this.#queue.then(async () => {
      const token = await this.#acquire();
      try {
        return await task({
          stillHeld: async () => (await readOwner(this.#path))?.token === token,
        });
      } finally {
        await this.#release(token);
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #acquire(): Promise<string> {
    const started = Date.now();
    const owner: LockOwner = {
      pid: process.pid,
      hostname: hostname(),
      acquiredAt: Date.now(),
      token: randomUUID(),
    };
    let delay = 2;
    for (;;) {
      try {
        const handle = await open(this.#path, 'wx');
        try {
          owner.acquiredAt = Date.now();
          await handle.writeFile(JSON.stringify(owner));
        } finally {
          await handle.close();
        }
        return owner.token;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      await this.#breakIfStale();
      if (Date.now() - started > this.#acquireTimeoutMs) {
        const current = await readOwner(this.#path);
        throw new TimeoutError({
          message: `Could not lock ${this.#path} within ${this.#acquireTimeoutMs} ms; it is held by pid ${current?.pid ?? 'unknown'}. Retry, or remove the file if that process is gone.`,
          code: 'LOCK_TIMEOUT',
          details: { path: this.#path, holder: current },
        });
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 50);
    }
  }

  async #breakIfStale(): Promise<void> {
    const current = await readOwner(this.#path);
    const now = Date.now();
    if (current === undefined) {
      // A lock file without a readable owner is being written right now, or its writer died
      // between create and write; only the age of the file can tell, so give it the timeout.
      return this.#breakUnreadable(now);
    }
    const dead = current.hostname === hostname() && !isProcessAlive(current.pid);
    if (!dead && now - current.acquiredAt < this.#staleAfterMs) return;
    const aside = `${this.#path}.${randomUUID()}.stale`;
    try {
      await rename(this.#path, aside);
    } catch {
      return; // someone else broke or released it first
    }
    const moved = await readOwner(aside);
    if (moved?.token !== current.token) {
      // We moved a lock taken after our check: put it back unless yet another owner exists.
      await link(aside, this.#path).catch(() => undefined);
    }
    await unlink(aside).catch(() => undefined);
  }

  async #breakUnreadable(now: number): Promise<void> {
    try {
      const handle = await open(this.#path, 'r');
      const { mtimeMs } = await handle.stat();
      await handle.close();
      if (now - mtimeMs > this.#staleAfterMs) await unlink(this.#path);
    } catch {
      // vanished meanwhile: nothing to break
    }
  }

  async #release(token: string): Promise<void> {
    const current = await readOwner(this.#path);
    if (current?.token === token) await unlink(this.#path).catch(() => undefined);
  }
}
