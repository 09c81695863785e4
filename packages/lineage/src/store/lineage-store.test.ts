import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError, NotFoundError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { mlLineageScenario, runIds } from '../__fixtures__/ml-lineage-scenario';
import { temporaryDirectory } from '../__fixtures__/temporary-directory';
import { createLineageStore, type LineageGraph, loadLineageStore } from './lineage-store';

const featuresId = 'dataset:s3://acme-data:churn/features.parquet';
const featuresV1 = 'datasetVersion:s3://acme-data:churn/features.parquet:1';
const featuresV2 = 'datasetVersion:s3://acme-data:churn/features.parquet:2';
const modelV1 = 'datasetVersion:mlflow://mlflow:5000:models/churn/versions/1:1';
const modelV2 = 'datasetVersion:mlflow://mlflow:5000:models/churn/versions/2:2';
const customersId = 'dataset:postgres://db:5432:shop.public.customers';
const endpointId = 'dataset:https://serving.internal:endpoints/churn';

function storeWithScenario() {
  const store = createLineageStore();
  for (const event of mlLineageScenario()) store.add(event);
  return store;
}

const ids = (graph: LineageGraph) => graph.graph.map(node => node.id).sort();

describe('lineage store', () => {
  it('ignores duplicate events (same run id, event type and time)', () => {
    const store = createLineageStore();
    const [event] = mlLineageScenario();
    expect(store.add(event)).toBe(true);
    expect(store.add(JSON.parse(JSON.stringify(event)))).toBe(false);
    expect(store.events()).toHaveLength(1);
  });

  it('rejects invalid events with the schema path', () => {
    const store = createLineageStore();
    expect(() => store.add({ eventTime: 'x' })).toThrow(InvalidInputError);
  });

  it('upstream of a model version follows the data version it was trained on', () => {
    const store = storeWithScenario();
    const depthOne = store.upstream(modelV2, { depth: 1 });
    expect(ids(depthOne)).toEqual([featuresV2, modelV2, 'job:ml:churn.train'].sort());
    const full = store.upstream(modelV2);
    expect(ids(full)).toEqual(
      [customersId, featuresV2, modelV2, 'job:ml:churn.train', 'job:ml:etl.features'].sort(),
    );
    // Marquez would also list features v1 here, because the training job once read it.
    expect(ids(full)).not.toContain(featuresV1);
  });

  it('a dataset id without version matches every version', () => {
    const store = storeWithScenario();
    expect(store.has(featuresId)).toBe(true);
    const graph = store.downstream(featuresId, { depth: 1 });
    expect(ids(graph)).toEqual(
      [
        featuresV1,
        featuresV2,
        modelV1,
        modelV2,
        'job:ml:churn.train',
        'job:ml:reports.weekly',
        'dataset:file:/reports/weekly.html',
      ].sort(),
    );
  });

  it('returns the Marquez shape with consistent edges and latest runs', () => {
    const store = storeWithScenario();
    const graph = store.lineage('job:ml:churn.train', { depth: 0 });
    const job = graph.graph.find(node => node.id === 'job:ml:churn.train')!;
    expect(job.type).toBe('JOB');
    expect(job.data).toMatchObject({ namespace: 'ml', name: 'churn.train' });
    if (job.type === 'JOB') {
      expect(job.data.latestRun).toMatchObject({ runId: runIds.trainFailed, state: 'FAIL' });
    }
    expect(job.inEdges.map(edge => edge.origin).sort()).toEqual([featuresV1, featuresV2]);
    expect(job.outEdges.map(edge => edge.destination).sort()).toEqual([modelV1, modelV2]);
    for (const node of graph.graph) {
      for (const edge of node.inEdges) expect(edge.destination).toBe(node.id);
      for (const edge of node.outEdges) expect(edge.origin).toBe(node.id);
    }
    const model = graph.graph.find(node => node.id === modelV2)!;
    expect(model).toMatchObject({ type: 'DATASET', data: { version: '2', datasetType: 'MODEL' } });
  });

  it('both directions around a dataset version, bounded by depth', () => {
    const store = storeWithScenario();
    const graph = store.lineage(featuresV1, { depth: 1 });
    expect(ids(graph)).toEqual(
      [
        customersId,
        featuresV1,
        modelV1,
        'job:ml:churn.train',
        'job:ml:etl.features',
        'job:ml:reports.weekly',
        'dataset:file:/reports/weekly.html',
      ].sort(),
    );
    expect(ids(store.lineage(featuresV1, { depth: 0 }))).toEqual([featuresV1]);
  });

  it('names the datasets that trained a model, with the versions read', () => {
    const store = storeWithScenario();
    const training = store.trainingDatasets(modelV2);
    expect(training).toMatchObject({
      runId: runIds.trainV2,
      job: { name: 'churn.train' },
      state: 'COMPLETE',
    });
    expect(training.datasets.map(dataset => [dataset.id, dataset.version])).toEqual([
      [featuresV2, '2'],
    ]);
    expect(
      store.trainingDatasets('dataset:mlflow://mlflow:5000:models/churn/versions/1').datasets[0]
        ?.version,
    ).toBe('1');
    expect(() => store.trainingDatasets(customersId)).toThrow(NotFoundError);
  });

  it('impact analysis lists the jobs and models that consumed a dataset', () => {
    const store = storeWithScenario();
    const ofV1 = store.impact(featuresV1);
    expect(ofV1.jobs.map(job => job.id)).toEqual(['job:ml:churn.train', 'job:ml:reports.weekly']);
    expect(ofV1.models.map(model => model.id)).toEqual([modelV1]);
    const ofAll = store.impact(customersId);
    expect(ofAll.jobs.map(job => job.id)).toEqual([
      'job:ml:churn.train',
      'job:ml:etl.features',
      'job:ml:reports.weekly',
      'job:serving:churn.deploy',
    ]);
    expect(ofAll.models.map(model => model.id)).toEqual([modelV1, modelV2]);
    expect(ofAll.datasets.map(dataset => dataset.id)).toContain(endpointId);
    expect(store.impact(customersId, { depth: 1 }).jobs.map(job => job.id)).toEqual([
      'job:ml:etl.features',
    ]);
  });

  it('keeps runs, parents and static metadata', () => {
    const store = storeWithScenario();
    expect(store.run(runIds.trainV1)).toMatchObject({
      state: 'COMPLETE',
      parentRunId: runIds.pipeline,
      inputs: [featuresV1],
      outputs: [modelV1],
    });
    expect(store.run(runIds.trainFailed)?.state).toBe('FAIL');
    expect(store.node(customersId)).toMatchObject({
      data: { facets: { ownership: { owners: [{ name: 'team:crm' }] } } },
    });
    expect(store.runs().map(run => run.runId)[0]).toBe(runIds.pipeline);
  });

  it('unknown nodes and bad depths are typed errors', () => {
    const store = storeWithScenario();
    expect(() => store.lineage('dataset:nope:nothing')).toThrow(NotFoundError);
    expect(() => store.lineage(customersId, { depth: -1 })).toThrow(InvalidInputError);
    expect(() => store.lineage(customersId, { depth: 1.5 })).toThrow(/depth/);
  });
});

describe('loadLineageStore', () => {
  it('reads JSON Lines, skips a torn last line, treats a missing file as empty', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory.path, 'events.jsonl');
    const events = mlLineageScenario();
    await writeFile(path, `${events.map(event => JSON.stringify(event)).join('\n')}\n{"eventTi`);
    const store = await loadLineageStore({ paths: [path, join(directory.path, 'missing.jsonl')] });
    expect(store.events()).toHaveLength(events.length);
    await directory.remove();
  });

  it('names the file and line of an invalid event', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory.path, 'events.jsonl');
    const [event] = mlLineageScenario();
    await writeFile(path, `${JSON.stringify(event)}\n{"eventTime":"x"}\n`);
    await expect(loadLineageStore({ paths: [path] })).rejects.toThrow(/events\.jsonl:2/);
    await directory.remove();
  });

  it('streams a file of several MB in small chunks, lines and UTF-8 characters across chunks', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory.path, 'events.jsonl');
    const base = mlLineageScenario()[0] as { job: Record<string, unknown> };
    const padding = 'é€𝄞'.repeat(2000); // multi-byte characters, cut by the chunk boundaries
    const lines: string[] = [];
    for (let index = 0; index < 400; index += 1) {
      const eventTime = new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString();
      lines.push(
        JSON.stringify({ ...base, eventTime, job: { ...base.job, description: padding } }),
      );
    }
    await writeFile(path, `${lines.join('\n')}\n`);
    expect(Buffer.byteLength(lines.join('\n'))).toBeGreaterThan(4 * 1024 * 1024);
    const store = await loadLineageStore({ paths: [path], chunkBytes: 4093 });
    expect(store.events()).toHaveLength(400);
    expect(
      (store.events()[399] as unknown as { job: { description: string } }).job.description,
    ).toBe(padding);
    await directory.remove();
  });

  it('refuses a line longer than maxLineBytes with a typed error instead of a RangeError', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory.path, 'events.jsonl');
    const [event] = mlLineageScenario();
    await writeFile(path, `${JSON.stringify(event)}\n"${'x'.repeat(10_000)}"\n`);
    const loading = loadLineageStore({ paths: [path], chunkBytes: 1024, maxLineBytes: 4096 });
    await expect(loading).rejects.toSatisfy(
      error =>
        InvalidInputError.isInstance(error) &&
        error.code === 'INVALID_LINEAGE_FILE' &&
        error.details?.['line'] === 2,
    );
    await directory.remove();
  });
});
