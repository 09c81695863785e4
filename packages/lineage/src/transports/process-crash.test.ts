import { type ChildProcess, fork } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLineageWorker } from '../__fixtures__/build-lineage-worker';
import { temporaryDirectory } from '../__fixtures__/temporary-directory';
import { loadLineageStore } from '../store/lineage-store';
import { createFileTransport } from './file-transport';

// Real child processes: killed with SIGKILL mid-write, or racing for one outbox folder.
let worker: string;
beforeAll(async () => {
  worker = await buildLineageWorker();
});

function start(args: string[]): { child: ChildProcess; exited: Promise<unknown> } {
  const child = fork(worker, args, {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise(resolve => child.once('exit', resolve));
  return { child, exited };
}

function waitFor<T>(child: ChildProcess, test: (message: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!test(message as T)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`worker exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function smallEvent(index: number) {
  return {
    eventType: 'COMPLETE' as const,
    eventTime: new Date(Date.UTC(2027, 0, 1) + index).toISOString(),
    producer: 'https://ballast.dev/lineage/tests',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: `0b0e1d2c-3a4b-4c5d-8e6f-${index.toString(16).padStart(12, '0')}` },
    job: { namespace: 'crash', name: 'next-writer' },
  };
}

describe('file transport under SIGKILL', () => {
  it('keeps the file loadable and every acknowledged event after writers are killed mid-line', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory.path, 'events.jsonl');
    const warnings: string[] = [];
    let acknowledged = 0;
    let torn = 0;
    for (let round = 1; round <= 8; round += 1) {
      // Lines of 4 MB: Node writes them in several chunks, so a kill can land between two.
      const { child, exited } = start(['file', path, String(round), String(4 * 1024 * 1024)]);
      const target = 2 + (round % 3);
      const { acked } = await waitFor<{ acked?: number }>(
        child,
        message => (message.acked ?? 0) >= target,
      );
      // A different moment each round: during the encoding of the next line, or inside its write.
      await new Promise(resolve => setTimeout(resolve, round));
      child.kill('SIGKILL');
      await exited;
      acknowledged += acked!;
      const contents = await readFile(path);
      if (contents.at(-1) !== 0x0a) torn += 1;
      // The next writer repairs a torn tail before its first append, then appends.
      const next = createFileTransport({
        path,
        onWarning: warning => warnings.push(warning.code),
      });
      await next.emit(smallEvent(round));
      await next.close();
      acknowledged += 1;
      const store = await loadLineageStore({ paths: [path] });
      expect(store.events().length).toBeGreaterThanOrEqual(acknowledged);
    }
    expect(warnings).toEqual(Array.from({ length: torn }, () => 'LINEAGE_TORN_LINE_QUARANTINED'));
    await directory.remove();
  });

  it('sets a torn last line aside before appending, so the file stays loadable', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory.path, 'events.jsonl');
    const first = smallEvent(1);
    await writeFile(path, `${JSON.stringify(first)}\n{"eventType":"START","eventTi`);
    const warnings: string[] = [];
    const transport = createFileTransport({ path, onWarning: w => warnings.push(w.message) });
    await transport.emit(smallEvent(2));
    await transport.close();
    const store = await loadLineageStore({ paths: [path] });
    expect(store.events()).toHaveLength(2);
    expect(await readFile(`${path}.torn`, 'utf8')).toBe('{"eventType":"START","eventTi\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('events.jsonl.torn');
    await directory.remove();
  });
});

describe('outbox folder contention', () => {
  it('gives one outbox folder to exactly one of three processes starting at once', async () => {
    // Five trials: the old lock let two or three in about one trial in five.
    for (let trial = 0; trial < 5; trial += 1) {
      const directory = await temporaryDirectory();
      const workers = [0, 1, 2].map(() => start(['outbox', directory.path, '30']));
      await Promise.all(workers.map(({ child }) => waitFor(child, () => true)));
      for (const { child } of workers) child.send('go');
      const outcomes = await Promise.all(
        workers.map(({ child }) =>
          waitFor<{ locked?: boolean; conflict?: string }>(
            child,
            message => message.locked === true || message.conflict !== undefined,
          ),
        ),
      );
      const winners = workers.filter((_, index) => outcomes[index]!.locked);
      expect(winners).toHaveLength(1);
      expect(outcomes.filter(outcome => outcome.conflict === 'DIRECTORY_LOCKED')).toHaveLength(2);
      const winner = winners[0]!;
      await waitFor<{ emitted?: number }>(winner.child, message => message.emitted === 30);
      winner.child.send('close');
      await Promise.all(workers.map(({ exited }) => exited));
      const delivered = await loadLineageStore({
        paths: [join(directory.path, 'delivered.jsonl')],
      });
      expect(delivered.events()).toHaveLength(30);
      expect(await readdir(join(directory.path, 'pending'))).toEqual([]);
      await directory.remove();
    }
  });
});
