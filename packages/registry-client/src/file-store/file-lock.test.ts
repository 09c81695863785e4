import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TimeoutError } from '@ballast/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLock } from './file-lock';

describe('FileLock', () => {
  let directory: string;
  let path: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'file-lock-'));
    path = join(directory, 'registry.lock');
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const writeOwner = (owner: { pid: number; acquiredAt: number; token: string }) =>
    writeFile(path, JSON.stringify({ hostname: hostname(), ...owner }));

  it('runs tasks of one process one at a time and releases the file', async () => {
    const lock = new FileLock(path);
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map(name =>
        lock.withLock(async () => {
          order.push(`${name}:start`);
          await new Promise(resolve => setTimeout(resolve, 5));
          order.push(`${name}:end`);
        }),
      ),
    );
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('breaks a lock whose owner process is dead', async () => {
    await writeOwner({ pid: 2 ** 22 + 12345, acquiredAt: Date.now(), token: 'dead' });
    const result = await new FileLock(path, { acquireTimeoutMs: 2000 }).withLock(async () => 'ran');
    expect(result).toBe('ran');
  });

  it('breaks a lock older than staleAfterMs even when its owner is alive', async () => {
    await writeOwner({ pid: process.pid, acquiredAt: Date.now() - 10_000, token: 'old' });
    const result = await new FileLock(path, { staleAfterMs: 1000 }).withLock(async () => 'ran');
    expect(result).toBe('ran');
  });

  it('waits for a live, fresh lock and gives up with LOCK_TIMEOUT', async () => {
    await writeOwner({ pid: process.pid, acquiredAt: Date.now(), token: 'held' });
    const error = await new FileLock(path, { acquireTimeoutMs: 100 })
      .withLock(async () => 'ran')
      .catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).code).toBe('LOCK_TIMEOUT');
    expect(JSON.parse(await readFile(path, 'utf8')).token).toBe('held');
  });

  it('releases the lock when the task throws', async () => {
    const lock = new FileLock(path);
    await expect(lock.withLock(async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await lock.withLock(async () => 'again')).toBe('again');
  });
});

describe('FileLock ownership', () => {
  it('tells a task when its lock was broken and taken by another owner', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'file-lock-owner-'));
    const path = join(directory, 'registry.lock');
    try {
      const held = await new FileLock(path).withLock(async owner => {
        const before = await owner.stillHeld();
        await writeFile(
          path,
          JSON.stringify({
            pid: process.pid,
            hostname: hostname(),
            acquiredAt: Date.now(),
            token: 'thief',
          }),
        );
        return [before, await owner.stillHeld()];
      });
      expect(held).toEqual([true, false]);
      // The thief's lock is left alone by the former owner's release.
      expect(JSON.parse(await readFile(path, 'utf8')).token).toBe('thief');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
