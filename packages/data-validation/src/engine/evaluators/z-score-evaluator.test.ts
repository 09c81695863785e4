import { Table, tableFromArrays, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { anomalyCodes } from '../../anomaly-codes';
import { parseSuite } from '../../suite/parse-suite';
import { validate } from '../../validate';

// Non-missing values 1, 2, 3, 4, 100, -50 at rows 0, 2, 3, 5, 6, 7 over three batches: mean 10,
// sample stdev 48.8467 (pandas `std()`), z-scores -0.18, -0.16, -0.14, -0.12, 1.84, -1.23.
const batches = [
  [1, null, 2],
  [3, Number.NaN, 4],
  [100, -50],
].map(values => new Table({ value: vectorFromArray(values) }).batches[0]!);

async function run(kwargs: Record<string, unknown>, options = {}, input: unknown = batches) {
  const suite = parseSuite({
    name: 'z',
    expectations: [
      {
        type: 'expect_column_value_z_scores_to_be_less_than',
        kwargs: { column: 'value', ...kwargs },
      },
    ],
  });
  return (await validate(suite, input as Parameters<typeof validate>[1], options)).results[0]!;
}

describe('expect_column_value_z_scores_to_be_less_than', () => {
  it('compares |z| with the threshold when double-sided, over a stream of batches', async () => {
    const result = await run({ threshold: 1, double_sided: true });
    expect(result.success).toBe(false);
    expect(result.code).toBe(anomalyCodes.zScoreOutOfRange);
    expect(result.result).toMatchObject({
      element_count: 8,
      missing_count: 2,
      unexpected_count: 2,
      unexpected_index_list: [6, 7],
      partial_unexpected_list: [100, -50],
    });
    const details = result.result.details as { mean: number; standard_deviation: number };
    expect(details.mean).toBeCloseTo(10, 12);
    expect(details.standard_deviation).toBeCloseTo(48.84669896727925, 12);
  });

  it('compares z itself when one-sided, and reads mostly over the non-missing values', async () => {
    const single = await run({ threshold: 1, double_sided: false });
    expect(single.result.unexpected_index_list).toEqual([6]);
    // 1 of 6 unexpected: 5/6 passes mostly 0.8 and fails 0.9.
    expect((await run({ threshold: 1, double_sided: false, mostly: 0.8 })).success).toBe(true);
    expect((await run({ threshold: 1, double_sided: false, mostly: 0.9 })).success).toBe(false);
    expect((await run({ threshold: 2, double_sided: true })).success).toBe(true);
  });

  it('is strict: a z-score equal to the threshold is unexpected', async () => {
    // 0 and 2: mean 1, stdev sqrt(2), z = ±0.7071...; -z equals a negative threshold exactly.
    const table = tableFromArrays({ value: Float64Array.of(0, 2) });
    const z = 1 / Math.SQRT2;
    const result = await run({ threshold: z, double_sided: true }, {}, table);
    expect(result.result.unexpected_count).toBe(2);
  });

  it('passes every value when the standard deviation is zero or undefined, as current GX', async () => {
    const constant = await run(
      { threshold: 0.5, double_sided: true },
      {},
      tableFromArrays({ value: Float64Array.of(3, 3, 3) }),
    );
    expect(constant.success).toBe(true);
    expect(constant.result.details).toMatchObject({
      standard_deviation: 0,
      z_scores_defined: false,
    });
    const single = await run(
      { threshold: 0.5, double_sided: true },
      {},
      tableFromArrays({ value: Float64Array.of(3) }),
    );
    expect(single.result.details).toMatchObject({ standard_deviation: null });
    expect(single.success).toBe(true);
  });

  it('uses only the rows a row condition selects for the mean, deviation and scores', async () => {
    const table = tableFromArrays({
      value: Float64Array.of(1, 1000, 2, 3, 4, 100),
      keep: ['y', 'n', 'y', 'y', 'y', 'y'],
    });
    const suite = parseSuite({
      name: 'conditioned',
      expectations: [
        {
          type: 'expect_column_value_z_scores_to_be_less_than',
          kwargs: { column: 'value', threshold: 1.5, double_sided: true },
          row_condition: "keep == 'y'",
          condition_parser: 'pandas',
        },
      ],
    });
    // Selected 1, 2, 3, 4, 100: mean 22, stdev 43.62; only 100 has |z| = 1.79 >= 1.5.
    const result = (await validate(suite, table)).results[0]!;
    expect(result.result).toMatchObject({ element_count: 5, unexpected_index_list: [5] });
    expect((result.result.details as { mean: number }).mean).toBeCloseTo(22, 12);
  });

  it('fails openly past maxRetainedValues rather than guessing', async () => {
    const result = await run({ threshold: 1, double_sided: true }, { maxRetainedValues: 5 });
    expect(result.success).toBe(false);
    expect(result.code).toBe(anomalyCodes.retentionLimitExceeded);
    expect(result.message).toContain('all 6 non-missing numbers');
  });

  it('fails string and temporal columns with UNEXPECTED_TYPE', async () => {
    const result = await run(
      { threshold: 1, double_sided: true },
      {},
      tableFromArrays({ value: ['a', 'b'] }),
    );
    expect(result.code).toBe(anomalyCodes.unexpectedType);
  });

  it('requires threshold and double_sided, naming the missing field', async () => {
    await expect(run({ threshold: 1 })).rejects.toThrow(/kwargs\.double_sided/);
    expect(() =>
      parseSuite({
        name: 'bad',
        expectations: [
          {
            type: 'expect_column_value_z_scores_to_be_less_than',
            kwargs: { column: 'value', threshold: 'high', double_sided: true },
          },
        ],
      }),
    ).toThrow(/expectations\[0\]\.kwargs\.threshold/);
  });
});
