import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type Service } from './app';

let service: Service;
let url: string;
beforeAll(async () => {
  service = await createService();
  url = await service.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => service.close());

describe('serving-core mounted in an existing fastify app', () => {
  it('keeps the app own JSON routes working', async () => {
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
    const created = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'o-1', distanceKm: 4, items: 2 }),
    });
    expect(created.status).toBe(201);
    // 10 + 3 * 4 + 0.5 * 2 = 23, computed by the model through the inference server
    expect(await created.json()).toEqual({ id: 'o-1', distanceKm: 4, items: 2, etaMinutes: 23 });
    expect((await fetch(`${url}/orders/o-1`)).status).toBe(200);
    const invalid = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'o-2', distanceKm: -1, items: 0 }),
    });
    expect(invalid.status).toBe(400); // fastify's schema validation, untouched by the plugin
  });

  it('serves the Open Inference Protocol under /ml', async () => {
    expect(await (await fetch(`${url}/ml/v2/health/live`)).json()).toEqual({ live: true });
    expect(await (await fetch(`${url}/ml/v2/health/ready`)).json()).toEqual({ ready: true });
    const metadata = await (await fetch(`${url}/ml/v2/models/eta`)).json();
    expect(metadata).toMatchObject({
      name: 'eta',
      inputs: [{ name: 'features', datatype: 'FP32' }],
    });
    const inferred = await fetch(`${url}/ml/v2/models/eta/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'r1',
        inputs: [{ name: 'features', datatype: 'FP32', shape: [2, 2], data: [1, 1, 10, 5] }],
      }),
    });
    expect(inferred.status).toBe(200);
    expect(await inferred.json()).toEqual({
      model_name: 'eta',
      model_version: '1',
      id: 'r1',
      outputs: [{ name: 'minutes', datatype: 'FP32', shape: [2], data: [13.5, 42.5] }],
    });
    const wrongShape = await fetch(`${url}/ml/v2/models/eta/infer`, {
      method: 'POST',
      body: JSON.stringify({
        inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }],
      }),
    });
    expect(wrongShape.status).toBe(400);
  });

  it('counts both paths in the same metrics', async () => {
    const metrics = await (await fetch(`${url}/ml/metrics`)).text();
    const line = metrics
      .split('\n')
      .find(
        l => l.startsWith('ballast_inference_requests_total{') && l.includes('outcome="success"'),
      );
    // one from POST /orders, one from /ml/v2/models/eta/infer
    expect(line).toMatch(/ 2$/);
  });

  it('routes outside both stay 404', async () => {
    expect((await fetch(`${url}/v2/health/ready`)).status).toBe(404);
  });
});
