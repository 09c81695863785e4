import { spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, TimeoutError } from '@ballast/contracts';
import {
  conformanceEvents,
  describeLineageEmitterConformance,
} from '../conformance/lineage-emitter-conformance';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as vitest from 'vitest';
import { startLineagePeer } from '../__fixtures__/lineage-peer';
import { temporaryDirectory } from '../__fixtures__/temporary-directory';
import { createHttpTransport } from './http-transport';
import { eventKey } from './lineage-transport';
import { createOutboxTransport } from './outbox-transport';

// The outbox retries by itself; the HTTP transport under it makes one attempt per round.
const httpOptions = { retry: { maxAttempts: 1 }, timeoutMs: 2000 };
const outboxRetry = { initialDelayMs: 2, maxDelayMs: 20 };

describe('outbox transport', () => {
  let peer: Awaited<ReturnType<typeof startLineagePeer>>;
  let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
  const open = (folder = directory.path, closeTimeoutMs = 5000) =>
    createOutboxTransport({
      directory: folder,
      transport: createHttpTransport({ url: peer.proxy.url, ...httpOptions }),
      retry: outboxRetry,
      closeTimeoutMs,
    });
  const keysOf = (events: unknown[]) => events.map(event => eventKey(event as never));

  beforeEach(async () => {
    peer = await startLineagePeer();
    directory = await temporaryDirectory();
  });
  afterEach(async () => {
    await peer.close();
    await directory.remove();
  });

  it('keeps events on disk while the endpoint is down and delivers them in order when it is back', async () => {
    peer.proxy.setDefault({ status: 503 });
    const outbox = await open();
    const events = conformanceEvents(12, 3);
    for (const event of events) await outbox.emit(event);
    expect(outbox.pendingCount()).toBe(12);
    expect(
      (await readdir(join(directory.path, 'pending'))).filter(name => name.endsWith('.json')),
    ).toHaveLength(12);
    await expect(outbox.flush(100)).rejects.toSatisfy(
      error => TimeoutError.isInstance(error) && error.code === 'OUTBOX_FLUSH_TIMEOUT',
    );
    expect(peer.store.events()).toHaveLength(0);

    peer.proxy.setDefault('forward');
    await outbox.flush(10_000);
    expect(keysOf(peer.store.events())).toEqual(keysOf(events));
    expect(await readdir(join(directory.path, 'pending'))).toEqual([]);
    await outbox.close();
  });

  it('survives a restart: a new outbox on the same folder resends what is pending', async () => {
    peer.proxy.setDefault({ status: 503 });
    const first = await open(directory.path, 50);
    const events = conformanceEvents(9, 3);
    for (const event of events) await first.emit(event);
    await first.close();
    expect(first.pendingCount()).toBe(9);

    peer.proxy.setDefault('forward');
    const second = await open();
    await second.flush(10_000);
    await second.close();
    expect(keysOf(peer.store.events())).toEqual(keysOf(events));
    expect(peer.duplicates()).toBe(0);
  });

  it('resending after a lost acknowledgement does not duplicate at a deduplicating receiver', async () => {
    peer.proxy.queue('lose-acknowledgement', 'forward', 'lose-acknowledgement');
    const outbox = await open();
    const events = conformanceEvents(6, 2);
    for (const event of events) await outbox.emit(event);
    await outbox.flush(10_000);
    await outbox.close();
    // The receiver saw two retries of events it already had, with identical keys.
    expect(peer.proxy.requests.length).toBe(8);
    expect(peer.duplicates()).toBe(2);
    expect(keysOf(peer.store.events())).toEqual(keysOf(events));
  });

  it('a crash between the 2xx and the delete resends on restart, and the receiver dedups', async () => {
    peer.proxy.setDefault({ status: 503 });
    const first = await open(directory.path, 50);
    const events = conformanceEvents(5, 1);
    for (const event of events) await first.emit(event);
    await first.close();
    // The copy is the folder as a crash right after the receiver's 2xx would leave it.
    const crashed = await temporaryDirectory();
    await cp(directory.path, crashed.path, { recursive: true });

    peer.proxy.setDefault('forward');
    const second = await open();
    await second.flush(10_000);
    await second.close();
    const third = await open(crashed.path);
    await third.flush(10_000);
    await third.close();
    await crashed.remove();
    expect(peer.duplicates()).toBe(5);
    expect(keysOf(peer.store.events())).toEqual(keysOf(events));
  });

  it('keeps order per run through intermittent failures', async () => {
    peer.proxy.queue(
      { status: 500 },
      'forward',
      'drop',
      'forward',
      'forward',
      { status: 503 },
      'lose-acknowledgement',
    );
    const outbox = await open();
    const events = conformanceEvents(15, 3);
    await Promise.all(events.map(event => outbox.emit(event)));
    await outbox.flush(10_000);
    await outbox.close();
    expect(keysOf(peer.store.events())).toEqual(keysOf(events));
  });

  it('moves an event refused with a 4xx to rejected/ and goes on with the next ones', async () => {
    peer.proxy.queue('forward', { status: 400 });
    const outbox = await open();
    const events = conformanceEvents(4, 1);
    for (const event of events) await outbox.emit(event);
    await outbox.flush(10_000);
    expect(keysOf(await outbox.rejected())).toEqual(keysOf([events[1]]));
    expect(keysOf(peer.store.events())).toEqual(keysOf([events[0], events[2], events[3]]));
    const reasons = (await readdir(join(directory.path, 'rejected'))).filter(name =>
      name.includes('reason'),
    );
    expect(reasons).toHaveLength(1);
    await outbox.close();
  });

  it('locks the folder against a second outbox, and takes over the lock of a crashed holder', async () => {
    const outbox = await open();
    await expect(open()).rejects.toSatisfy(
      error => ConflictError.isInstance(error) && error.code === 'DIRECTORY_LOCKED',
    );
    await outbox.close();
    // A lock left by a process that took it and exited without releasing it.
    const crashed = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const kit = await import('@ballast/kit'); await kit.acquireFileLock(process.argv[1]); process.exit(0);",
        join(directory.path, 'outbox.lock'),
      ],
      { encoding: 'utf8' },
    );
    expect(crashed.status, crashed.stderr).toBe(0);
    expect(await readdir(directory.path)).toContain('outbox.lock');
    const reopened = await open();
    await reopened.close();
  });

  it('never breaks a lock file it cannot read, and says how to clear it', async () => {
    await writeFile(join(directory.path, 'outbox.lock'), '12345');
    await expect(open()).rejects.toSatisfy(
      error =>
        ConflictError.isInstance(error) &&
        error.code === 'DIRECTORY_LOCKED' &&
        /delete the file/.test(error.message),
    );
  });

  it('numbers new events after the rejected ones, so nothing is overwritten', async () => {
    peer.proxy.queue({ status: 422 }, { status: 422 });
    const first = await open();
    for (const event of conformanceEvents(2, 1)) await first.emit(event);
    await first.flush(10_000);
    await first.close();
    peer.proxy.queue({ status: 422 });
    const second = await open();
    const [later] = conformanceEvents(3, 1).slice(2);
    await second.emit(later!);
    await second.flush(10_000);
    expect(await second.rejected()).toHaveLength(3);
    await second.close();
  });

  it('discards temporary files of writes that never completed', async () => {
    const folder = join(directory.path, 'pending');
    const outbox = await open();
    await outbox.close();
    await writeFile(join(folder, '0000000000000007.json.tmp'), '{"torn');
    const reopened = await open();
    expect(reopened.pendingCount()).toBe(0);
    expect(await readdir(folder)).toEqual([]);
    await reopened.close();
  });

  it('moves empty, garbage and unreadable pending files to quarantine/ and starts anyway', async () => {
    const pending = join(directory.path, 'pending');
    const [valid] = conformanceEvents(1, 1);
    const first = await open();
    await first.close();
    await writeFile(join(pending, '0000000000000001.json'), '');
    await writeFile(join(pending, '0000000000000002.json'), '{"eventTime": garbage');
    await writeFile(join(pending, '0000000000000003.json'), JSON.stringify({ not: 'an event' }));
    await mkdir(join(pending, '0000000000000004.json'));
    await writeFile(join(pending, '0000000000000005.json'), JSON.stringify(valid));
    const warnings: string[] = [];
    const reopened = await createOutboxTransport({
      directory: directory.path,
      transport: createHttpTransport({ url: peer.proxy.url, ...httpOptions }),
      retry: outboxRetry,
      onWarning: warning => warnings.push(warning.code),
    });
    await reopened.flush(10_000);
    expect(keysOf(peer.store.events())).toEqual(keysOf([valid]));
    expect(warnings).toEqual(Array.from({ length: 4 }, () => 'OUTBOX_FILE_QUARANTINED'));
    expect((await readdir(join(directory.path, 'quarantine'))).sort()).toEqual([
      '0000000000000001.json',
      '0000000000000002.json',
      '0000000000000003.json',
      '0000000000000004.json',
    ]);
    // New events are numbered above the quarantined ones, so nothing is overwritten.
    const [, later] = conformanceEvents(2, 1);
    await reopened.emit(later!);
    expect(await readdir(pending)).toEqual(['0000000000000006.json']);
    await reopened.close();
  });

  it('removes temporary files a dead writer left, and delivers concurrent emits in full', async () => {
    const outbox = await open();
    await outbox.close();
    // A temporary file of another writer that died: removed at start, never renamed onto.
    const stray = join(
      directory.path,
      'pending',
      `.0000000000000000.json.${process.pid}.1.abc.tmp`,
    );
    await writeFile(stray, '{"torn');
    const reopened = await open();
    expect(await readdir(join(directory.path, 'pending'))).toEqual([]);
    await Promise.all(conformanceEvents(20, 4).map(event => reopened.emit(event)));
    await reopened.flush(10_000);
    expect(peer.store.events()).toHaveLength(20);
    await reopened.close();
  });
});

describeLineageEmitterConformance(
  'outbox over HTTP',
  {
    async createSubject() {
      const peer = await startLineagePeer();
      const directory = await temporaryDirectory();
      const emitter = await createOutboxTransport({
        directory: directory.path,
        transport: createHttpTransport({ url: peer.proxy.url, ...httpOptions }),
        retry: outboxRetry,
      });
      // A few failures on the way, so the suite also covers retried deliveries.
      peer.proxy.queue({ status: 503 }, 'forward', 'lose-acknowledgement', 'drop');
      return {
        emitter,
        readBack: async () => peer.store.events() as never,
        settle: () => emitter.flush(10_000),
        async cleanup() {
          await peer.close();
          await directory.remove();
        },
      };
    },
  },
  vitest,
);
