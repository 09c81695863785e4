import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidInputError } from './errors/invalid-input-error';
import { parseWithSchema } from './parse';

const facet = z.object({
  datasetVersion: z.string(),
  fields: z.array(z.object({ name: z.string() })),
});

function thrownBy(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    if (InvalidInputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('parseWithSchema', () => {
  it('returns the parsed value', () => {
    expect(parseWithSchema(facet, { datasetVersion: '7', fields: [] }, 'Facet')).toEqual({
      datasetVersion: '7',
      fields: [],
    });
  });

  it('names the first failing path, counts the rest and keeps every issue', () => {
    const error = thrownBy(() => parseWithSchema(facet, { fields: [{ name: 1 }] }, 'Facet'));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/^Invalid Facet at datasetVersion: .*\(and 1 more\)$/);
    const issues = error.details?.issues as Array<{ path: string }>;
    expect(issues.map(issue => issue.path)).toEqual(['datasetVersion', 'fields[0].name']);
  });

  it('takes a specific code and the JSON Schema the document follows', () => {
    const schemaURL = 'https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json';
    const error = thrownBy(() =>
      parseWithSchema(
        facet,
        { fields: [] },
        { name: 'DatasetVersionDatasetFacet', code: 'INVALID_FACET', schemaURL },
      ),
    );
    expect(error.code).toBe('INVALID_FACET');
    expect(error.message).toContain(`(schema ${schemaURL})`);
    expect(error.details).toMatchObject({
      document: 'DatasetVersionDatasetFacet',
      schemaURL,
      path: 'datasetVersion',
    });
  });

  it('reports the root when the input is not an object', () => {
    const error = thrownBy(() => parseWithSchema(facet, 'text', 'Facet'));
    expect(error.details?.path).toBe('(root)');
  });
});
