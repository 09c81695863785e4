import { join } from 'node:path';
import { InvalidInputError, UnavailableDependencyError } from '@ballast/contracts';
import {
  conformanceEvents,
  describeLineageEmitterConformance,
} from '../conformance/lineage-emitter-conformance';
import { describe, expect, it } from 'vitest';
import * as vitest from 'vitest';
import { startLineagePeer } from '../__fixtures__/lineage-peer';
import { readJsonLines } from '../__fixtures__/json-lines';
import { temporaryDirectory } from '../__fixtures__/temporary-directory';
import { createCompositeTransport } from './composite-transport';
import { createFileTransport } from './file-transport';
import { createHttpTransport } from './http-transport';
import { createOutboxTransport } from './outbox-transport';

describe('composite transport', () => {
  it('fans out to every child', async () => {
    const peer = await startLineagePeer();
    const directory = await temporaryDirectory();
    const path = join(directory.path, 'events.jsonl');
    const composite = createCompositeTransport({
      transports: [createFileTransport({ path }), createHttpTransport({ url: peer.proxy.url })],
    });
    const events = conformanceEvents(4, 2);
    for (const event of events) await composite.emit(event);
    await composite.close();
    expect(await readJsonLines(path)).toEqual(events);
    expect(peer.store.events()).toEqual(events);
    expect(composite.name).toBe('composite(file,http)');
    await peer.close();
    await directory.remove();
  });

  it('reports which children failed while the others keep the event', async () => {
    const peer = await startLineagePeer();
    const directory = await temporaryDirectory();
    const path = join(directory.path, 'events.jsonl');
    peer.proxy.setDefault({ status: 400 });
    const composite = createCompositeTransport({
      transports: [
        createFileTransport({ path }),
        createHttpTransport({ url: peer.proxy.url, retry: { maxAttempts: 1 } }),
      ],
    });
    const [event] = conformanceEvents(1, 1);
    const error = await composite.emit(event!).catch(caught => caught);
    expect(UnavailableDependencyError.isInstance(error)).toBe(true);
    expect(error.code).toBe('COMPOSITE_PARTIAL_FAILURE');
    expect(error.isRetryable).toBe(false);
    expect(error.details.failed).toEqual([
      expect.objectContaining({ index: 1, transport: 'http', code: 'LINEAGE_EVENT_REJECTED' }),
    ]);
    expect(error.details.succeeded).toBe(1);
    expect(InvalidInputError.isInstance(error.cause)).toBe(true);
    expect(await readJsonLines(path)).toEqual([event]);
    await composite.close();
    await peer.close();
    await directory.remove();
  });

  it('needs at least one child', () => {
    expect(() => createCompositeTransport({ transports: [] })).toThrow(/at least one/);
  });
});

describeLineageEmitterConformance(
  'composite of file and outbox over HTTP',
  {
    async createSubject() {
      const peer = await startLineagePeer();
      const directory = await temporaryDirectory();
      const path = join(directory.path, 'events.jsonl');
      const outbox = await createOutboxTransport({
        directory: join(directory.path, 'outbox'),
        transport: createHttpTransport({ url: peer.proxy.url, retry: { maxAttempts: 1 } }),
        retry: { initialDelayMs: 2, maxDelayMs: 20 },
      });
      peer.proxy.queue({ status: 502 }, 'forward', 'drop');
      const emitter = createCompositeTransport({
        transports: [createFileTransport({ path }), outbox],
      });
      return {
        emitter,
        // Both receivers must hold the same events; the HTTP side is the one read back.
        async readBack() {
          const received = peer.store.events();
          const written = await readJsonLines(path);
          if (received.length === written.length) expect(received).toEqual(written);
          return received as never;
        },
        settle: () => outbox.flush(10_000),
        async cleanup() {
          await peer.close();
          await directory.remove();
        },
      };
    },
  },
  vitest,
);
