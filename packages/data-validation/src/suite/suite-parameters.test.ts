import { InvalidInputError } from '@ballast/contracts';
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { validate } from '../validate';
import { parseSuite } from './parse-suite';
import { resolveSuiteParameters } from './suite-parameters';

const suiteText = `
name: orders
expectations:
  - type: expect_table_row_count_to_be_between
    kwargs:
      min_value: { $PARAMETER: expected_rows }
  - type: expect_column_values_to_be_in_set
    kwargs:
      column: country
      value_set: { $PARAMETER: countries }
  - type: expect_column_values_to_be_between
    kwargs:
      column: amount
      min_value: 0
      max_value: { $PARAMETER: max_amount }
`;

describe('suite parameters', () => {
  it('fills placeholders at any depth of kwargs without changing the document', () => {
    const raw = {
      name: 'orders',
      expectations: [
        {
          type: 'expect_column_values_to_be_in_set',
          kwargs: { column: 'country', value_set: ['FR', { $PARAMETER: 'extra' }] },
        },
      ],
    };
    const { document, unresolved } = resolveSuiteParameters(raw, { extra: 'DE' });
    expect(unresolved).toEqual([]);
    expect(document).toMatchObject({ expectations: [{ kwargs: { value_set: ['FR', 'DE'] } }] });
    expect(raw.expectations[0]?.kwargs.value_set[1]).toEqual({ $PARAMETER: 'extra' });
    // An object with other keys besides $PARAMETER is data, not a placeholder.
    const data = { $PARAMETER: 'x', note: 1 };
    expect(
      resolveSuiteParameters({ expectations: [{ kwargs: { data } }] }, { x: 2 }).document,
    ).toEqual({ expectations: [{ kwargs: { data } }] });
  });

  it('validates with parameters given to validate(), and checks the filled values', async () => {
    const table = tableFromArrays({
      country: ['FR', 'DE', 'XX'],
      amount: Float64Array.of(10, 500, 20),
    });
    const parameters = { expected_rows: 3, countries: ['FR', 'DE'], max_amount: 100 };
    const report = await validate(suiteText, table, { parameters });
    expect(report.results.map(result => [result.success, result.result.unexpected_count])).toEqual([
      [true, 0],
      [false, 1],
      [false, 1],
    ]);
    expect(report.results[2]?.expectation.kwargs.max_value).toBe(100);
    // A filled value of the wrong type is reported at its field, like a literal.
    const wrongType = () =>
      parseSuite(suiteText, { parameters: { ...parameters, max_amount: [1] } });
    expect(wrongType).toThrowError(
      expect.objectContaining({
        code: 'INVALID_SUITE',
        details: expect.objectContaining({ path: 'expectations[2].kwargs.max_value' }),
      }),
    );
  });

  it('names every unfilled placeholder with its path, line and the parameters given', () => {
    let error: unknown;
    try {
      parseSuite(suiteText, { sourceName: 'orders.yaml', parameters: { expected_rows: 3 } });
    } catch (caught) {
      error = caught;
    }
    expect(InvalidInputError.isInstance(error)).toBe(true);
    const details = (error as InvalidInputError).details as {
      path: string;
      line: number;
      issues: Array<{ path: string; message: string }>;
    };
    expect(details.path).toBe('expectations[1].kwargs.value_set');
    expect(details.line).toBe(10);
    expect(details.issues.map(issue => issue.path)).toEqual([
      'expectations[1].kwargs.value_set',
      'expectations[2].kwargs.max_value',
    ]);
    expect(details.issues[0]?.message).toBe(
      'suite parameter "countries" has no value (given: expected_rows)',
    );
    expect(() => parseSuite(suiteText)).toThrowError(/no parameters were given/);
  });
});
