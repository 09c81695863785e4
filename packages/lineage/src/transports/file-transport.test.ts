import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError } from '@ballast/contracts';
import {
  conformanceEvents,
  describeLineageEmitterConformance,
} from '../conformance/lineage-emitter-conformance';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as vitest from 'vitest';
import { readJsonLines } from '../__fixtures__/json-lines';
import { temporaryDirectory } from '../__fixtures__/temporary-directory';
import { createFileTransport } from './file-transport';
import { loadLineageStore } from '../store/lineage-store';

describe('file transport', () => {
  let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
  beforeEach(async () => {
    directory = await temporaryDirectory();
  });
  afterEach(async () => {
    await directory.remove();
  });

  it('appends one event per line, creating folders, and appends across instances', async () => {
    const path = join(directory.path, 'nested/lineage/events.jsonl');
    const events = conformanceEvents(4, 2);
    const first = createFileTransport({ path });
    await first.emit(events[0]!);
    await first.emit(events[1]!);
    await first.close();
    const second = createFileTransport({ path });
    await second.emit(events[2]!);
    await second.emit(events[3]!);
    await second.close();
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toHaveLength(5);
    expect(text.endsWith('\n')).toBe(true);
    expect(await readJsonLines(path)).toEqual(events);
  });

  it('keeps call order for concurrent emits', async () => {
    const path = join(directory.path, 'events.jsonl');
    const transport = createFileTransport({ path });
    const events = conformanceEvents(50, 5);
    await Promise.all(events.map(event => transport.emit(event)));
    await transport.close();
    expect(await readJsonLines(path)).toEqual(events);
  });

  it('writes nothing for an invalid event and rejects after close', async () => {
    const path = join(directory.path, 'events.jsonl');
    const transport = createFileTransport({ path });
    const [event] = conformanceEvents(1, 1);
    await expect(transport.emit({ ...event!, producer: 'no uri' })).rejects.toThrow(/producer/);
    await transport.close();
    await expect(transport.emit(event!)).rejects.toSatisfy(
      error => ConflictError.isInstance(error) && error.code === 'EMITTER_CLOSED',
    );
    expect(await readJsonLines(path)).toEqual([]);
  });

  it('recovers when the folder cannot be created at first', async () => {
    const blocker = join(directory.path, 'blocker');
    await writeFile(blocker, 'a file where a folder should be');
    const transport = createFileTransport({ path: join(blocker, 'events.jsonl') });
    const [event] = conformanceEvents(1, 1);
    await expect(transport.emit(event!)).rejects.toThrow();
    await expect(transport.emit(event!)).rejects.toThrow();
    await transport.close();
  });

  it('is read back by loadLineageStore', async () => {
    const path = join(directory.path, 'events.jsonl');
    const transport = createFileTransport({ path, fsync: false });
    const events = conformanceEvents(6, 2);
    for (const event of events) await transport.emit(event);
    await transport.close();
    const store = await loadLineageStore({ paths: [path] });
    expect(store.events()).toEqual(events);
  });
});

describeLineageEmitterConformance(
  'file transport',
  {
    async createSubject() {
      const directory = await temporaryDirectory();
      const path = join(directory.path, 'events.jsonl');
      return {
        emitter: createFileTransport({ path }),
        readBack: async () => (await readJsonLines(path)) as never,
        settle: async () => undefined,
        cleanup: directory.remove,
      };
    },
  },
  vitest,
);
