import { describe, expect, it } from 'vitest';
import { datasetEvent, jobEvent, runEvent } from './builders';
import { lintLineageEvent } from './lint-event';

const runId = '01936f0e-7c4a-7b1e-9a8f-2d3c4b5a6978';

describe('lintLineageEvent', () => {
  it('reports nothing for a well-named event', () => {
    const event = runEvent({
      eventType: 'START',
      run: { runId },
      job: { namespace: 'ml', name: 'train' },
      inputs: [{ namespace: 'file', name: '/data/a.csv' }],
    });
    expect(lintLineageEvent(event)).toEqual([]);
  });

  it('names each empty job or dataset field by rule and path', () => {
    const event = runEvent({
      eventType: 'START',
      run: { runId },
      job: { namespace: 'ml', name: '' },
      inputs: [
        { namespace: 'file', name: 'ok' },
        { namespace: '', name: 'x' },
      ],
      outputs: [{ namespace: 'file', name: '' }],
    });
    expect(lintLineageEvent(event).map(({ rule, path }) => [rule, path])).toEqual([
      ['non-empty-job-name', 'job.name'],
      ['non-empty-dataset-namespace', 'inputs[1].namespace'],
      ['non-empty-dataset-name', 'outputs[0].name'],
    ]);
  });

  it('lints dataset and job events too', () => {
    expect(lintLineageEvent(datasetEvent({ dataset: { namespace: 'file', name: '' } }))).toEqual([
      { rule: 'non-empty-dataset-name', path: 'dataset.name', message: 'dataset.name is empty' },
    ]);
    expect(
      lintLineageEvent(jobEvent({ job: { namespace: '', name: 'deploy' } })).map(w => w.rule),
    ).toEqual(['non-empty-job-namespace']);
  });
});
