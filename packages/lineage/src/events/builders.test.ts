import type { LineageEvent } from '@ballast/contracts';
import { InvalidInputError, parseLineageEvent } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { mlLineageScenario } from '../__fixtures__/ml-lineage-scenario';
import { createOpenLineageValidator } from '../__fixtures__/openlineage-validator';
import { eventKind, parseOpenLineageEvent } from './event-schemas';
import { datasetEvent, jobEvent, runEvent } from './builders';
import {
  datasetTypeDatasetFacet,
  datasetVersionDatasetFacet,
  jobTypeJobFacet,
  lifecycleStateChangeDatasetFacet,
  schemaDatasetFacet,
} from '../facets/standard-facets';

const validator = createOpenLineageValidator();
const runId = '0193f5a2-7c4e-7d1a-9b2f-5e6a7b8c9d0e';

function invalidInput(action: () => unknown): InvalidInputError {
  try {
    action();
  } catch (error) {
    if (InvalidInputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('event builders', () => {
  it('runEvent fills producer, schemaURL and eventTime and validates officially', () => {
    const event = runEvent({
      eventType: 'START',
      eventTime: new Date('2026-11-22T10:15:30.123Z'),
      run: { runId },
      job: {
        namespace: 'ml',
        name: 'train',
        facets: { jobType: jobTypeJobFacet({ processingType: 'BATCH', integration: 'BALLAST' }) },
      },
      inputs: [
        {
          namespace: 's3://acme-data',
          name: 'features.parquet',
          facets: { version: datasetVersionDatasetFacet({ datasetVersion: '7' }) },
        },
      ],
    });
    expect(event.schemaURL).toBe(
      'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    );
    expect(event.producer).toBe('https://ballast.dev/lineage');
    expect(event.eventTime).toBe('2026-11-22T10:15:30.123Z');
    expect(event.outputs).toEqual([]);
    expect(validator.validateEvent(event)).toEqual([]);
    // The contracts' LineageEvent is the RunEvent shape: a built event is one.
    const asContract: LineageEvent = event;
    expect(asContract.run.runId).toBe(runId);
  });

  it('datasetEvent and jobEvent validate against the official DatasetEvent and JobEvent', () => {
    const dataset = datasetEvent({
      dataset: {
        namespace: 'file',
        name: '/data/train.csv',
        facets: {
          schema: schemaDatasetFacet({ fields: [{ name: 'a', type: 'INT' }] }),
          lifecycleStateChange: lifecycleStateChangeDatasetFacet({
            lifecycleStateChange: 'CREATE',
          }),
        },
      },
    });
    expect(dataset.schemaURL).toContain('#/$defs/DatasetEvent');
    expect(validator.validateEvent(dataset)).toEqual([]);
    expect(eventKind(dataset)).toBe('DatasetEvent');

    const job = jobEvent({
      job: { namespace: 'serving', name: 'churn.deploy' },
      inputs: [
        {
          namespace: 'mlflow://mlflow:5000',
          name: 'models/churn/versions/3',
          facets: { datasetType: datasetTypeDatasetFacet({ datasetType: 'MODEL' }) },
        },
      ],
      outputs: [{ namespace: 'https://serving.internal', name: 'endpoints/churn' }],
    });
    expect(job.schemaURL).toContain('#/$defs/JobEvent');
    expect(validator.validateEvent(job)).toEqual([]);
    expect(eventKind(job)).toBe('JobEvent');
  });

  it('rejects bad input with the schema URL and path', () => {
    const badRunId = invalidInput(() =>
      runEvent({ eventType: 'START', run: { runId: '123' }, job: { namespace: 'a', name: 'b' } }),
    );
    expect(badRunId.code).toBe('INVALID_EVENT');
    expect(badRunId.details?.['path']).toBe('run.runId');
    expect(badRunId.details?.['schemaURL']).toContain('#/$defs/RunEvent');

    const badType = invalidInput(() =>
      runEvent({ eventType: 'DONE' as never, run: { runId }, job: { namespace: 'a', name: 'b' } }),
    );
    expect(badType.details?.['path']).toBe('eventType');

    const badFacet = invalidInput(() =>
      runEvent({
        eventType: 'START',
        run: { runId },
        job: { namespace: 'a', name: 'b' },
        inputs: [{ namespace: 'x', name: 'y', facets: { custom: { value: 1 } as never } }],
      }),
    );
    expect(badFacet.details?.['path']).toBe('inputs[0].facets.custom._producer');

    const badTime = invalidInput(() =>
      runEvent({
        eventType: 'START',
        eventTime: 'yesterday',
        run: { runId },
        job: { namespace: 'a', name: 'b' },
      }),
    );
    expect(badTime.details?.['path']).toBe('eventTime');

    const missingName = invalidInput(() =>
      datasetEvent({ dataset: { namespace: 'file' } as never }),
    );
    expect(missingName.details?.['path']).toBe('dataset.name');
  });

  it('accepts an empty job name, as contracts and the official 2-0-2 schema do', () => {
    const event = runEvent({
      eventType: 'START',
      run: { runId },
      job: { namespace: 'ml', name: '' },
      inputs: [{ namespace: '', name: '' }],
    });
    expect(event.job.name).toBe('');
    expect(parseLineageEvent(event)).toEqual(event);
    expect(parseOpenLineageEvent(event)).toEqual(event);
    expect(validator.validateEvent(event)).toEqual([]);
    expect(datasetEvent({ dataset: { namespace: 'file', name: '' } }).dataset.name).toBe('');
  });

  it('parseOpenLineageEvent applies the spec rules of each kind', () => {
    const base = {
      eventTime: '2026-11-22T10:15:30.123Z',
      producer: 'https://ballast.dev/lineage',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent',
    };
    expect(() =>
      parseOpenLineageEvent({ ...base, job: { namespace: 'a', name: 'b' } }),
    ).not.toThrow();
    expect(() =>
      parseOpenLineageEvent({ ...base, dataset: { namespace: 'a', name: 'b' }, run: { runId } }),
    ).toThrow(/RunEvent at job/);
    expect(() => parseOpenLineageEvent('nope')).toThrow(InvalidInputError);
    expect(() =>
      parseOpenLineageEvent({ ...base, producer: 'not a uri', job: { namespace: 'a', name: 'b' } }),
    ).toThrow(/producer/);
  });

  it('the official schema agrees that the rejected shapes are invalid', () => {
    const event = runEvent({
      eventType: 'START',
      run: { runId },
      job: { namespace: 'a', name: 'b' },
    });
    expect(validator.validateEvent({ ...event, run: { runId: '123' } })).not.toEqual([]);
    expect(validator.validateEvent({ ...event, eventType: 'DONE' })).not.toEqual([]);
    expect(
      validator.validateEvent({
        ...event,
        inputs: [
          {
            namespace: 'x',
            name: 'y',
            facets: {
              version: { _producer: 'https://x', _schemaURL: datasetVersionDatasetFacet.schemaURL },
            },
          },
        ],
      }),
    ).not.toEqual([]);
  });

  it('every event of the ML lineage scenario (runs, static job and dataset events) is valid', () => {
    const events = mlLineageScenario();
    expect(events.length).toBeGreaterThan(10);
    for (const event of events) expect(validator.validateEvent(event)).toEqual([]);
  });
});
