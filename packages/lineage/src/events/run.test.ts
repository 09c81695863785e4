import { ConflictError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { createOpenLineageValidator } from '../__fixtures__/openlineage-validator';
import { modelVersion } from '../__fixtures__/documents';
import { createRecordingEmitter } from '../__fixtures__/recording-emitter';
import { modelVersionDataset } from './model-version-dataset';
import { startRun } from './run';
import { datasetVersionDatasetFacet, nominalTimeRunFacet } from '../facets/standard-facets';

const validator = createOpenLineageValidator();
const uuidV7Format = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const features = {
  namespace: 's3://acme-data',
  name: 'churn/features.parquet',
  facets: { version: datasetVersionDatasetFacet({ datasetVersion: '7' }) },
};
const job = { namespace: 'ml-training', name: 'churn.train' };

describe('startRun', () => {
  it('emits START then COMPLETE with the outputs, all valid OpenLineage', async () => {
    const emitter = createRecordingEmitter();
    const run = await startRun(emitter, {
      job,
      inputs: [features],
      runFacets: {
        nominalTime: nominalTimeRunFacet({ nominalStartTime: '2026-11-22T10:00:00.000Z' }),
      },
    });
    expect(run.runId).toMatch(uuidV7Format);
    expect(run.state).toBe('running');
    const model = modelVersionDataset(modelVersion, { registryUri: 'mlflow://mlflow:5000' });
    await run.complete([model]);
    expect(run.state).toBe('completed');
    expect(emitter.events.map(event => event.eventType)).toEqual(['START', 'COMPLETE']);
    const [start, complete] = emitter.events;
    expect(start!.run.facets?.['nominalTime']).toBeDefined();
    expect(complete!.inputs).toEqual(start!.inputs);
    expect(complete!.outputs?.[0]).toMatchObject({
      namespace: 'mlflow://mlflow:5000',
      name: 'models/churn-classifier/versions/3',
    });
    expect(complete!.outputs?.[0]?.facets?.['datasetType']?.['datasetType']).toBe('MODEL');
    for (const event of emitter.events) {
      expect(event.run.runId).toBe(run.runId);
      expect(validator.validateEvent(event)).toEqual([]);
    }
  });

  it('fail() carries the errorMessage facet with the stack', async () => {
    const emitter = createRecordingEmitter();
    const run = await startRun(emitter, { job });
    await run.fail(new Error('out of memory'));
    const failed = emitter.events[1]!;
    expect(failed.eventType).toBe('FAIL');
    const facet = failed.run.facets?.['errorMessage'];
    expect(facet?.['message']).toBe('out of memory');
    expect(facet?.['stackTrace']).toContain('run.test.ts');
    expect(validator.validateEvent(failed)).toEqual([]);
    expect(run.state).toBe('failed');
  });

  it('abort() emits ABORT; a second terminal event is refused', async () => {
    const emitter = createRecordingEmitter();
    const run = await startRun(emitter, { job });
    await run.abort();
    await expect(run.complete()).rejects.toSatisfy(
      error => ConflictError.isInstance(error) && error.code === 'RUN_ALREADY_FINISHED',
    );
    await expect(run.running()).rejects.toThrow(/already ended/);
    expect(emitter.events.map(event => event.eventType)).toEqual(['START', 'ABORT']);
  });

  it('concurrent terminal calls emit only one terminal event', async () => {
    const emitter = createRecordingEmitter();
    const run = await startRun(emitter, { job });
    const results = await Promise.allSettled([run.complete(), run.fail(new Error('x'))]);
    expect(results.map(result => result.status)).toEqual(['fulfilled', 'rejected']);
    expect(emitter.events.map(event => event.eventType)).toEqual(['START', 'COMPLETE']);
  });

  it('child() nests runs with parent and root facets', async () => {
    const emitter = createRecordingEmitter();
    const pipeline = await startRun(emitter, { job: { namespace: 'ml', name: 'pipeline' } });
    const train = await pipeline.child({ namespace: 'ml', name: 'pipeline.train' });
    const evaluate = await train.child({ namespace: 'ml', name: 'pipeline.train.evaluate' });
    await evaluate.complete();
    await train.complete();
    await pipeline.complete();
    const startOf = (runId: string) =>
      emitter.events.find(event => event.run.runId === runId && event.eventType === 'START')!;
    expect(startOf(pipeline.runId).run.facets?.['parent']).toBeUndefined();
    expect(startOf(train.runId).run.facets?.['parent']).toMatchObject({
      run: { runId: pipeline.runId },
      job: { namespace: 'ml', name: 'pipeline' },
      root: { run: { runId: pipeline.runId } },
    });
    expect(startOf(evaluate.runId).run.facets?.['parent']).toMatchObject({
      run: { runId: train.runId },
      job: { name: 'pipeline.train' },
      root: { run: { runId: pipeline.runId }, job: { name: 'pipeline' } },
    });
    for (const event of emitter.events) expect(validator.validateEvent(event)).toEqual([]);
  });

  it('keeps event times strictly increasing within a run even with a frozen clock', async () => {
    const emitter = createRecordingEmitter();
    const frozen = new Date('2026-11-22T10:00:00.000Z');
    const run = await startRun(emitter, { job, now: () => frozen });
    await run.running();
    await run.running();
    await run.complete();
    const times = emitter.events.map(event => Date.parse(event.eventTime));
    for (let index = 1; index < times.length; index += 1) {
      expect(times[index]!).toBeGreaterThan(times[index - 1]!);
    }
  });

  it('rejects an invalid job before emitting anything', async () => {
    const emitter = createRecordingEmitter();
    await expect(startRun(emitter, { job: { namespace: 42 as never, name: 'x' } })).rejects.toThrow(
      /job\.namespace/,
    );
    expect(emitter.events).toEqual([]);
  });
});
