import { tableFromArrays, TimestampMillisecond, vectorFromArray, Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { anomalyCodes } from '../../anomaly-codes';
import { parseSuite } from '../../suite/parse-suite';
import { defineSuite } from '../../suite/suite-builder';
import { validate } from '../../validate';

// One column split over three batches: previous values must be carried between them.
// Non-missing sequence 1, 2, 2, 1.5, 3, inf, inf at rows 0, 2, 4, 5, 7, 8, 9; the differences
// (pandas `dropna().diff()`) are 1, 0, -0.5, 1.5, inf, NaN.
const batches = [
  [1, null, 2, Number.NaN],
  [2, 1.5, null],
  [3, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
].map(values => new Table({ value: vectorFromArray(values) }).batches[0]!);

async function run(type: 'increasing' | 'decreasing', kwargs: Record<string, unknown> = {}) {
  const suite = defineSuite('order')
    .expect(`expect_column_values_to_be_${type}`, { column: 'value', ...kwargs })
    .build();
  return (await validate(suite, batches)).results[0]!;
}

describe('expect_column_values_to_be_increasing / _decreasing', () => {
  it('compares each value with the previous non-missing one across batches', async () => {
    const result = await run('increasing');
    expect(result.success).toBe(false);
    expect(result.code).toBe(anomalyCodes.valuesNotIncreasing);
    expect(result.result).toMatchObject({
      element_count: 10,
      missing_count: 3,
      unexpected_count: 1,
      unexpected_index_list: [5],
      partial_unexpected_list: [1.5],
    });
    expect(result.result.unexpected_percent).toBeCloseTo((1 / 7) * 100, 12);
  });

  it('fails equal neighbours when strictly, but not two equal infinities (pandas diff is NaN)', async () => {
    const result = await run('increasing', { strictly: true });
    expect(result.result).toMatchObject({
      unexpected_count: 2,
      unexpected_index_list: [4, 5],
      partial_unexpected_list: [2, 1.5],
    });
  });

  it('checks decreasing order the same way', async () => {
    expect((await run('decreasing')).result).toMatchObject({
      unexpected_index_list: [2, 7, 8],
      partial_unexpected_list: [2, 3, Number.POSITIVE_INFINITY],
    });
    const strict = await run('decreasing', { strictly: true });
    expect(strict.code).toBe(anomalyCodes.valuesNotDecreasing);
    expect(strict.result.unexpected_index_list).toEqual([2, 4, 7, 8]);
  });

  it('applies mostly over the non-missing values', async () => {
    // 2 of 7 unexpected: 5/7 = 0.714 passes 0.7 and fails 0.75.
    expect((await run('increasing', { strictly: true, mostly: 0.7 })).success).toBe(true);
    expect((await run('increasing', { strictly: true, mostly: 0.75 })).success).toBe(false);
  });

  it('reads temporal columns in time order and reports dates', async () => {
    const when = vectorFromArray(
      [Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 1), null, Date.UTC(2024, 0, 3)],
      new TimestampMillisecond(),
    );
    const suite = defineSuite('dates')
      .expect('expect_column_values_to_be_increasing', { column: 'when' })
      .build();
    const [result] = (await validate(suite, new Table({ when }))).results;
    expect(result?.result).toMatchObject({
      unexpected_index_list: [1],
      missing_count: 1,
      unexpected_count: 1,
    });
  });

  it('only orders the rows a row condition selects', async () => {
    const table = tableFromArrays({
      value: Float64Array.of(1, 100, 2, 0, 3),
      keep: ['y', 'n', 'y', 'n', 'y'],
    });
    const suite = parseSuite({
      name: 'conditional',
      expectations: [
        {
          type: 'expect_column_values_to_be_increasing',
          kwargs: { column: 'value', strictly: true },
          row_condition: "keep == 'y'",
          condition_parser: 'pandas',
        },
        { type: 'expect_column_values_to_be_increasing', kwargs: { column: 'value' } },
      ],
    });
    const [conditioned, whole] = (await validate(suite, table)).results;
    expect(conditioned?.success).toBe(true);
    expect(conditioned?.result).toMatchObject({ element_count: 3, missing_count: 0 });
    expect(whole?.result.unexpected_index_list).toEqual([2, 3]);
  });

  it('fails a string column with UNEXPECTED_TYPE', async () => {
    const suite = defineSuite('strings')
      .expect('expect_column_values_to_be_decreasing', { column: 'name' })
      .build();
    const [result] = (await validate(suite, tableFromArrays({ name: ['b', 'a'] }))).results;
    expect(result?.success).toBe(false);
    expect(result?.code).toBe(anomalyCodes.unexpectedType);
  });

  it('rejects a malformed strictly with an error naming the field', () => {
    expect(() =>
      parseSuite({
        name: 'bad',
        expectations: [
          {
            type: 'expect_column_values_to_be_increasing',
            kwargs: { column: 'value', strictly: 'yes' },
          },
        ],
      }),
    ).toThrow(/expectations\[0\]\.kwargs\.strictly/);
  });
});
