import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileRegistry } from '../file-registry';

const worker = fileURLToPath(new URL('../__fixtures__/registry-worker.ts', import.meta.url));

function runWorker(
  root: string,
  count: number,
  label: string,
  crashAt?: string,
  barrier = false,
): {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<{ versions?: string[]; signal: NodeJS.Signals | null; code: number | null }>;
} {
  const child = fork(worker, [root, 'fraud', String(count), label, ...(crashAt ? [crashAt] : [])], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ...(barrier ? { REGISTRY_WORKER_BARRIER: '1' } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let versions: string[] | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>(resolve => {
    markReady = resolve;
  });
  child.on('message', message => {
    const payload = message as { versions?: string[]; ready?: boolean };
    if (payload.ready) markReady();
    if (payload.versions) versions = payload.versions;
  });
  const done = new Promise<{
    versions?: string[];
    signal: NodeJS.Signals | null;
    code: number | null;
  }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      resolve({ ...(versions ? { versions } : {}), code, signal }),
    );
  });
  return { child, ready, done };
}

describe('file registry across processes', () => {
  let workspace: string;
  let root: string;

  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'registry-processes-'));
    root = join(workspace, 'registry');
    await mkdir(root);
    await createFileRegistry({ root }).createRegisteredModel({ name: 'fraud' });
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('gives two processes creating 100 versions each 200 distinct, gap-free numbers', async () => {
    const first = runWorker(root, 100, 'first', undefined, true);
    const second = runWorker(root, 100, 'second', undefined, true);
    await Promise.all([first.ready, second.ready]);
    first.child.send('start');
    second.child.send('start');
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const numbers = [...(a.versions ?? []), ...(b.versions ?? [])]
      .map(Number)
      .sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    // The writes really overlapped: the owners of consecutive numbers alternate more than once.
    const owner = new Map<number, string>();
    for (const version of a.versions ?? []) owner.set(Number(version), 'a');
    for (const version of b.versions ?? []) owner.set(Number(version), 'b');
    let switches = 0;
    for (let number = 2; number <= 200; number += 1) {
      if (owner.get(number) !== owner.get(number - 1)) switches += 1;
    }
    expect(switches).toBeGreaterThan(1);
    // Each process saw its own numbers increase.
    for (const own of [a.versions ?? [], b.versions ?? []]) {
      expect(own.map(Number)).toEqual([...own.map(Number)].sort((x, y) => x - y));
    }
    const registry = createFileRegistry({ root });
    const stored = await registry.searchModelVersions({ filter: "name = 'fraud'" }).toArray();
    expect(stored).toHaveLength(200);
    expect(
      new Set(stored.map(version => `${version.tags.writer}/${version.tags.index}`)).size,
    ).toBe(200);
    // Two distinct artifact contents, stored once each however many versions use them.
    const blobDirectories = await readdir(join(root, 'blobs'));
    const blobs = (
      await Promise.all(
        blobDirectories.map(directory =>
          readdir(join(root, 'blobs', directory)).catch(() => [] as string[]),
        ),
      )
    ).flat();
    expect(blobs.filter(name => /^[0-9a-f]{64}$/.test(name))).toHaveLength(2);
  });

  it.each(['after-artifacts', 'before-commit', 'mid-commit'])(
    'a writer killed with SIGKILL at %s leaves no visible partial version and a usable registry',
    async crashAt => {
      const registry = createFileRegistry({ root });
      const first = await registry.createModelVersion({
        name: 'fraud',
        artifacts: [],
        source: 's3://bucket/v1',
      });
      expect(first.version).toBe('1');

      const crashed = await runWorker(root, 1, 'crasher', crashAt).done;
      expect(crashed.signal).toBe('SIGKILL');
      expect(crashed.versions).toBeUndefined();

      const journal = await readFile(join(root, 'journal.jsonl'), 'utf8');
      if (crashAt === 'mid-commit') expect(journal.endsWith('\n')).toBe(false);

      // A fresh process view sees only the committed version...
      // (5 s instead of the default 30: a lock left by a dead pid must be taken over at once)
      const fresh = createFileRegistry({ root, lock: { acquireTimeoutMs: 5_000 } });
      expect((await fresh.searchModelVersions().toArray()).map(version => version.version)).toEqual(
        ['1'],
      );
      // ...breaks the dead writer's lock at once, cuts the torn tail and carries on gap-free.
      const next = await fresh.createModelVersion({
        name: 'fraud',
        artifacts: [],
        source: 's3://bucket/v2',
      });
      expect(next.version).toBe('2');
      expect((await readFile(join(root, 'journal.jsonl'), 'utf8')).endsWith('\n')).toBe(true);
      expect((await fresh.searchModelVersions().toArray()).map(version => version.version)).toEqual(
        ['2', '1'],
      );
      expect(await readdir(root)).not.toContain('registry.lock');
    },
  );

  it('never locks the next writer out, wherever a writer is killed (kill loop)', async () => {
    // Kills land at random points: while taking the lock, holding it, appending, releasing.
    // A lock file without its owner (a writer killed between creating it and recording the
    // owner) used to block every writer until its 30 s timeout.
    for (let round = 0; round < 3; round += 1) {
      const victim = runWorker(root, 1000, `victim-${round}`, undefined, true);
      await victim.ready;
      victim.child.send('start');
      await new Promise(resolve => setTimeout(resolve, 20 + Math.floor(Math.random() * 200)));
      victim.child.kill('SIGKILL');
      await victim.done;
      const fresh = createFileRegistry({ root, lock: { acquireTimeoutMs: 5_000 } });
      const before = (await fresh.searchModelVersions().toArray()).length;
      const next = await fresh.createModelVersion({
        name: 'fraud',
        artifacts: [],
        source: `s3://bucket/after-kill-${round}`,
      });
      const numbers = (await fresh.searchModelVersions().toArray()).map(version =>
        Number(version.version),
      );
      expect(numbers).toHaveLength(before + 1);
      // Gap-free: every number from 1 to the newest is present once.
      expect([...numbers].sort((a, b) => a - b)).toEqual(
        Array.from({ length: numbers.length }, (_, index) => index + 1),
      );
      expect(next.version).toBe(String(numbers.length));
    }
  });
});
