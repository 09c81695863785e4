import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mlLineageScenario } from '../__fixtures__/ml-lineage-scenario';
import { createLineageStore } from '../store/lineage-store';
import { type LineageServer, serveLineage } from './serve-lineage';

describe('serveLineage', () => {
  const store = createLineageStore();
  let server: LineageServer;
  beforeAll(async () => {
    server = await serveLineage(store, {
      port: 0,
      host: '127.0.0.1',
      apiKey: 'key',
      maxBodyBytes: 64 * 1024,
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer key', ...headers },
      body,
    });

  it('accepts events with 201, plain or gzipped', async () => {
    const events = mlLineageScenario();
    for (const [index, event] of events.entries()) {
      const json = JSON.stringify(event);
      const response =
        index % 2 === 0
          ? await post(json)
          : await post(gzipSync(json), { 'content-encoding': 'gzip' });
      expect(response.status).toBe(201);
    }
    expect(store.events()).toHaveLength(events.length);
  });

  it('answers 400 with the path for an invalid event, and for bad JSON', async () => {
    const response = await post(JSON.stringify({ ...mlLineageScenario()[0], eventType: 'DONE' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, any>;
    expect(body).toMatchObject({ error: 'INVALID_EVENT', path: 'eventType' });
    expect(body.message).toContain('eventType');
    expect((await post('{nope')).status).toBe(400);
  });

  it('requires the bearer token when configured', async () => {
    expect((await post('{}', { authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('refuses bodies that are too large', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(70 * 1024) });
    expect((await post(big)).status).toBe(413);
    expect((await post(gzipSync(big), { 'content-encoding': 'gzip' })).status).toBe(413);
  });

  it('GET /api/v1/lineage answers the Marquez graph', async () => {
    const nodeId = 'datasetVersion:mlflow://mlflow:5000:models/churn/versions/2:2';
    const response = await fetch(
      `${server.url}/api/v1/lineage?nodeId=${encodeURIComponent(nodeId)}&depth=1`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(body).toEqual(JSON.parse(JSON.stringify(store.lineage(nodeId, { depth: 1 }))));
    expect(body.graph.map((node: { type: string }) => node.type).sort()).toEqual([
      'DATASET',
      'DATASET',
      'DATASET',
      'JOB',
      'JOB',
    ]);
  });

  it('answers 400 without nodeId or with a bad depth, 404 for unknown nodes and routes', async () => {
    expect((await fetch(`${server.url}/api/v1/lineage`)).status).toBe(400);
    expect(
      (await fetch(`${server.url}/api/v1/lineage?nodeId=job:ml:churn.train&depth=-2`)).status,
    ).toBe(400);
    const missing = await fetch(`${server.url}/api/v1/lineage?nodeId=job:none:none`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe('LINEAGE_NODE_NOT_FOUND');
    expect((await fetch(`${server.url}/api/v1/other`)).status).toBe(404);
  });

  it('pages raw events', async () => {
    const response = await fetch(`${server.url}/api/v1/events/lineage?limit=2&offset=1`);
    const body = (await response.json()) as Record<string, any>;
    expect(body.totalCount).toBe(store.events().length);
    expect(body.events).toEqual(JSON.parse(JSON.stringify(store.events().slice(1, 3))));
  });
});
