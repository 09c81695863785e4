import { describe, expect, it } from 'vitest';
import { parseSuite } from './parse-suite';
import { suiteColumns, topLevelFields } from './suite-columns';

describe('suiteColumns', () => {
  it('lists kwargs and row-condition columns once, in order of first use', () => {
    const suite = parseSuite({
      name: 's',
      expectations: [
        { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'a' } },
        {
          type: 'expect_column_pair_values_to_be_equal',
          kwargs: { column_A: 'b', column_B: 'a' },
          row_condition: 'c > 1 and d.e == "x"',
          condition_parser: 'pandas',
        },
        { type: 'expect_compound_columns_to_be_unique', kwargs: { column_list: ['f', 'b'] } },
        { type: 'expect_table_row_count_to_equal', kwargs: { value: 3 } },
        { type: 'expect_column_to_exist', kwargs: { column: 'g' } },
      ],
    });
    expect(suiteColumns(suite)).toEqual(['a', 'b', 'c', 'd.e', 'f', 'g']);
  });

  it('needs every column when an expectation reads the column list', () => {
    for (const expectation of [
      { type: 'expect_table_columns_to_match_set', kwargs: { column_set: ['a'] } },
      { type: 'expect_table_column_count_to_be_between', kwargs: { min_value: 1 } },
      { type: 'expect_column_to_exist', kwargs: { column: 'a', column_index: 0 } },
    ])
      expect(suiteColumns(parseSuite({ name: 's', expectations: [expectation] }))).toBeUndefined();
  });

  it('maps paths to the top-level fields holding them, names with dots included', () => {
    expect(topLevelFields(['user.age', 'a.b', 'x'], ['a.b', 'user', 'userx', 'x', 'y'])).toEqual([
      'a.b',
      'user',
      'x',
    ]);
  });
});
