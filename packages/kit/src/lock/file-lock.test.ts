import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TimeoutError } from '@ballast/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFileLock, withFileLock } from './file-lock';
import { newLockOwner } from './lock-owner';

let directory: string;
let lockPath: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kit-lock-'));
  lockPath = join(directory, 'test.lock');
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise(resolve => child.once('exit', resolve));
  return child.pid as number;
}

async function writeLock(path: string, fields: Record<string, unknown>): Promise<string> {
  const owner = { ...newLockOwner(), ...fields };
  await writeFile(path, JSON.stringify(owner));
  return owner.token;
}

describe('acquireFileLock', () => {
  it('writes the owner record into the lock and removes it on release, leaving nothing behind', async () => {
    const lock = await acquireFileLock(lockPath);
    expect(lock.path).toBe(lockPath);
    const owner = JSON.parse(await readFile(lockPath, 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(owner.token).toMatch(/^[0-9a-f]{32}$/);
    expect(Number.isNaN(Date.parse(owner.acquiredAt))).toBe(false);
    expect(await readdir(directory)).toEqual(['test.lock']);
    await lock.release();
    await lock.release();
    expect(await readdir(directory)).toEqual([]);
  });

  it('excludes waiters in the same process from each other', async () => {
    const counter = join(directory, 'counter');
    await writeFile(counter, '0');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        withFileLock(
          lockPath,
          async () => {
            inside++;
            most = Math.max(most, inside);
            const value = Number(await readFile(counter, 'utf8'));
            await new Promise(resolve => setTimeout(resolve, 1));
            await writeFile(counter, String(value + 1));
            inside--;
          },
          { retryIntervalMs: 20 },
        ),
      ),
    );
    expect(most).toBe(1);
    expect(await readFile(counter, 'utf8')).toBe('12');
    expect(await readdir(directory)).toEqual(['counter']);
  });

  it('times out with LOCK_TIMEOUT naming the holder, and is not re-entrant', async () => {
    const lock = await acquireFileLock(lockPath);
    const error = await acquireFileLock(lockPath, { timeoutMs: 30 }).catch(caught => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error.code).toBe('LOCK_TIMEOUT');
    expect(error.message).toContain(`pid ${process.pid} on host ${hostname()}`);
    expect(error.message).toContain('this very process');
    expect(error.details).toMatchObject({
      path: lockPath,
      holder: { pid: process.pid, hostname: hostname() },
    });
    await lock.release();
    expect(await readdir(directory)).toEqual([]);
  });

  it('never breaks the lock of a live holder, however old', async () => {
    await writeLock(lockPath, { pid: process.ppid, acquiredAt: '1970-01-01T00:00:00.000Z' });
    const error = await acquireFileLock(lockPath, { timeoutMs: 50 }).catch(caught => caught);
    expect(error).toMatchObject({ code: 'LOCK_TIMEOUT' });
    expect(error.message).toContain('still running');
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(process.ppid);
  });

  it('breaks the lock of a dead holder on this host', async () => {
    await writeLock(lockPath, { pid: await deadPid() });
    const lock = await acquireFileLock(lockPath, { timeoutMs: 10_000 });
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(directory)).toEqual([]);
  });

  it('never breaks the lock of another host or pid namespace automatically', async () => {
    const pid = await deadPid();
    await writeLock(lockPath, { pid, hostname: `not-${hostname()}` });
    const remote = await acquireFileLock(lockPath, { timeoutMs: 30 }).catch(caught => caught);
    expect(remote).toMatchObject({ code: 'LOCK_TIMEOUT' });
    expect(remote.message).toContain('never broken automatically');

    await writeLock(lockPath, { pid, pidNamespace: 'pid:[1]' });
    if (newLockOwner().pidNamespace) {
      await expect(acquireFileLock(lockPath, { timeoutMs: 30 })).rejects.toMatchObject({
        code: 'LOCK_TIMEOUT',
      });
    }
  });

  it('does not break a lock file it cannot read', async () => {
    await writeFile(lockPath, '');
    const error = await acquireFileLock(lockPath, { timeoutMs: 30 }).catch(caught => caught);
    expect(error).toMatchObject({ code: 'LOCK_TIMEOUT' });
    expect(error.message).toContain('no owner record');
    expect(await readFile(lockPath, 'utf8')).toBe('');
  });

  it('lets exactly one of many concurrent breakers of a stale lock in at a time', async () => {
    await writeLock(lockPath, { pid: await deadPid() });
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        withFileLock(
          lockPath,
          async () => {
            inside++;
            most = Math.max(most, inside);
            await new Promise(resolve => setTimeout(resolve, 2));
            inside--;
          },
          { retryIntervalMs: 10 },
        ),
      ),
    );
    expect(most).toBe(1);
    expect(await readdir(directory)).toEqual([]);
  });

  it('recovers a stale lock whose breaker died holding the break marker', async () => {
    const token = await writeLock(lockPath, { pid: await deadPid() });
    await writeLock(`${lockPath}.${token.slice(0, 16)}.break`, { pid: await deadPid() });
    const lock = await acquireFileLock(lockPath, { timeoutMs: 10_000 });
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(directory)).toEqual([]);
  });

  it('sweeps what dead processes left next to a stale lock, and nothing of the living', async () => {
    const dead = await deadPid();
    await writeLock(lockPath, { pid: dead });
    const deadTemp = join(directory, `.test.lock.${dead}.1.0123456789ab.tmp`);
    await writeLock(deadTemp, { pid: dead });
    const orphanMarker = join(directory, 'test.lock.0123456789abcdef.break');
    await writeLock(orphanMarker, { pid: dead });
    const liveTemp = join(directory, `.test.lock.${process.pid}.9.0123456789ab.tmp`);
    await writeLock(liveTemp, { pid: process.pid });
    const unreadableTemp = join(directory, '.test.lock.1.1.0123456789ab.tmp');
    await writeFile(unreadableTemp, '{"pid":');
    const lock = await acquireFileLock(lockPath, { timeoutMs: 10_000 });
    await lock.release();
    expect((await readdir(directory)).sort()).toEqual(
      ['.test.lock.1.1.0123456789ab.tmp', `.test.lock.${process.pid}.9.0123456789ab.tmp`].sort(),
    );
  });

  it('release removes only its own lock', async () => {
    const lock = await acquireFileLock(lockPath);
    const other = await writeLock(lockPath, { pid: process.pid });
    await lock.release();
    expect(JSON.parse(await readFile(lockPath, 'utf8')).token).toBe(other);
  });

  it('rejects with the signal reason when aborted while waiting, leaving no temporary file', async () => {
    const lock = await acquireFileLock(lockPath);
    const controller = new AbortController();
    const waiting = acquireFileLock(lockPath, { signal: controller.signal, retryIntervalMs: 20 });
    const reason = new Error('stop waiting');
    setTimeout(() => controller.abort(reason), 30);
    await expect(waiting).rejects.toBe(reason);
    expect(await readdir(directory)).toEqual(['test.lock']);
    await lock.release();

    const aborted = new AbortController();
    aborted.abort(reason);
    await expect(acquireFileLock(lockPath, { signal: aborted.signal })).rejects.toBe(reason);
    expect(await readdir(directory)).toEqual([]);
  });

  it('withFileLock releases when the function throws', async () => {
    await expect(
      withFileLock(lockPath, async () => {
        throw new Error('task failed');
      }),
    ).rejects.toThrow('task failed');
    expect(await readdir(directory)).toEqual([]);
    await expect(withFileLock(lockPath, async () => 42)).resolves.toBe(42);
  });

  it('fails when the directory does not exist', async () => {
    await expect(acquireFileLock(join(directory, 'missing', 'x.lock'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
