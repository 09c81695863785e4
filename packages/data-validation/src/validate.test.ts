import { parseValidationReport } from '@ballast/contracts';
import { tableFromArrays, tableFromJSON } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { anomalyCodes } from './anomaly-codes';
import { defineSuite } from './suite/suite-builder';
import { validate } from './validate';

const table = tableFromJSON([
  { id: 1, amount: 10.5, country: 'FR', email: 'a@x.io', start: 1, end: 2 },
  { id: 2, amount: null, country: 'DE', email: 'b@x.io', start: 5, end: 3 },
  { id: 3, amount: 99, country: 'FR', email: 'nope', start: 1, end: 1 },
  { id: 3, amount: -1, country: 'XX', email: null, start: 0, end: 4 },
]);

function resultOf(report: Awaited<ReturnType<typeof validate>>, index: number) {
  const result = report.results[index];
  if (!result) throw new Error(`no result ${index}`);
  return result;
}

describe('validate', () => {
  it('runs column map expectations with GX counts and mostly over non-null rows', async () => {
    const suite = defineSuite('orders')
      .expect('expect_column_values_to_be_between', {
        column: 'amount',
        min_value: 0,
        max_value: 50,
      })
      .expect('expect_column_values_to_be_between', {
        column: 'amount',
        min_value: 0,
        max_value: 100,
        mostly: 0.6,
      })
      .expect('expect_column_values_to_be_in_set', { column: 'country', value_set: ['FR', 'DE'] })
      .expect('expect_column_values_to_match_regex', { column: 'email', regex: '^[^@]+@[^@]+$' })
      .expect('expect_column_values_to_be_unique', { column: 'id' })
      .expect('expect_column_values_to_not_be_null', { column: 'amount' }, { severity: 'warning' })
      .expect('expect_column_pair_values_a_to_be_greater_than_b', {
        column_A: 'end',
        column_B: 'start',
      })
      .build();
    const report = await validate(suite, table, { createdAt: '2026-01-01T00:00:00.000Z' });
    expect(parseValidationReport(report)).toBeTruthy();

    const between = resultOf(report, 0);
    expect(between.success).toBe(false);
    expect(between.code).toBe(anomalyCodes.valueOutOfRange);
    expect(between.result).toMatchObject({
      element_count: 4,
      missing_count: 1,
      unexpected_count: 2,
      partial_unexpected_list: [99, -1],
      unexpected_index_list: [2, 3],
    });
    expect(between.result.unexpected_percent).toBeCloseTo((2 / 3) * 100);
    expect(between.result.unexpected_percent_total).toBeCloseTo(50);

    expect(resultOf(report, 1).success).toBe(true); // 2 of 3 non-null pass >= 0.6
    expect(resultOf(report, 2).result.partial_unexpected_list).toEqual(['XX']);
    expect(resultOf(report, 3).result).toMatchObject({ unexpected_count: 1, missing_count: 1 });
    expect(resultOf(report, 4).result).toMatchObject({
      unexpected_count: 2,
      unexpected_index_list: [2, 3],
    });
    const notNull = resultOf(report, 5);
    expect(notNull).toMatchObject({
      success: false,
      severity: 'warning',
      code: anomalyCodes.nullValues,
    });
    expect(notNull.result.unexpected_percent).toBe(25);
    expect(resultOf(report, 6).result).toMatchObject({
      unexpected_count: 2,
      unexpected_index_list: [1, 2],
    });
    expect(report.statistics).toMatchObject({ evaluated: 7, successful: 1, unsuccessful: 6 });
  });

  it('fails only the expectations on a missing column and keeps running the rest', async () => {
    const suite = defineSuite('missing')
      .expect('expect_column_values_to_not_be_null', { column: 'nope' })
      .expect('expect_column_mean_to_be_between', { column: 'nada', min_value: 0 })
      .expect('expect_table_row_count_to_be_between', { min_value: 1 })
      .build();
    const report = await validate(suite, table);
    expect(report.results.map(result => [result.success, result.code])).toEqual([
      [false, anomalyCodes.columnMissing],
      [false, anomalyCodes.columnMissing],
      [true, undefined],
    ]);
  });

  it('treats empty input as vacuously true for map expectations unless onEmpty is fail', async () => {
    const empty = tableFromArrays({ value: new Float64Array(0) });
    const suite = defineSuite('empty')
      .expect('expect_column_values_to_be_between', { column: 'value', min_value: 0 })
      .expect('expect_column_mean_to_be_between', { column: 'value', min_value: 0 })
      .build();
    const passing = await validate(suite, empty);
    expect(passing.results.map(result => [result.success, result.code])).toEqual([
      [true, undefined],
      [false, anomalyCodes.statisticsNotAvailable],
    ]);
    const failing = await validate(suite, empty, { onEmpty: 'fail' });
    expect(failing.results[0]?.success).toBe(false);
  });
});

describe('validate inputs', () => {
  it('accepts arrays of records and rejects what it cannot read', async () => {
    const suite = defineSuite('records')
      .expect('expect_table_row_count_to_equal', { value: 2 })
      .build();
    expect((await validate(suite, [{ a: 1 }, { b: 'x' }])).success).toBe(true);
    await expect(validate(suite, 42 as never)).rejects.toMatchObject({ code: 'UNSUPPORTED_INPUT' });
    await expect(validate(suite, [{ a: 1 }, { a: 'x' }])).rejects.toMatchObject({
      code: 'TYPE_MISMATCH',
      details: { path: 'a', row: 1 },
    });
  });
});
