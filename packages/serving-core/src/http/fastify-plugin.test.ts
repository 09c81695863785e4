import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { identityModel, identityRequest } from '../__fixtures__/models';
import { encodeBinaryTensor } from '../codec/binary-tensor';
import { createFastifyInferenceApp, fastifyInferencePlugin } from './fastify-plugin';
import { createInferenceServer, type InferenceServer } from './inference-server';

let server: InferenceServer;
beforeAll(async () => {
  server = createInferenceServer({ models: [identityModel()], onError: () => undefined });
  await server.waitUntilLoaded();
});
afterAll(() => server.shutdown({ graceMs: 0 }));

describe('fastifyInferencePlugin', () => {
  it('mounts the protocol under a prefix inside an existing app', async () => {
    const app = Fastify();
    app.get('/own-route', async () => ({ mine: true }));
    await app.register(fastifyInferencePlugin, { server, prefix: '/inference', bodyLimit: 1024 });
    const ready = await app.inject({ method: 'GET', url: '/inference/v2/health/ready' });
    expect(ready.json()).toEqual({ ready: true });
    const inferred = await app.inject({
      method: 'POST',
      url: '/inference/v2/models/identity/infer',
      headers: { 'content-type': 'application/json' },
      payload: identityRequest(1, 0, 'f1'),
    });
    expect(inferred.statusCode).toBe(200);
    expect(inferred.json()).toMatchObject({ id: 'f1', outputs: [{ data: [0, 1, 2, 3] }] });
    expect((await app.inject({ method: 'GET', url: '/own-route' })).json()).toEqual({ mine: true });
    const tooLarge = await app.inject({
      method: 'POST',
      url: '/inference/v2/models/identity/infer',
      headers: { 'content-type': 'application/json' },
      payload: Buffer.alloc(4096, 32),
    });
    expect(tooLarge.statusCode).toBe(413);
    const malformed = await app.inject({
      method: 'POST',
      url: '/inference/v2/models/identity/infer',
      headers: { 'content-type': 'application/json' },
      payload: '{"inputs":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toContain('JSON');
    await app.close();
  });

  it('carries binary tensor bodies untouched', async () => {
    const app = await createFastifyInferenceApp({ server, fastify: Fastify as never });
    const bytes = encodeBinaryTensor('FP32', new Float32Array([1, 2, 3, 4]));
    const header = Buffer.from(
      JSON.stringify({
        inputs: [
          { name: 'x', shape: [1, 4], datatype: 'FP32', parameters: { binary_data_size: 16 } },
        ],
        parameters: { binary_data_output: true },
      }),
    );
    const response = await app.inject({
      method: 'POST',
      url: '/v2/models/identity/infer',
      headers: {
        'content-type': 'application/octet-stream',
        'inference-header-content-length': String(header.byteLength),
      },
      payload: Buffer.concat([header, bytes]),
    });
    expect(response.statusCode).toBe(200);
    const length = Number(response.headers['inference-header-content-length']);
    expect(Buffer.compare(response.rawPayload.subarray(length), bytes)).toBe(0);
    await app.close();
  });

  it('imports fastify lazily and explains how to install it when missing', async () => {
    vi.doMock('fastify', () => {
      throw new Error('Cannot find package fastify');
    });
    const { createFastifyInferenceApp: createWithoutFastify } = await import('./fastify-plugin');
    await expect(createWithoutFastify({ server })).rejects.toMatchObject({
      code: 'MISSING_PEER_DEPENDENCY',
      message: expect.stringContaining('npm install fastify'),
    });
    vi.doUnmock('fastify');
  });
});
