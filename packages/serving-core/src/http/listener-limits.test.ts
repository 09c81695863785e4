import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { identityModel, identityRequest } from '../__fixtures__/models';
import { functionModel } from '../models/function-model';
import { createInferenceServer } from './inference-server';
import { listen } from './node-listener';

const quiet = { onError: () => undefined };

/** Opens a raw connection, writes `text`, and resolves with everything the server sends back. */
function rawExchange(url: string, text: string, keepOpen?: (socket: Socket) => void) {
  const { hostname, port } = new URL(url);
  return new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(text);
      keepOpen?.(socket);
    });
    let received = '';
    socket.on('data', chunk => {
      received += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
}

describe('listener limits', () => {
  it('answers 408 to a client that does not finish its headers', async () => {
    const server = createInferenceServer({ models: [identityModel()], ...quiet });
    const listener = await listen(server, { headersTimeoutMs: 100, bodyTimeoutMs: 200 });
    const answer = await rawExchange(
      listener.url,
      'POST /v2/models/identity/infer HTTP/1.1\r\nhost: x\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    await listener.close();
  });

  it('answers 408 to a client that does not finish its body', async () => {
    const server = createInferenceServer({ models: [identityModel()], ...quiet });
    const listener = await listen(server, { headersTimeoutMs: 100, bodyTimeoutMs: 200 });
    const answer = await rawExchange(
      listener.url,
      'POST /v2/models/identity/infer HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{"inputs"',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    await listener.close();
  });

  it('answers 503 when the bodies held at once would pass the cap, and recovers', async () => {
    const server = createInferenceServer({ models: [identityModel()], ...quiet });
    await server.waitUntilLoaded();
    const listener = await listen(server, { bodyLimit: 1000, maxInFlightBodyBytes: 1200 });
    let held: Socket | undefined;
    const unfinished = rawExchange(
      listener.url,
      'POST /v2/models/identity/infer HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\n{',
      socket => {
        held = socket;
      },
    );
    // Wait until the server has taken the first upload's reservation.
    const second = identityRequest(20);
    // Fits the body limit alone, but not beside the first upload's 1000 bytes.
    expect(second.length).toBeGreaterThan(200);
    expect(second.length).toBeLessThanOrEqual(1000);
    let refused: Response | undefined;
    while (refused === undefined) {
      const response = await fetch(`${listener.url}/v2/models/identity/infer`, {
        method: 'POST',
        body: second,
      });
      if (response.status === 503) refused = response;
      else await response.arrayBuffer();
    }
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { error: string }).error).toContain('retry shortly');
    held?.destroy();
    await unfinished;
    // The reservation is released with the connection.
    let status = 503;
    while (status === 503) {
      const response = await fetch(`${listener.url}/v2/models/identity/infer`, {
        method: 'POST',
        body: second,
      });
      status = response.status;
      await response.arrayBuffer();
    }
    expect(status).toBe(200);
    await listener.close();
  });

  it('gives the budget back after every answer on a keep-alive connection', async () => {
    const server = createInferenceServer({ models: [identityModel()], ...quiet });
    await server.waitUntilLoaded();
    const body = identityRequest(20);
    const listener = await listen(server, { bodyLimit: 1000, maxInFlightBodyBytes: 1000 });
    for (let index = 0; index < 30; index++) {
      const response = await fetch(`${listener.url}/v2/models/identity/infer`, {
        method: 'POST',
        body,
      });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
    }
    await listener.close();
  });

  it('closes by the drain deadline even while a model call never returns', async () => {
    let started: () => void = () => undefined;
    const running = new Promise<void>(resolve => {
      started = resolve;
    });
    const server = createInferenceServer({
      models: [
        functionModel({
          name: 'hung',
          inputs: [{ name: 'x', datatype: 'FP32', shape: [-1] }],
          outputs: [{ name: 'y', datatype: 'FP32', shape: [-1] }],
          warmup: false,
          predict: () => {
            started();
            return new Promise<never>(() => undefined);
          },
        }),
      ],
      ...quiet,
    });
    await server.waitUntilLoaded();
    const listener = await listen(server);
    const hung = fetch(`${listener.url}/v2/models/hung/infer`, {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ name: 'x', shape: [1], datatype: 'FP32', data: [1] }] }),
    }).then(
      () => 'answered',
      () => 'cut',
    );
    await running;
    // Without a hard deadline this never resolves (the test times out).
    await listener.close({ graceMs: 0, drainTimeoutMs: 100 });
    expect(server.isLive()).toBe(false);
    expect(await hung).toBe('cut');
  });

  it('closes an idle listener at once (no grace period unless asked)', async () => {
    const server = createInferenceServer({ models: [identityModel()], ...quiet });
    await server.waitUntilLoaded();
    const listener = await listen(server);
    await listener.close();
    expect(server.isLive()).toBe(false);
  }, 4000);
});
