import type { LineageEmitter, LineageEvent } from '@ballast/contracts';
import { describe, expectTypeOf, it } from 'vitest';
import { createFileTransport } from './transports/file-transport';
import type { RunEvent } from './events/event-schemas';
import { runEvent } from './events/builders';
import { datasetVersionDatasetFacet, jobTypeJobFacet } from './facets/standard-facets';
import { type OutputDatasetInput, startRun } from './events/run';
import { fileDataset, s3Dataset } from './events/naming';

describe('types', () => {
  it('naming helpers flow straight into run inputs and outputs', () => {
    expectTypeOf(fileDataset('/models/churn.onnx')).toExtend<OutputDatasetInput>();
    expectTypeOf(s3Dataset('bucket', 'key.parquet')).toExtend<OutputDatasetInput>();
  });

  it('a built RunEvent is a contracts LineageEvent', () => {
    expectTypeOf<RunEvent>().toExtend<LineageEvent>();
    // One schema: lineage's RunEvent is the contracts' type itself.
    expectTypeOf<RunEvent>().toEqualTypeOf<LineageEvent>();
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
