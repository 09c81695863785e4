import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { standardFacetSamples } from '../__fixtures__/facet-samples';
import {
  createOpenLineageValidator,
  officialFacetSchemas,
} from '../__fixtures__/openlineage-validator';
import type { FacetPlacement } from './define-facet';
import type { OpenLineageFacet } from '../events/event-schemas';
import { runEvent } from '../events/builders';
import {
  datasetVersionDatasetFacet,
  errorMessageFacetFromError,
  jobTypeJobFacet,
  lifecycleStateChangeDatasetFacet,
  parentRunFacet,
  schemaDatasetFacet,
  standardFacets,
} from './standard-facets';

const validator = createOpenLineageValidator();

function eventWith(placement: FacetPlacement, key: string, facet: OpenLineageFacet) {
  const facets = { [key]: facet };
  return runEvent({
    eventType: 'COMPLETE',
    run: {
      runId: '0193f5a2-7c4e-7d1a-9b2f-5e6a7b8c9d0e',
      ...(placement === 'run' ? { facets } : {}),
    },
    job: { namespace: 'ml', name: 'train', ...(placement === 'job' ? { facets } : {}) },
    inputs: [
      {
        namespace: 's3://acme-data',
        name: 'churn/features.parquet',
        ...(placement === 'dataset' ? { facets } : {}),
        ...(placement === 'inputDataset' ? { inputFacets: facets } : {}),
      },
    ],
    outputs: [
      {
        namespace: 's3://acme-data',
        name: 'churn/scores.parquet',
        ...(placement === 'outputDataset' ? { facets } : {}),
      },
    ],
  });
}

describe('standard facets', () => {
  it('has a sample for every builder and a builder for every sample', () => {
    expect(standardFacets.map(facet => facet.schemaName).sort()).toEqual(
      Object.keys(standardFacetSamples).sort(),
    );
  });

  it.each(standardFacets.map(facet => [facet.schemaName, facet] as const))(
    '%s takes its schema URL and version from the official $id',
    (schemaName, facet) => {
      const id = `https://openlineage.io/spec/facets/${facet.schemaVersion}/${schemaName}.json`;
      const official = officialFacetSchemas.get(id);
      expect(official, `no official schema ${id}`).toBeDefined();
      expect(facet.schemaURL).toBe(`${official!['$id']}#/$defs/${schemaName}`);
      // The key the official file declares is the key the builder uses.
      expect(Object.keys(official!['properties'])).toEqual([facet.key]);
    },
  );

  it.each(standardFacets.map(facet => [facet.schemaName, facet] as const))(
    '%s validates against its official schema, alone and inside an event',
    (schemaName, facet) => {
      const build = facet as (fields: unknown) => Record<string, unknown>;
      const built = build(standardFacetSamples[schemaName]);
      expect(built['_producer']).toBe('https://ballast.dev/lineage');
      expect(validator.validateFacet(built, schemaName)).toEqual([]);
      expect(
        validator.validateEvent(eventWith(facet.placement, facet.key, built as OpenLineageFacet)),
      ).toEqual([]);
    },
  );

  it('uses the given producer', () => {
    const facet = datasetVersionDatasetFacet(
      { datasetVersion: '1' },
      { producer: 'https://github.com/acme/pipeline/tree/v2' },
    );
    expect(facet._producer).toBe('https://github.com/acme/pipeline/tree/v2');
  });

  it('rejects a missing required field with a typed error naming the path and schema', () => {
    let error: unknown;
    try {
      datasetVersionDatasetFacet({} as never);
    } catch (caught) {
      error = caught;
    }
    expect(InvalidInputError.isInstance(error)).toBe(true);
    const invalid = error as InvalidInputError;
    expect(invalid.code).toBe('INVALID_FACET');
    expect(invalid.details?.['path']).toBe('datasetVersion');
    expect(invalid.details?.['schemaURL']).toBe(datasetVersionDatasetFacet.schemaURL);
    expect(invalid.message).toContain('DatasetVersionDatasetFacet');
    expect(invalid.message).toContain('datasetVersion');
  });

  it('rejects nested errors, bad enums, bad uuids and misspelt fields', () => {
    expect(() => schemaDatasetFacet({ fields: [{ name: 'a' }, { type: 'INT' } as never] })).toThrow(
      /fields\[1\]\.name/,
    );
    expect(() =>
      lifecycleStateChangeDatasetFacet({ lifecycleStateChange: 'DELETE' as never }),
    ).toThrow(/lifecycleStateChange/);
    expect(() =>
      parentRunFacet({ run: { runId: '42' }, job: { namespace: 'a', name: 'b' } }),
    ).toThrow(/run\.runId/);
    expect(() =>
      jobTypeJobFacet({ processingType: 'BATCH', integration: 'X', jobtype: 'JOB' } as never),
    ).toThrow(/jobtype/);
  });

  it('errorMessageFacetFromError keeps the message, the stack and the cause chain', () => {
    const root = new Error('disk full');
    const error = new Error('training failed', { cause: root });
    const facet = errorMessageFacetFromError(error);
    expect(facet.message).toBe('training failed');
    expect(facet.programmingLanguage).toBe('JavaScript');
    expect(facet.stackTrace).toContain('Error: training failed');
    expect(facet.stackTrace).toContain('Caused by: Error: disk full');
    expect(validator.validateFacet(facet, 'errorMessage')).toEqual([]);
    expect(errorMessageFacetFromError('plain string').message).toBe('plain string');
  });
});
