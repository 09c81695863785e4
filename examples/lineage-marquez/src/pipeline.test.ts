import {
  createHttpTransport,
  createLineageStore,
  type LineageServer,
  type LineageStore,
  serveLineage,
} from '@ballast/lineage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelNodeId, runPipeline } from './pipeline';

const apiKey = 'test-key';
const headers = { authorization: `Bearer ${apiKey}` };
let store: LineageStore;
let server: LineageServer;
beforeAll(async () => {
  store = createLineageStore();
  server = await serveLineage(store, { apiKey, host: '127.0.0.1', port: 0 });
  const transport = createHttpTransport({
    url: server.url,
    apiKey,
    compression: 'gzip',
    retry: { maxAttempts: 1 },
  });
  await runPipeline(transport);
  await transport.close();
});
afterAll(() => server.close());

describe('lineage sent over HTTP to a Marquez-compatible endpoint', () => {
  it('received the four run events, in order', async () => {
    const response = await fetch(`${server.url}/api/v1/events/lineage?limit=10`, { headers });
    const body = (await response.json()) as {
      events: { eventType: string; job: { name: string } }[];
    };
    expect(body.events.map(event => `${event.job.name} ${event.eventType}`)).toEqual([
      'orders.features START',
      'orders.features COMPLETE',
      'orders.train START',
      'orders.train COMPLETE',
    ]);
  });

  it('answers the Marquez lineage query for the model with both jobs and the raw data', async () => {
    const response = await fetch(
      `${server.url}/api/v1/lineage?nodeId=${encodeURIComponent(modelNodeId)}&depth=2`,
      {
        headers,
      },
    );
    expect(response.status).toBe(200);
    const { graph } = (await response.json()) as { graph: { id: string; type: string }[] };
    expect(graph.map(node => node.id).sort()).toEqual([
      'dataset:s3://acme-data:orders/raw/2026-12-01.parquet',
      'datasetVersion:mlflow://mlflow:5000:models/order-review/versions/2:2',
      'datasetVersion:s3://acme-data:orders/features.parquet:2026-12-01',
      'job:ml-pipelines:orders.features',
      'job:ml-pipelines:orders.train',
    ]);
  });

  it('names the exact feature version the model was trained on', () => {
    const training = store.trainingDatasets(modelNodeId);
    expect(training.datasets.map(dataset => dataset.id)).toEqual([
      'datasetVersion:s3://acme-data:orders/features.parquet:2026-12-01',
    ]);
  });

  it('refuses events without the API key, and unknown nodes are 404', async () => {
    const refused = await fetch(`${server.url}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(401);
    const unknown = await fetch(
      `${server.url}/api/v1/lineage?nodeId=${encodeURIComponent('job:nope:nothing')}`,
      {
        headers,
      },
    );
    expect(unknown.status).toBe(404);
  });
});
