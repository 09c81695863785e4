import {
  Field,
  Float64,
  Int32,
  List,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromArrays,
  tableFromJSON,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { anomalyCodes } from '../anomaly-codes';
import { defineSuite } from '../suite/suite-builder';
import { validate } from '../validate';

async function only(
  suite: ReturnType<ReturnType<typeof defineSuite>['build']>,
  input: Parameters<typeof validate>[1],
  options = {},
) {
  const report = await validate(suite, input, options);
  return report.results;
}

describe('aggregate expectations', () => {
  const table = tableFromArrays({
    value: Float64Array.of(1, 2, 3, 4, Number.NaN, 10),
    tier: ['a', 'b', 'a', 'c', 'a', null] as (string | null)[],
  });

  it('reports observed values and fails out-of-range statistics with STATISTIC_OUT_OF_RANGE', async () => {
    const results = await only(
      defineSuite('stats')
        .expect('expect_column_min_to_be_between', { column: 'value', min_value: 1, max_value: 1 })
        .expect('expect_column_max_to_be_between', {
          column: 'value',
          max_value: 10,
          strict_max: true,
        })
        .expect('expect_column_mean_to_be_between', { column: 'value', min_value: 4, max_value: 4 })
        .expect('expect_column_median_to_be_between', {
          column: 'value',
          min_value: 3,
          max_value: 3,
        })
        .expect('expect_column_sum_to_be_between', { column: 'value', min_value: 20 })
        .expect('expect_column_stdev_to_be_between', { column: 'value', max_value: 1 })
        .build(),
      table,
    );
    expect(results.map(result => [result.success, result.result.observed_value])).toEqual([
      [true, 1],
      [false, 10],
      [true, 4],
      [true, 3],
      [true, 20],
      [false, expect.closeTo(Math.sqrt(12.5), 9)],
    ]);
    expect(results[1]?.code).toBe(anomalyCodes.statisticOutOfRange);
    expect(results[0]?.result.missing_count).toBe(1); // NaN is missing, as in pandas
  });

  it('checks distinct values, uniqueness and the mode as Great Expectations', async () => {
    const results = await only(
      defineSuite('distinct')
        .expect('expect_column_distinct_values_to_be_in_set', {
          column: 'tier',
          value_set: ['a', 'b'],
        })
        .expect('expect_column_distinct_values_to_contain_set', {
          column: 'tier',
          value_set: ['a', 'z'],
        })
        .expect('expect_column_distinct_values_to_equal_set', {
          column: 'tier',
          value_set: ['a', 'b', 'c'],
        })
        .expect('expect_column_proportion_of_unique_values_to_be_between', {
          column: 'tier',
          min_value: 0.6,
        })
        .expect('expect_column_unique_value_count_to_be_between', {
          column: 'tier',
          min_value: 3,
          max_value: 3,
        })
        .expect('expect_column_most_common_value_to_be_in_set', {
          column: 'tier',
          value_set: ['a'],
        })
        .build(),
      table,
    );
    expect(results.map(result => [result.success, result.code])).toEqual([
      [false, anomalyCodes.unexpectedDistinctValues],
      [false, anomalyCodes.missingDistinctValues],
      [true, undefined],
      [true, undefined],
      [true, undefined],
      [true, undefined],
    ]);
    expect(results[0]?.result.observed_value).toEqual(['a', 'b', 'c']);
    expect(results[3]?.result.observed_value).toBeCloseTo(3 / 5);
  });

  it('needs a single mode unless ties are allowed', async () => {
    const tied = tableFromArrays({ tier: ['a', 'b', 'a', 'b'] });
    const results = await only(
      defineSuite('mode')
        .expect('expect_column_most_common_value_to_be_in_set', {
          column: 'tier',
          value_set: ['a'],
        })
        .expect('expect_column_most_common_value_to_be_in_set', {
          column: 'tier',
          value_set: ['a'],
          ties_okay: true,
        })
        .build(),
      tied,
    );
    expect(results.map(result => result.success)).toEqual([false, true]);
    expect(results[0]?.code).toBe(anomalyCodes.mostCommonValueNotInSet);
  });

  it('fails a numeric statistic of a string column with UNEXPECTED_TYPE', async () => {
    const [result] = await only(
      defineSuite('type')
        .expect('expect_column_mean_to_be_between', { column: 'tier', min_value: 0 })
        .build(),
      table,
    );
    expect(result).toMatchObject({ success: false, code: anomalyCodes.unexpectedType });
  });
});

describe('table and type expectations', () => {
  const table = tableFromJSON([{ a: 1, b: 'x', c: true }]);

  it('compares column sets, order, counts and types', async () => {
    const results = await only(
      defineSuite('table')
        .expect('expect_table_columns_to_match_set', { column_set: ['a', 'b'] })
        .expect('expect_table_columns_to_match_set', { column_set: ['a', 'b'], exact_match: false })
        .expect('expect_table_columns_to_match_ordered_list', { column_list: ['a', 'c', 'b'] })
        .expect('expect_table_column_count_to_be_between', { min_value: 3, max_value: 3 })
        .expect('expect_table_row_count_to_equal', { value: 1 })
        .expect('expect_table_row_count_to_be_between', { min_value: 2 })
        .expect('expect_table_row_count_to_equal_other_table', { other_table_name: 'reference' })
        .expect('expect_table_row_count_to_equal_other_table', { other_table_name: 'absent' })
        .expect('expect_column_values_to_be_of_type', { column: 'a', type_: 'float' })
        .expect('expect_column_values_to_be_of_type', { column: 'b', type_: 'string' })
        .expect('expect_column_values_to_be_of_type', { column: 'c', type_: 'int' })
        .expect('expect_column_to_exist', { column: 'b', column_index: 1 })
        .expect('expect_column_to_exist', { column: 'z' })
        .build(),
      table,
      { otherTables: { reference: table } },
    );
    expect(results.map(result => [result.success, result.code ?? null])).toEqual([
      [false, anomalyCodes.columnSetMismatch],
      [true, null],
      [false, anomalyCodes.columnOrderMismatch],
      [true, null],
      [true, null],
      [false, anomalyCodes.datasetLowNumExamples],
      [true, null],
      [false, anomalyCodes.otherTableMissing],
      [true, null],
      [true, null],
      [false, anomalyCodes.unexpectedType],
      [true, null],
      [false, anomalyCodes.columnMissing],
    ]);
  });
});

describe('multicolumn expectations', () => {
  const table = tableFromJSON([
    { a: 1, b: 2, c: 7 },
    { a: 1, b: 2, c: null },
    { a: null, b: null, c: null },
    { a: 5, b: 5, c: 0 },
  ]);

  it('applies ignore_row_if defaults and counts ignored rows as missing', async () => {
    const results = await only(
      defineSuite('multi')
        .expect('expect_multicolumn_sum_to_equal', { column_list: ['a', 'b', 'c'], sum_total: 10 })
        .expect('expect_compound_columns_to_be_unique', { column_list: ['a', 'b'] })
        .expect('expect_column_pair_values_a_to_be_greater_than_b', {
          column_A: 'b',
          column_B: 'a',
          or_equal: true,
        })
        .expect('expect_column_pair_values_a_to_be_greater_than_b', {
          column_A: 'c',
          column_B: 'a',
          ignore_row_if: 'either_value_is_missing',
        })
        .build(),
      table,
    );
    expect(
      results.map(result => [result.result.unexpected_count, result.result.missing_count]),
    ).toEqual([
      [1, 1], // row 1 sums to 3 (pandas skips the null); row 2 is all-missing
      [2, 1],
      [0, 1],
      [1, 2],
    ]);
    expect(results[1]?.result.partial_unexpected_list).toEqual([
      { a: 1, b: 2 },
      { a: 1, b: 2 },
    ]);
  });
});

describe('nested and temporal columns', () => {
  it('addresses struct fields by dot path, folding parent nulls into the child', async () => {
    const table = tableFromJSON([
      { user: { age: 30, address: { city: 'Paris' } } },
      { user: { age: 12, address: { city: 'Lyon' } } },
      { user: null },
    ]);
    const results = await only(
      defineSuite('nested')
        .expect('expect_column_values_to_be_between', { column: 'user.age', min_value: 18 })
        .expect('expect_column_values_to_be_in_set', {
          column: 'user.address.city',
          value_set: ['Paris'],
        })
        .expect('expect_column_values_to_not_be_null', { column: 'user.address.city' })
        .expect('expect_column_values_to_be_between', { column: 'user.height', min_value: 0 })
        .build(),
      table,
    );
    expect(
      results.map(result => [
        result.result.unexpected_count,
        result.result.missing_count,
        result.code ?? null,
      ]),
    ).toEqual([
      [1, 1, anomalyCodes.valueOutOfRange],
      [1, 1, anomalyCodes.valueNotInSet],
      [1, 1, anomalyCodes.nullValues],
      [0, 0, anomalyCodes.columnMissing],
    ]);
  });

  it('checks list lengths and list values against a JSON Schema', async () => {
    const tags = vectorFromArray(
      [['a'], ['a', 'b', 'c'], null],
      new List(new Field('item', new Utf8(), true)),
    );
    const table = new Table({ tags });
    const results = await only(
      defineSuite('lists')
        .expect('expect_column_value_lengths_to_be_between', { column: 'tags', max_value: 2 })
        .expect('expect_column_values_to_match_json_schema', {
          column: 'tags',
          json_schema: { type: 'array', items: { enum: ['a', 'b'] } },
        })
        .build(),
      table,
    );
    expect(
      results.map(result => [
        result.result.unexpected_count,
        result.result.partial_unexpected_list,
      ]),
    ).toEqual([
      [1, [['a', 'b', 'c']]],
      [1, [['a', 'b', 'c']]],
    ]);
  });

  it('addresses list elements by dot path and reports the rows they belong to', async () => {
    const itemType = new Struct([new Field('price', new Float64(), true)]);
    const table = new Table({
      order: vectorFromArray([1, 2, 3], new Float64()),
      items: vectorFromArray(
        [[{ price: 5 }, { price: -1 }], null, [{ price: 7 }, { price: null }, { price: -3 }]],
        new List(new Field('item', itemType, true)),
      ),
      tags: vectorFromArray(
        [['a', 'b'], null, ['zz']],
        new List(new Field('item', new Utf8(), true)),
      ),
    });
    const results = await only(
      defineSuite('lists')
        .expect('expect_column_values_to_be_between', { column: 'items.price', min_value: 0 })
        .expect('expect_column_values_to_be_in_set', { column: 'tags.item', value_set: ['a', 'b'] })
        .expect('expect_column_max_to_be_between', { column: 'items.price', max_value: 10 })
        .expect('expect_column_pair_values_a_to_be_greater_than_b', {
          column_A: 'order',
          column_B: 'items.price',
        })
        .build(),
      table,
    );
    expect(results[0]?.result).toMatchObject({
      element_count: 5,
      missing_count: 1,
      unexpected_count: 2,
      partial_unexpected_list: [-1, -3],
      unexpected_index_list: [0, 2],
    });
    expect(results[1]?.result).toMatchObject({ unexpected_count: 1, unexpected_index_list: [2] });
    expect(results[2]).toMatchObject({ success: true, result: { observed_value: 7 } });
    expect(results[3]).toMatchObject({ success: false, code: anomalyCodes.evaluationError });
  });

  it('compares timestamps with ISO bounds and parses date strings', async () => {
    const when = vectorFromArray(
      [new Date('2024-01-01T00:00:00Z'), new Date('2025-06-01T00:00:00Z'), null],
      new TimestampMillisecond(),
    );
    const table = new Table({
      when,
      text: vectorFromArray(['2024-02-30', '2024-03-01T10:00:00+02:00', '1 May 2024'], new Utf8()),
    });
    const results = await only(
      defineSuite('dates')
        .expect('expect_column_values_to_be_between', {
          column: 'when',
          min_value: '2024-01-01',
          max_value: '2024-12-31T23:59:59Z',
        })
        .expect('expect_column_max_to_be_between', { column: 'when', max_value: '2026-01-01' })
        .expect('expect_column_values_to_be_dateutil_parseable', { column: 'text' })
        .expect('expect_column_values_to_be_between', {
          column: 'text',
          min_value: '2024-03-01',
          parse_strings_as_datetimes: true,
        })
        .build(),
      table,
    );
    expect(results[0]?.result).toMatchObject({
      unexpected_count: 1,
      partial_unexpected_list: ['2025-06-01T00:00:00.000Z'],
    });
    expect(results[1]).toMatchObject({
      success: true,
      result: { observed_value: '2025-06-01T00:00:00.000Z' },
    });
    expect(results[2]?.result).toMatchObject({
      unexpected_count: 1,
      partial_unexpected_list: ['2024-02-30'],
    });
    expect(results[3]?.result.unexpected_count).toBe(1);
  });
});

describe('streams and limits', () => {
  it('validates a stream of batches with global row indices and capped lists', async () => {
    async function* batches() {
      for (let part = 0; part < 3; part++) {
        const values = Int32Array.from({ length: 100 }, (_, index) => part * 100 + index);
        const schema = new Schema([new Field('n', new Int32(), false)]);
        const child = vectorFromArray(values).data[0]!;
        yield new RecordBatch(
          schema,
          makeData({
            type: new Struct(schema.fields),
            length: 100,
            nullCount: 0,
            children: [child],
          }),
        );
      }
    }
    const report = await validate(
      defineSuite('stream')
        .expect('expect_column_values_to_be_between', { column: 'n', max_value: 149 })
        .build(),
      batches(),
      { limits: { partialUnexpectedCount: 3, unexpectedIndexCount: 5 } },
    );
    expect(report.results[0]?.result).toMatchObject({
      element_count: 300,
      unexpected_count: 150,
      partial_unexpected_list: [150, 151, 152],
      unexpected_index_list: [150, 151, 152, 153, 154],
    });
  });

  it('shapes results by Great Expectations result format, limits taking precedence', async () => {
    const table = tableFromArrays({
      code: ['ok', 'x', 'ok', 'y', 'x', 'x', 'ok', 'z'],
    });
    const suite = defineSuite('formats')
      .expect('expect_column_values_to_be_in_set', { column: 'code', value_set: ['ok'] })
      .build();
    const resultOf = async (options: Parameters<typeof validate>[2]) =>
      (await validate(suite, table, options)).results[0]!.result;
    const counts = { element_count: 8, unexpected_count: 5, missing_count: 0 };

    const booleanOnly = await resultOf({ resultFormat: 'BOOLEAN_ONLY' });
    expect(booleanOnly).toMatchObject({ ...counts, partial_unexpected_list: [] });
    for (const absent of [
      'unexpected_index_list',
      'unexpected_list',
      'partial_unexpected_index_list',
      'partial_unexpected_counts',
    ])
      expect(booleanOnly, absent).not.toHaveProperty(absent);

    const basic = await resultOf({ resultFormat: 'BASIC' });
    expect(basic).toMatchObject({ ...counts, partial_unexpected_list: ['x', 'y', 'x', 'x', 'z'] });
    expect(basic).not.toHaveProperty('unexpected_index_list');
    expect(basic).not.toHaveProperty('partial_unexpected_counts');

    const summary = await resultOf({});
    expect(summary).toMatchObject({
      ...counts,
      partial_unexpected_list: ['x', 'y', 'x', 'x', 'z'],
      partial_unexpected_index_list: [1, 3, 4, 5, 7],
      partial_unexpected_counts: [
        { value: 'x', count: 3 },
        { value: 'y', count: 1 },
        { value: 'z', count: 1 },
      ],
      unexpected_index_list: [1, 3, 4, 5, 7],
    });
    expect(summary).not.toHaveProperty('unexpected_list');

    const complete = await resultOf({
      resultFormat: 'COMPLETE',
      limits: { partialUnexpectedCount: 2, unexpectedListCount: 4 },
    });
    expect(complete).toMatchObject({
      ...counts,
      partial_unexpected_list: ['x', 'y'],
      partial_unexpected_index_list: [1, 3],
      unexpected_list: ['x', 'y', 'x', 'x'],
      unexpected_index_list: [1, 3, 4, 5, 7],
    });
  });

  it('bounds the numbers kept for exact medians and quantiles, failing them openly past it', async () => {
    const values = Float64Array.from({ length: 300 }, (_, index) => index);
    const batches = [0, 100, 200].map(
      start => tableFromArrays({ x: values.slice(start, start + 100) }).batches[0]!,
    );
    const suite = defineSuite('retention')
      .expect('expect_column_median_to_be_between', { column: 'x', min_value: 0 })
      .expect('expect_column_quantile_values_to_be_between', {
        column: 'x',
        quantile_ranges: { quantiles: [0.9], value_ranges: [[0, 1000]] },
      })
      .expect('expect_column_mean_to_be_between', { column: 'x', min_value: 149, max_value: 150 })
      .build();
    const within = await validate(suite, batches, { maxRetainedValues: 300 });
    expect(within.results.map(result => result.success)).toEqual([true, true, true]);
    expect(within.results[0]?.result.observed_value).toBe(149.5);
    const beyond = await validate(suite, batches, { maxRetainedValues: 250 });
    expect(beyond.results.map(result => [result.success, result.code])).toEqual([
      [false, anomalyCodes.retentionLimitExceeded],
      [false, anomalyCodes.retentionLimitExceeded],
      [true, undefined],
    ]);
    expect(beyond.results[0]?.message).toContain('300 non-missing numbers');
  });

  it('keeps going when one expectation throws and reports EVALUATION_ERROR', async () => {
    const when = vectorFromArray([new Date('2024-01-01T00:00:00Z')], new TimestampMillisecond());
    const results = await only(
      defineSuite('broken')
        .expect('expect_column_values_to_be_between', { column: 'when', min_value: 'not a date' })
        .expect('expect_column_values_to_not_be_null', { column: 'when' })
        .build(),
      new Table({ when }),
    );
    expect(results.map(result => [result.success, result.code ?? null])).toEqual([
      [false, anomalyCodes.evaluationError],
      [true, null],
    ]);
    expect(results[0]?.message).toContain('kwargs.min_value');
  });

  it('rejects an unparseable bound of a parse_strings_as_datetimes check before reading data', async () => {
    const suite = defineSuite('bad-date')
      .expect('expect_column_values_to_be_between', {
        column: 'when',
        min_value: 'not a date',
        parse_strings_as_datetimes: true,
      })
      .build();
    await expect(validate(suite, tableFromArrays({ when: ['2024-01-01'] }))).rejects.toMatchObject({
      code: 'INVALID_SUITE',
      details: { path: 'expectations[0].kwargs.min_value' },
    });
  });

  it('skips expectations outside the requested environment', async () => {
    const suite = defineSuite('envs', { default_environment: ['TRAINING', 'SERVING'] })
      .expect(
        'expect_column_values_to_not_be_null',
        { column: 'label' },
        { not_in_environment: ['SERVING'] },
      )
      .expect('expect_table_row_count_to_be_between', { min_value: 1 })
      .build();
    const table = tableFromArrays({ feature: [1] });
    expect((await validate(suite, table, { environment: 'SERVING' })).results).toHaveLength(1);
    expect((await validate(suite, table, { environment: 'TRAINING' })).results).toHaveLength(2);
  });
});
