import { Bool, Field, List, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { conditionColumns } from '../__fixtures__/condition-columns';
import { anomalyCodes } from '../anomaly-codes';
import { parseSuite } from '../suite/parse-suite';
import { defineSuite } from '../suite/suite-builder';
import { validate } from '../validate';
import { runSuite } from './run-suite';

// Row:           0      1      2     3     4     5      6     7
// amount:        1      5      NaN   null  10    7      3     null
// tier (dict):   a      b      a     null  b     a      c     b
// name (utf8):   x      yy     null  zz    x     w      null  yy
// user.age:      20     15     null  40    33    (null parent) 18  70
// flag:          true   false  true  null  true  false  true  false
const table = new Table({
  ...conditionColumns(),
  name: vectorFromArray(['x', 'yy', null, 'zz', 'x', 'w', null, 'yy'], new Utf8()),
});
/** The same rows as a stream of three sliced batches (3, 3 and 2 rows). */
const stream = () => [
  ...table.slice(0, 3).batches,
  ...table.slice(3, 6).batches,
  ...table.slice(6, 8).batches,
];

const tierIsA = { row_condition: "tier == 'a'", condition_parser: 'pandas' } as const; // 0, 2, 5
const amountIsNot5 = { row_condition: 'amount != 5', condition_parser: 'pandas' } as const; // all but 1
const adultsWithName = {
  row_condition: 'col("user.age") >= 18 & col("name").notNull()',
  condition_parser: 'great_expectations',
} as const; // 0, 3, 4, 7
const highOrMissing = {
  row_condition: 'amount.isnull() | amount > 6',
  condition_parser: 'pandas',
} as const; // 2, 3, 4, 5, 7

const suite = defineSuite('conditional')
  .expect('expect_column_values_to_not_be_null', { column: 'amount' }, tierIsA)
  .expect(
    'expect_column_values_to_be_between',
    { column: 'amount', min_value: 0, max_value: 5 },
    tierIsA,
  )
  .expect('expect_column_values_to_be_between', { column: 'amount', min_value: 0, max_value: 5 })
  .expect('expect_column_mean_to_be_between', { column: 'amount' }, tierIsA)
  .expect('expect_column_mean_to_be_between', { column: 'amount' })
  .expect('expect_column_values_to_be_in_set', { column: 'tier', value_set: ['a'] }, adultsWithName)
  .expect(
    'expect_column_values_to_be_unique',
    { column: 'name' },
    {
      row_condition: "name in ['x', 'yy'] and not flag",
      condition_parser: 'pandas',
    },
  )
  .expect('expect_column_values_to_be_unique', { column: 'name' })
  .expect(
    'expect_column_value_lengths_to_be_between',
    { column: 'name', min_value: 2 },
    highOrMissing,
  )
  .expect(
    'expect_column_pair_values_a_to_be_greater_than_b',
    { column_A: 'user.age', column_B: 'amount', ignore_row_if: 'neither' },
    tierIsA,
  )
  .expect('expect_column_min_to_be_between', { column: 'amount' }, highOrMissing)
  .expect('expect_column_median_to_be_between', { column: 'amount' }, highOrMissing)
  .expect('expect_column_stdev_to_be_between', { column: 'amount' }, highOrMissing)
  .expect(
    'expect_column_distinct_values_to_equal_set',
    { column: 'tier', value_set: ['a', 'b', 'c'] },
    amountIsNot5,
  )
  .expect(
    'expect_column_proportion_of_unique_values_to_be_between',
    { column: 'tier' },
    amountIsNot5,
  )
  .expect(
    'expect_column_most_common_value_to_be_in_set',
    { column: 'tier', value_set: ['a'] },
    amountIsNot5,
  )
  .expect('expect_table_row_count_to_equal', { value: 7 }, amountIsNot5)
  .expect('expect_column_values_to_be_null', { column: 'name' }, highOrMissing)
  .build();

function checkResults(results: Awaited<ReturnType<typeof validate>>['results']) {
  const [
    notNull,
    between,
    betweenAll,
    mean,
    meanAll,
    inSet,
    unique,
    uniqueAll,
    lengths,
    pair,
    min,
    median,
    stdev,
    distinct,
    proportion,
    mode,
    rowCount,
    isNull,
  ] = results;
  expect(notNull?.result).toMatchObject({
    element_count: 3,
    missing_count: 1,
    unexpected_count: 1,
    unexpected_index_list: [2],
  });
  expect(between?.result).toMatchObject({
    element_count: 3,
    missing_count: 1,
    unexpected_count: 1,
    unexpected_percent: 50,
    partial_unexpected_list: [7],
    unexpected_index_list: [5],
  });
  expect(betweenAll?.result).toMatchObject({
    element_count: 8,
    missing_count: 3,
    unexpected_count: 2,
    unexpected_index_list: [4, 5],
  });
  expect(mean?.result).toMatchObject({ element_count: 3, missing_count: 1, observed_value: 4 });
  expect(meanAll?.result).toMatchObject({
    element_count: 8,
    missing_count: 3,
    observed_value: 5.2,
  });
  expect(inSet?.result).toMatchObject({
    element_count: 4,
    missing_count: 1,
    unexpected_count: 2,
    unexpected_index_list: [4, 7],
  });
  expect(unique?.result).toMatchObject({
    element_count: 2,
    missing_count: 0,
    unexpected_count: 2,
    unexpected_index_list: [1, 7],
  });
  expect(uniqueAll?.result).toMatchObject({
    element_count: 8,
    missing_count: 2,
    unexpected_count: 4,
  });
  expect(lengths?.result).toMatchObject({
    element_count: 5,
    missing_count: 1,
    unexpected_count: 2,
    unexpected_index_list: [4, 5],
  });
  expect(pair?.result).toMatchObject({
    element_count: 3,
    missing_count: 0,
    unexpected_count: 2,
    unexpected_index_list: [2, 5],
  });
  expect(min?.result).toMatchObject({ element_count: 5, missing_count: 3, observed_value: 7 });
  expect(median?.result.observed_value).toBe(8.5);
  expect(stdev?.result.observed_value).toBeCloseTo(Math.sqrt(4.5), 12);
  expect(distinct).toMatchObject({ success: true, result: { observed_value: ['a', 'b', 'c'] } });
  expect(distinct?.result).toMatchObject({ element_count: 7, missing_count: 1 });
  expect(proportion?.result.observed_value).toBe(0.5);
  expect(mode).toMatchObject({ success: true, result: { observed_value: ['a'] } });
  expect(rowCount).toMatchObject({ success: true, result: { observed_value: 7 } });
  expect(isNull?.result).toMatchObject({
    element_count: 5,
    missing_count: 1,
    unexpected_count: 4,
    unexpected_index_list: [3, 4, 5, 7],
  });
}

describe('conditional expectations (row_condition)', () => {
  it('counts only the selected rows and keeps whole-dataset row indices', async () => {
    const report = await validate(suite, table);
    checkResults(report.results);
  });

  it('gives the same results over a stream of sliced batches', async () => {
    const report = await runSuite(suite, stream());
    checkResults(report.results);
  });

  it('echoes the condition among the kwargs, as Great Expectations reports it', async () => {
    const report = await validate(suite, table);
    expect(report.results[0]?.expectation.kwargs).toEqual({
      column: 'amount',
      row_condition: "tier == 'a'",
      condition_parser: 'pandas',
    });
    expect(report.results[2]?.expectation.kwargs).toEqual({
      column: 'amount',
      min_value: 0,
      max_value: 5,
    });
  });

  it('evaluates a condition written differently but equal once, and shares nothing with unconditioned statistics', async () => {
    const results = (
      await validate(
        defineSuite('shared')
          .expect(
            'expect_column_sum_to_be_between',
            { column: 'amount' },
            {
              row_condition: "tier=='a'",
              condition_parser: 'pandas',
            },
          )
          .expect(
            'expect_column_sum_to_be_between',
            { column: 'amount' },
            {
              row_condition: 'col("tier") == "a"',
              condition_parser: 'great_expectations',
            },
          )
          .expect('expect_column_sum_to_be_between', { column: 'amount' })
          .build(),
        stream(),
      )
    ).results;
    expect(results.map(result => result.result.observed_value)).toEqual([8, 8, 26]);
  });

  it('fails expectations whose condition reads a missing column or cannot be evaluated, and runs the rest', async () => {
    const results = (
      await validate(
        defineSuite('broken')
          .expect(
            'expect_column_values_to_not_be_null',
            { column: 'amount' },
            {
              row_condition: 'nowhere > 1',
              condition_parser: 'pandas',
            },
          )
          .expect(
            'expect_column_values_to_not_be_null',
            { column: 'amount' },
            {
              row_condition: "amount > 'x'",
              condition_parser: 'pandas',
            },
          )
          .expect('expect_column_values_to_not_be_null', { column: 'amount' })
          .build(),
        table,
      )
    ).results;
    expect(results[0]).toMatchObject({
      success: false,
      code: anomalyCodes.columnMissing,
      result: { details: { missing_columns: ['nowhere'] } },
    });
    expect(results[1]).toMatchObject({ success: false, code: anomalyCodes.evaluationError });
    expect(results[1]?.message).toMatch(/cannot order/);
    expect(results[2]?.result).toMatchObject({ element_count: 8, unexpected_count: 3 });
  });

  it('applies the condition per row to list elements', async () => {
    const withLists = new Table({
      keep: vectorFromArray([true, false, true], new Bool()),
      tags: vectorFromArray(
        [['a', 'b'], ['zz'], ['zz', null]],
        new List(new Field('item', new Utf8(), true)),
      ),
    });
    const results = (
      await validate(
        defineSuite('lists')
          .expect(
            'expect_column_values_to_be_in_set',
            { column: 'tags.item', value_set: ['a', 'b'] },
            {
              row_condition: 'keep',
              condition_parser: 'pandas',
            },
          )
          .build(),
        withLists,
      )
    ).results;
    expect(results[0]?.result).toMatchObject({
      element_count: 4,
      missing_count: 1,
      unexpected_count: 1,
      unexpected_index_list: [2],
    });
  });

  it('rejects a condition on a schema-level expectation in a suite built in code', () => {
    expect(() =>
      defineSuite('schema')
        .expect(
          'expect_column_to_exist',
          { column: 'amount' },
          {
            row_condition: 'amount > 1',
            condition_parser: 'pandas',
          },
        )
        .build(),
    ).toThrowError(/expectations\[0\]\.row_condition.*takes no row_condition/);
  });

  it('reads conditions from YAML, with the condition among the kwargs as GX writes it', async () => {
    const parsed = parseSuite(`
name: yaml
expectations:
  - type: expect_column_values_to_be_between
    kwargs:
      column: amount
      max_value: 5
      row_condition: 'col("tier") == "a"'
      condition_parser: great_expectations
`);
    const report = await validate(parsed, table);
    expect(report.results[0]?.result).toMatchObject({ element_count: 3, unexpected_count: 1 });
  });
});
