import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ModelVersion, SPEC_VERSION, TimeoutError } from '@ballast/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { createMlflowRegistry } from './mlflow-registry';
import type { MlflowRequestEvent } from './mlflow-transport';

/** A loopback server that sends its headers and a few bytes, then never finishes the body. */
async function stallingServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    response.write('{"registered_model": {"name": "fr');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

const version: ModelVersion = {
  kind: 'ModelVersion',
  specVersion: SPEC_VERSION,
  name: 'fraud',
  version: '1',
  aliases: [],
  tags: {},
  source: 'mlflow-artifacts:/ballast/models/fraud/abc',
  status: 'READY',
  approval: 'pending',
  artifacts: [
    {
      path: 'model.bin',
      uri: 'mlflow-artifacts:/ballast/models/fraud/abc/model.bin',
      sha256: 'a'.repeat(64),
      size: 1000,
    },
  ],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('MlflowTransport deadlines', () => {
  let server: Server | undefined;
  let workspace: string | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise(resolve => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
    if (workspace) await rm(workspace, { recursive: true, force: true });
    workspace = undefined;
  });

  it('fails a JSON call whose body stalls after the headers with a TimeoutError', async () => {
    const stalling = await stallingServer();
    server = stalling.server;
    const registry = createMlflowRegistry({
      trackingUri: stalling.url,
      timeoutMs: 200,
      retries: 0,
    });
    const error = await registry.getRegisteredModel('fraud').catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).code).toBe('REQUEST_TIMEOUT');
  });

  it('fails a download whose body stalls with a TimeoutError and leaves no file', async () => {
    const stalling = await stallingServer();
    server = stalling.server;
    workspace = await mkdtemp(join(tmpdir(), 'mlflow-stall-'));
    const registry = createMlflowRegistry({
      trackingUri: stalling.url,
      timeoutMs: 200,
      retries: 0,
    });
    const error = await registry
      .downloadArtifacts(version, workspace)
      .catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).code).toBe('REQUEST_TIMEOUT');
    expect(await readdir(workspace)).toEqual([]);
  });

  it('caps a Retry-After of an hour at maxRetryDelayMs', async () => {
    const replies = [
      new Response('{"error_code":"TEMPORARILY_UNAVAILABLE"}', {
        status: 503,
        headers: { 'retry-after': '3600' },
      }),
      new Response('{"registered_model":{"name":"fraud"}}', { status: 200 }),
    ];
    const events: MlflowRequestEvent[] = [];
    const registry = createMlflowRegistry({
      trackingUri: 'http://mlflow.test',
      fetch: (async () => replies.shift() as Response) as typeof fetch,
      retries: 1,
      retryDelayMs: 1,
      maxRetryDelayMs: 10,
      onRequest: event => events.push(event),
    });
    // Without the cap this call would wait an hour and the test would time out.
    expect((await registry.getRegisteredModel('fraud')).name).toBe('fraud');
    expect(events.map(event => event.status)).toEqual([503, 200]);
  });
});
