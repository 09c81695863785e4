import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityModel, identityRequest } from '../__fixtures__/models';
import { functionModel } from '../models/function-model';
import { createInferenceServer, type InferenceServer } from './inference-server';
import { closeOnSignals, type InferenceListener, listen } from './node-listener';

let server: InferenceServer;
let listener: InferenceListener;
const slowCalls: number[] = [];
let closedSockets = 0;
/** While closed, the slow model holds every call until the test opens it. */
let gate: { promise: Promise<void>; open(): void } | undefined;
function closeGate() {
  let open: () => void = () => undefined;
  const promise = new Promise<void>(resolve => (open = resolve));
  gate = {
    promise,
    open: () => {
      gate = undefined;
      open();
    },
  };
  return gate;
}
async function inFlight(model: string): Promise<number> {
  const text = await server.registry.metrics();
  return Number(
    text.match(
      new RegExp(`ballast_inference_requests_in_flight\\{model="${model}"\\} (\\d+)`),
    )?.[1] ?? 0,
  );
}

beforeAll(async () => {
  server = createInferenceServer({
    models: [
      identityModel({ maxBatchSize: 16 }),
      functionModel({
        name: 'slow',
        inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
        outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 4] }],
        batching: { maxQueueSize: 8 },
        warmup: false,
        predict: async ({ x }) => {
          slowCalls.push(x?.shape[0] ?? 0);
          await gate?.promise;
          return { y: { shape: x?.shape ?? [], data: x?.data ?? [] } };
        },
      }),
      functionModel({
        name: 'picky',
        inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
        outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 4] }],
        batching: { maxBatchSize: 32 },
        predict: async ({ x }) => {
          await new Promise(resolve => setTimeout(resolve, 2));
          if ((x?.data as Float32Array | undefined)?.includes(-1))
            throw new Error('cannot score -1');
          return { y: { shape: x?.shape ?? [], data: x?.data ?? [] } };
        },
      }),
    ],
    onError: () => undefined,
  });
  listener = await listen(server, { port: 0, bodyLimit: 64 * 1024 });
  listener.httpServer.on('connection', socket => socket.on('close', () => closedSockets++));
});
afterAll(() => listener.close({ graceMs: 0 }));

async function post(path: string, body: Buffer | string, headers: Record<string, string> = {}) {
  const response = await fetch(`${listener.url}${path}`, { method: 'POST', body, headers });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as any,
  };
}

describe('listen (node:http)', () => {
  it('serves inference and health over HTTP on loopback', async () => {
    expect(listener.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await post('/v2/models/identity/infer', identityRequest(2, 0, 'h1'));
    expect(response).toMatchObject({
      status: 200,
      json: { id: 'h1', outputs: [{ shape: [2, 4] }] },
    });
    expect((await fetch(`${listener.url}/v2/health/ready`)).status).toBe(200);
    expect((await fetch(`${listener.url}/metrics`)).headers.get('content-type')).toContain(
      'text/plain',
    );
  });

  it('answers 413 to an oversized body and 400 to malformed JSON, then keeps serving', async () => {
    const oversized = await post('/v2/models/identity/infer', Buffer.alloc(128 * 1024, 32));
    expect(oversized.status).toBe(413);
    expect(oversized.json.error).toContain('limit');
    const malformed = await post('/v2/models/identity/infer', '{"inputs": [ {');
    expect(malformed).toMatchObject({
      status: 400,
      json: { error: expect.stringContaining('JSON') },
    });
    expect((await post('/v2/models/identity/infer', identityRequest(1))).status).toBe(200);
  });

  it('answers 413 to a chunked body that grows past the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        `${listener.url}/v2/models/identity/infer`,
        { method: 'POST' },
        response => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      for (let chunk = 0; chunk < 10; chunk++) request.write(Buffer.alloc(16 * 1024, 32));
      request.end();
    });
    expect(status).toBe(413);
  });

  it('survives garbage on the socket and clients that vanish mid-request', async () => {
    await new Promise<void>(resolve => {
      const socket = connect(listener.port, '127.0.0.1', () => socket.write('NOT HTTP\r\n\r\n'));
      socket.on('data', () => socket.destroy());
      socket.on('close', () => resolve());
    });
    const callsBefore = slowCalls.length;
    const held = closeGate();
    // Occupy the slow model, then queue requests behind it whose clients disconnect.
    const occupying = post('/v2/models/slow/infer', identityRequest(1));
    const controllers = Array.from({ length: 3 }, () => new AbortController());
    const abandoned = controllers.map(controller =>
      fetch(`${listener.url}/v2/models/slow/infer`, {
        method: 'POST',
        body: identityRequest(1),
        signal: controller.signal,
      }).catch(() => 'aborted'),
    );
    await expect.poll(() => inFlight('slow')).toBe(4);
    const closedBefore = closedSockets;
    for (const controller of controllers) controller.abort();
    expect(await Promise.all(abandoned)).toEqual(['aborted', 'aborted', 'aborted']);
    // A half-sent body whose client goes away.
    await new Promise<void>(resolve => {
      const socket = connect(listener.port, '127.0.0.1', () => {
        socket.write(
          'POST /v2/models/identity/infer HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\n{"inputs"',
        );
        setTimeout(() => socket.destroy(), 10);
      });
      socket.on('close', () => resolve());
    });
    // Wait until the server has seen the three disconnects before the model frees up.
    await expect.poll(() => closedSockets).toBeGreaterThanOrEqual(closedBefore + 3);
    held.open();
    expect((await occupying).status).toBe(200);
    // The abandoned requests were skipped instead of run.
    await expect.poll(() => inFlight('slow')).toBe(0);
    expect(slowCalls.length - callsBefore).toBe(1);
    expect((await post('/v2/models/identity/infer', identityRequest(1))).status).toBe(200);
  });

  it('sheds overload with 503 + Retry-After, never crashes, and keeps memory bounded', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const held = closeGate();
    let answered = 0;
    const pending = Array.from({ length: 60 }, () =>
      post('/v2/models/slow/infer', identityRequest(1)).then(response => {
        answered++;
        return response;
      }),
    );
    // One call runs and 8 wait in the queue; the other 51 are refused without waiting.
    await expect.poll(() => answered, { timeout: 20_000 }).toBe(51);
    expect(await inFlight('slow')).toBe(9);
    held.open();
    const responses = await Promise.all(pending);
    const statuses = responses.map(response => response.status);
    const shed = responses.filter(response => response.status === 503);
    expect(statuses.filter(status => status === 200)).toHaveLength(9);
    expect(shed).toHaveLength(51);
    expect(shed[0]?.headers.get('retry-after')).toBe('1');
    expect(shed[0]?.json.error).toContain('queue');
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(heapGrowth).toBeLessThan(64 * 1024 * 1024);
    expect((await fetch(`${listener.url}/v2/health/live`)).status).toBe(200);
  });

  it('fails only the requests a throwing model cannot score', async () => {
    const bodies = Array.from({ length: 40 }, (_, index) => {
      const body = JSON.parse(identityRequest(1, index).toString());
      if (index % 10 === 3) body.inputs[0].data[0] = -1;
      return { index, body: JSON.stringify(body) };
    });
    const results = await Promise.all(
      bodies.map(({ body }) => post('/v2/models/picky/infer', body)),
    );
    results.forEach((result, index) => {
      if (index % 10 === 3)
        expect(result).toMatchObject({
          status: 500,
          json: { error: expect.stringContaining('-1') },
        });
      else
        expect(result).toMatchObject({
          status: 200,
          json: { outputs: [{ data: [index, index + 1, index + 2, index + 3] }] },
        });
    });
  });
});

describe('closeOnSignals', () => {
  it('closes the listener gracefully on a signal and removes its handlers', async () => {
    const own = createInferenceServer({ models: [identityModel()], onError: () => undefined });
    const ownListener = await listen(own);
    const before = process.listenerCount('SIGUSR2');
    const dispose = closeOnSignals(ownListener, { signals: ['SIGUSR2'], graceMs: 0, exit: false });
    expect(process.listenerCount('SIGUSR2')).toBe(before + 1);
    process.emit('SIGUSR2');
    await expect.poll(() => ownListener.httpServer.listening).toBe(false);
    expect(own.isReady()).toBe(false);
    dispose();
    expect(process.listenerCount('SIGUSR2')).toBe(before);
  });
});
