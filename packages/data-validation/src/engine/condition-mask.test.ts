import { Int32, Table, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { type ConditionParser, parseRowCondition } from '../suite/row-condition';
import { conditionColumns } from '../__fixtures__/condition-columns';
import { createColumnView } from './column-view';
import { evaluateRowCondition } from './condition-mask';

const table = new Table({
  ...conditionColumns(),
  count: vectorFromArray([1, 2, 3, 4, null, 6, 7, 8], new Int32()),
  name: vectorFromArray(['x', 'yy', null, 'zz', 'x', 'é', null, 'yy'], new Utf8()),
  when: vectorFromArray(
    [0, 1, 2, 3, 4, 5, 6, null].map(day =>
      day === null ? null : new Date(Date.UTC(2024, 0, 1 + day)),
    ),
    new TimestampMillisecond(),
  ),
});

/** The selected row numbers of a condition over `batch` (default: the whole table as one batch). */
function rows(text: string, parser: ConditionParser = 'pandas', batch = table.batches[0]!) {
  const { mask, selected } = evaluateRowCondition(
    parseRowCondition(text, parser),
    batch.numRows,
    path => createColumnView(batch, path),
  );
  const chosen = [...mask].flatMap((value, index) => (value === 1 ? [index] : []));
  expect(selected).toBe(chosen.length);
  return chosen;
}

describe('evaluateRowCondition', () => {
  it('makes comparisons with a missing value false, except != (pandas)', () => {
    expect(rows('amount > 4')).toEqual([1, 4, 5]);
    expect(rows('amount == 5')).toEqual([1]);
    expect(rows('amount != 5')).toEqual([0, 2, 3, 4, 5, 6, 7]);
    expect(rows('~(amount == 5)')).toEqual([0, 2, 3, 4, 5, 6, 7]);
    expect(rows('amount <= 3')).toEqual([0, 6]);
    expect(rows('count >= 6')).toEqual([5, 6, 7]);
    expect(rows('count != 2')).toEqual([0, 2, 3, 4, 5, 6, 7]);
  });

  it('tests missing values (null and NaN) with isnull / notnull', () => {
    expect(rows('amount.isnull()')).toEqual([2, 3, 7]);
    expect(rows('amount.notna()')).toEqual([0, 1, 4, 5, 6]);
    expect(rows('col("name").isNull()', 'great_expectations')).toEqual([2, 6]);
    expect(rows('col("user.age").notnull()', 'great_expectations')).toEqual([0, 1, 3, 4, 6, 7]);
  });

  it('compares dictionary and UTF-8 strings (by code point, as Python) and nested fields', () => {
    expect(rows("tier == 'a'")).toEqual([0, 2, 5]);
    expect(rows("tier != 'a'")).toEqual([1, 3, 4, 6, 7]);
    expect(rows("tier > 'a'")).toEqual([1, 4, 6, 7]);
    expect(rows("name == 'yy'")).toEqual([1, 7]);
    expect(rows("name > 'x'")).toEqual([1, 3, 5, 7]);
    expect(rows("name < 'é'")).toEqual([0, 1, 3, 4, 7]);
    expect(rows('user.age >= 18')).toEqual([0, 3, 4, 6, 7]);
    expect(rows('`user.age` < 18')).toEqual([1]);
  });

  it('evaluates in / not in with missing values outside the list', () => {
    expect(rows("tier in ['a', 'c']")).toEqual([0, 2, 5, 6]);
    expect(rows("tier not in ['a', 'c']")).toEqual([1, 3, 4, 7]);
    expect(rows("name in ('x', 'yy')")).toEqual([0, 1, 4, 7]);
    expect(rows('amount in [1, 10]')).toEqual([0, 4]);
    expect(rows('amount not in [1, 10]')).toEqual([1, 2, 3, 5, 6, 7]);
    expect(rows('flag in [False]')).toEqual([1, 5, 7]);
  });

  it('combines with and / or / not, boolean columns and column-to-column comparisons', () => {
    expect(rows("name in ['x', 'yy'] and not flag")).toEqual([1, 7]);
    expect(rows('flag & amount < 5')).toEqual([0, 6]);
    expect(rows('~flag')).toEqual([1, 3, 5, 7]);
    expect(rows('amount.isnull() | amount > 6')).toEqual([2, 3, 4, 5, 7]);
    expect(rows('count > amount')).toEqual([6]);
    expect(rows('count != amount')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows('col("user.age") >= 18 & col("name").notNull()', 'great_expectations')).toEqual([
      0, 3, 4, 7,
    ]);
  });

  it('reads date strings against timestamp columns', () => {
    expect(rows("when >= '2024-01-05'")).toEqual([4, 5, 6]);
    expect(rows('col("when") < date("2024-01-03")', 'great_expectations')).toEqual([0, 1]);
  });

  it('honours slice offsets of batches', () => {
    const batch = table.slice(3, 8).batches[0]!;
    expect(rows('amount != 5', 'pandas', batch)).toEqual([0, 1, 2, 3, 4]);
    expect(rows("tier == 'b' | user.age > 60", 'pandas', batch)).toEqual([1, 4]);
    expect(rows('flag', 'pandas', batch)).toEqual([1, 3]);
  });

  it('refuses conditions the column types cannot answer', () => {
    expect(() => rows('amount')).toThrowError(/not boolean/);
    expect(() => rows("amount > 'x'")).toThrowError(/cannot order/);
    expect(() => rows("when > 'soon'")).toThrowError(/not a date-time/);
    expect(rows("amount == 'x'")).toEqual([]);
    expect(rows("amount != 'x'")).toHaveLength(8);
  });
});
