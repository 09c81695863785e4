import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixedDecision } from '../__fixtures__/decisions';
import { buildDecisionLogWorker } from '../__fixtures__/build-decision-log-worker';
import { appendDecision, readDecisionLogHead, verifyDecisionLog } from './decision-log';

// Real writers killed with SIGKILL at random points (inside or outside the lock, before,
// during or after a write), then the log checked: every acknowledged entry is in one valid
// chain, and the next writer is not blocked by the dead one's lock.
let worker: string;
let directory: string;
beforeAll(async () => {
  worker = await buildDecisionLogWorker();
  directory = await mkdtemp(join(tmpdir(), 'decision-log-crash-'));
}, 60_000);
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

interface Ack {
  seq: number;
  hash: string;
}

function startWriter(path: string): { child: ChildProcess; acks: Ack[]; acked: Promise<void> } {
  const child = fork(worker, [path], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const acks: Ack[] = [];
  const acked = new Promise<void>((resolve, reject) => {
    child.on('message', message => {
      acks.push(message as Ack);
      resolve();
    });
    child.once('exit', code => reject(new Error(`writer exited with ${code} before appending`)));
  });
  acked.catch(() => undefined);
  return { child, acks, acked };
}

describe('decision log under SIGKILL', () => {
  it('keeps every acknowledged entry and never blocks the next writer', async () => {
    const path = join(directory, 'decisions.jsonl');
    const delays = fc.sample(fc.integer({ min: 0, max: 15 }), { numRuns: 3, seed: 14 });
    const acknowledged: Ack[] = [];
    for (const delay of delays) {
      const writers = [startWriter(path), startWriter(path)];
      await Promise.all(writers.map(writer => writer.acked));
      await new Promise(resolve => setTimeout(resolve, delay));
      for (const { child } of writers) child.kill('SIGKILL');
      await Promise.all(writers.map(({ child }) => once(child, 'exit')));
      for (const writer of writers) acknowledged.push(...writer.acks);

      const report = await verifyDecisionLog(path);
      expect(report, report.message).toMatchObject({ valid: true });
      // A dead writer's lock is taken over: the default 5 s lock timeout is never reached.
      const entry = await appendDecision(path, mixedDecision());
      acknowledged.push({ seq: entry.seq, hash: entry.hash });
    }
    expect(await verifyDecisionLog(path)).toMatchObject({ valid: true });
    const hashes = new Map(
      (await readFile(path, 'utf8'))
        .split('\n')
        .filter(line => line !== '')
        .map(line => JSON.parse(line) as Ack)
        .map(entry => [entry.seq, entry.hash]),
    );
    for (const ack of acknowledged) expect(hashes.get(ack.seq)).toBe(ack.hash);
    expect((await readDecisionLogHead(path)).sequence).toBe(hashes.size);
  }, 60_000);
});
