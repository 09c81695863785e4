import { InvalidInputError, TimeoutError, UnavailableDependencyError } from '@ballast/contracts';
import { describeLineageEmitterConformance } from '../conformance/lineage-emitter-conformance';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as vitest from 'vitest';
import { startLineagePeer } from '../__fixtures__/lineage-peer';
import { runEvent } from '../events/builders';
import { createHttpTransport } from './http-transport';
import { serveLineage } from '../server/serve-lineage';
import { createLineageStore } from '../store/lineage-store';

const fastRetry = { maxAttempts: 4, initialDelayMs: 2, maxDelayMs: 10 };
const event = runEvent({
  eventType: 'START',
  eventTime: '2026-11-22T10:00:00.000Z',
  run: { runId: '0193f5a2-7c4e-7d1a-9b2f-5e6a7b8c9d0e' },
  job: { namespace: 'ml', name: 'train' },
});

describe('HTTP transport', () => {
  let peer: Awaited<ReturnType<typeof startLineagePeer>>;
  beforeEach(async () => {
    peer = await startLineagePeer({ apiKey: 'secret' });
  });
  afterEach(async () => {
    await peer.close();
  });

  it('posts to /api/v1/lineage with bearer auth; the receiver answers 201', async () => {
    const transport = createHttpTransport({
      url: peer.proxy.url,
      apiKey: 'secret',
      retry: fastRetry,
    });
    await transport.emit(event);
    await transport.close();
    expect(peer.proxy.requests).toHaveLength(1);
    expect(peer.proxy.requests[0]!.headers.authorization).toBe('Bearer secret');
    expect(peer.proxy.requests[0]!.headers['content-type']).toBe('application/json');
    expect(peer.store.events()).toEqual([event]);
  });

  it('gzips the body when asked', async () => {
    const transport = createHttpTransport({
      url: peer.proxy.url,
      apiKey: 'secret',
      compression: 'gzip',
    });
    await transport.emit(event);
    const request = peer.proxy.requests[0]!;
    expect(request.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(request.body).toString('utf8'))).toEqual(event);
    expect(peer.store.events()).toHaveLength(1);
  });

  it('retries 5xx, 429 and dropped connections, then succeeds', async () => {
    peer.proxy.queue({ status: 503 }, { status: 429, headers: { 'retry-after': '0' } }, 'drop');
    const transport = createHttpTransport({
      url: peer.proxy.url,
      apiKey: 'secret',
      retry: fastRetry,
    });
    await transport.emit(event);
    expect(peer.proxy.requests).toHaveLength(4);
    expect(peer.store.events()).toHaveLength(1);
  });

  it('honours Retry-After (seconds or HTTP date) only up to maxDelayMs', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toUTCString();
    peer.proxy.queue(
      { status: 429, headers: { 'retry-after': '3600' } },
      { status: 503, headers: { 'retry-after': inAnHour } },
    );
    const transport = createHttpTransport({
      url: peer.proxy.url,
      apiKey: 'secret',
      retry: { ...fastRetry, maxDelayMs: 5 },
    });
    // Without the cap this would wait an hour (and the test time out).
    await transport.emit(event);
    expect(peer.proxy.requests).toHaveLength(3);
    expect(peer.store.events()).toHaveLength(1);
  });

  it('does not retry a 4xx other than 429', async () => {
    peer.proxy.queue({ status: 400 });
    const transport = createHttpTransport({
      url: peer.proxy.url,
      apiKey: 'secret',
      retry: fastRetry,
    });
    const error = await transport.emit(event).catch(caught => caught);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(error.code).toBe('LINEAGE_EVENT_REJECTED');
    expect(error.details.status).toBe(400);
    expect(error.isRetryable).toBe(false);
    expect(peer.proxy.requests).toHaveLength(1);
  });

  it('a wrong token is refused once, not retried', async () => {
    const transport = createHttpTransport({
      url: peer.proxy.url,
      apiKey: 'wrong',
      retry: fastRetry,
    });
    await expect(transport.emit(event)).rejects.toMatchObject({ details: { status: 401 } });
    expect(peer.proxy.requests).toHaveLength(1);
  });

  it('gives up after maxAttempts with a retryable UnavailableDependencyError', async () => {
    peer.proxy.setDefault({ status: 502 });
    const transport = createHttpTransport({
      url: peer.proxy.url,
      apiKey: 'secret',
      retry: fastRetry,
    });
    const error = await transport.emit(event).catch(caught => caught);
    expect(UnavailableDependencyError.isInstance(error)).toBe(true);
    expect(error.code).toBe('LINEAGE_ENDPOINT_UNAVAILABLE');
    expect(error.isRetryable).toBe(true);
    expect(error.details.attempts).toBe(4);
    expect(peer.proxy.requests).toHaveLength(4);
  });

  it('times out a silent endpoint with a TimeoutError', async () => {
    peer.proxy.setDefault('hang');
    const transport = createHttpTransport({
      url: peer.proxy.url,
      timeoutMs: 50,
      retry: { maxAttempts: 2, initialDelayMs: 1 },
    });
    const error = await transport.emit(event).catch(caught => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error.code).toBe('LINEAGE_ENDPOINT_TIMEOUT');
    expect(peer.proxy.requests).toHaveLength(2);
  });

  it('reports a refused connection with the network error as cause', async () => {
    const store = createLineageStore();
    const server = await serveLineage(store);
    const url = server.url;
    await server.close();
    const transport = createHttpTransport({ url, retry: { maxAttempts: 2, initialDelayMs: 1 } });
    const error = await transport.emit(event).catch(caught => caught);
    expect(UnavailableDependencyError.isInstance(error)).toBe(true);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('validates the url and the event before sending', async () => {
    expect(() => createHttpTransport({ url: 'marquez:5000' })).toThrow(/url/);
    const transport = createHttpTransport({ url: peer.proxy.url });
    await expect(transport.emit({ ...event, eventTime: 'now' })).rejects.toThrow(/eventTime/);
    expect(peer.proxy.requests).toHaveLength(0);
  });

  it('close() cuts retry waits short', async () => {
    peer.proxy.setDefault({ status: 503 });
    const transport = createHttpTransport({
      url: peer.proxy.url,
      retry: { maxAttempts: 10, initialDelayMs: 60_000 },
    });
    const pending = transport.emit(event).catch(caught => caught);
    await new Promise(resolve => setTimeout(resolve, 50));
    await transport.close();
    expect(UnavailableDependencyError.isInstance(await pending)).toBe(true);
    expect(peer.proxy.requests).toHaveLength(1);
  });
});

describeLineageEmitterConformance(
  'HTTP transport',
  {
    async createSubject() {
      const peer = await startLineagePeer();
      const emitter = createHttpTransport({ url: peer.proxy.url, retry: fastRetry });
      return {
        emitter,
        readBack: async () => peer.store.events() as never,
        cleanup: () => peer.close(),
      };
    },
  },
  vitest,
);
