import type { LineageEmitter, LineageEvent } from '@ballast/contracts';
import { describe, expectTypeOf, it } from 'vitest';
import { createFileTransport } from './file-transport';
import { type RunEvent, runEvent } from './events';
import { datasetVersionDatasetFacet, jobTypeJobFacet } from './standard-facets';
import { startRun } from './run';

describe('types', () => {
  it('a built RunEvent is a contracts LineageEvent', () => {
    expectTypeOf<RunEvent>().toExtend<LineageEvent>();
    expectTypeOf(runEvent).returns.toExtend<LineageEvent>();
  });

  it('transports are LineageEmitters', () => {
    expectTypeOf(createFileTransport).returns.toExtend<LineageEmitter>();
    expectTypeOf(startRun).parameter(0).toEqualTypeOf<LineageEmitter>();
  });

  it('facet builders type their fields and output', () => {
    expectTypeOf(datasetVersionDatasetFacet)
      .parameter(0)
      .toEqualTypeOf<{ datasetVersion: string }>();
    expectTypeOf(datasetVersionDatasetFacet({ datasetVersion: '1' })).toExtend<{
      datasetVersion: string;
      _producer: string;
      _schemaURL: string;
    }>();
    // @ts-expect-error processingType is an enum
    jobTypeJobFacet({ processingType: 'NIGHTLY', integration: 'X' });
  });
});
