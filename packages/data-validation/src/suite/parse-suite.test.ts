import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { parseSuite } from './parse-suite';

function captureError(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    if (InvalidInputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

const yamlSuite = `name: orders
expectations:
  - type: expect_column_values_to_not_be_null
    kwargs:
      column: id
  - type: expect_column_values_to_be_between
    kwargs:
      column: amount
      min_value: "zero"
      mostly: 0.9
`;

describe('parseSuite', () => {
  it('parses YAML and fills kind, specVersion and defaults', () => {
    const suite = parseSuite(yamlSuite.replace('"zero"', '0'));
    expect(suite).toMatchObject({
      kind: 'ExpectationSuite',
      specVersion: 'ballast.dev/v1',
      name: 'orders',
    });
    expect(suite.expectations).toHaveLength(2);
  });

  it('names the path and the line of a bad kwarg in YAML', () => {
    const error = captureError(() =>
      parseSuite(yamlSuite.replace('mostly: 0.9', 'mostly: 2'), { sourceName: 'orders.yaml' }),
    );
    expect(error.code).toBe('INVALID_SUITE');
    expect(error.details).toMatchObject({ path: 'expectations[1].kwargs.mostly', line: 10 });
    expect(error.message).toContain('orders.yaml');
    expect(error.message).toContain('line 10');
  });

  it('points an unknown kwarg at its line and an unknown type at the type line', () => {
    const typo = captureError(() => parseSuite(yamlSuite.replace('column: id', 'colum: id')));
    // The required `column` is missing (reported at its parent, line 5) and `colum` is unknown.
    expect(typo.details).toMatchObject({ path: 'expectations[0].kwargs.column', line: 5 });
    expect(typo.details?.issues).toContainEqual(
      expect.objectContaining({ path: 'expectations[0].kwargs', line: 5 }),
    );
    const unknown = captureError(() =>
      parseSuite(yamlSuite.replace('expect_column_values_to_not_be_null', 'expect_magic')),
    );
    expect(unknown.details).toMatchObject({ path: 'expectations[0].type', line: 3 });
  });

  it('reports line numbers for JSON text too', () => {
    const json = JSON.stringify(
      {
        name: 'j',
        expectations: [{ type: 'expect_table_row_count_to_equal', kwargs: { value: -1 } }],
      },
      null,
      2,
    );
    const error = captureError(() => parseSuite(json));
    expect(error.details).toMatchObject({ path: 'expectations[0].kwargs.value', line: 7 });
  });

  it('reports YAML syntax errors with their line', () => {
    const error = captureError(() => parseSuite('name: x\nexpectations: [\n'));
    expect(error.details?.path).toBe('(syntax)');
    expect(error.details?.line).toBeGreaterThanOrEqual(2);
  });

  it('validates plain objects without line information', () => {
    const error = captureError(() => parseSuite({ name: '', expectations: [] }));
    expect(error.details).toMatchObject({ path: 'name' });
  });
});
