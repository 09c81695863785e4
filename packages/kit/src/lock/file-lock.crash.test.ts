// Crash tests with real processes: children take the lock and are SIGKILLed at random
// instants and at chosen points (after writing the owner record, right after linking it into
// place, while breaking a stale lock). Afterwards a new acquirer must get the lock, and no
// two processes may ever be inside the critical section together.
import { type ChildProcess, fork } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireFileLock } from './file-lock';

const source = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = [
  'lock/file-lock',
  'lock/lock-owner',
  'files/unique-temp-path',
  'retry/backoff-delay',
];
let compiled: string;
let worker: string;

// Children run a JavaScript copy of the lock sources, transpiled once here: Node 20 cannot
// load TypeScript, and a loader in every child would make each start slow.
beforeAll(async () => {
  const cache = join(source, '..', 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  // Inside the package, so that `@ballast/contracts` resolves from the copies.
  compiled = await mkdtemp(join(cache, 'kit-lock-crash-'));
  for (const name of modules) {
    const text = await readFile(join(source, `${name}.ts`), 'utf8');
    const output = ts
      .transpileModule(text, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      })
      .outputText.replace(/from '(\.{1,2}\/[^']+)'/g, "from '$1.mjs'");
    await mkdir(join(compiled, dirname(name)), { recursive: true });
    await writeFile(join(compiled, `${name}.mjs`), output);
  }
  worker = join(compiled, 'lock', 'lock-worker.mjs');
  await copyFile(join(source, 'lock', '__fixtures__', 'lock-worker.mjs'), worker);
});
afterAll(async () => {
  await rm(compiled, { recursive: true, force: true });
});

let directory: string;
let lockPath: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kit-lock-crash-'));
  lockPath = join(directory, 'shared.lock');
  return () => rm(directory, { recursive: true, force: true });
});

function start(...args: string[]): ChildProcess {
  return fork(worker, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise(resolve => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', code => reject(new Error(`worker exited early with ${code}`)));
  });
}

async function overlapReport(): Promise<string | undefined> {
  return readFile(join(directory, 'OVERLAP'), 'utf8').catch(() => undefined);
}

/**
 * After the crash, a fresh acquirer gets the lock and leaves no lock file behind. With
 * `clean`, nothing else is left either: breaking the dead holder's lock swept its leftovers.
 */
async function expectRecoverable(clean: boolean): Promise<void> {
  const lock = await acquireFileLock(lockPath, { timeoutMs: 15_000, retryIntervalMs: 20 });
  await lock.release();
  const left = (await readdir(directory)).filter(name => !['counter', 'inside'].includes(name));
  expect(left).not.toContain('shared.lock');
  // Without a stale lock to break, a killed process's temporary file or (killed in the last
  // instant of breaking) break marker may stay; they block nobody.
  const allowed = (name: string) => !clean && (name.endsWith('.tmp') || name.endsWith('.break'));
  expect(left.filter(name => !allowed(name))).toEqual([]);
}

describe('file lock with real processes', () => {
  it('never has two holders: 4 processes x 25 increments give exactly 100', async () => {
    const children = Array.from({ length: 4 }, () => start('count', lockPath, directory, '25'));
    const results = await Promise.all(children.map(exited));
    expect(await overlapReport()).toBeUndefined();
    expect(results).toEqual(children.map(() => ({ code: 0, signal: null })));
    expect(await readFile(join(directory, 'counter'), 'utf8')).toBe('100');
    expect(await readdir(directory)).toEqual(['counter']);
  }, 60_000);

  it.each(['afterTempWritten', 'afterLinked'])(
    'recovers when the holder is killed at %s',
    async point => {
      const child = start('die-at', lockPath, directory, point);
      expect(await exited(child)).toEqual({ code: null, signal: 'SIGKILL' });
      const names = await readdir(directory);
      // Killed after linking: a complete lock file names the dead owner.
      if (point === 'afterLinked') {
        expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(child.pid);
      } else {
        expect(names).not.toContain('shared.lock');
        expect(names.filter(name => name.endsWith('.tmp'))).toHaveLength(1);
      }
      await expectRecoverable(point === 'afterLinked');
    },
  );

  it('recovers when a breaker is killed while breaking a stale lock', async () => {
    const holder = start('die-at', lockPath, directory, 'afterLinked');
    await exited(holder);
    const breaker = start('die-at', lockPath, directory, 'beforeStaleUnlink');
    expect(await exited(breaker)).toEqual({ code: null, signal: 'SIGKILL' });
    expect((await readdir(directory)).some(name => name.endsWith('.break'))).toBe(true);
    await expectRecoverable(true);
  });

  it('survives processes killed at random instants, 10 rounds of 3', async () => {
    for (let round = 0; round < 10; round++) {
      const children = Array.from({ length: 3 }, () => start('hammer', lockPath, directory));
      await Promise.all(children.map(ready));
      for (const child of children) {
        await new Promise(resolve => setTimeout(resolve, Math.random() * 40));
        child.kill('SIGKILL');
      }
      await Promise.all(children.map(exited));
      expect(await overlapReport()).toBeUndefined();
      await expectRecoverable(false);
    }
    // Generous: about 8 s on an idle machine, slower when the CPU is shared.
  }, 90_000);
});
