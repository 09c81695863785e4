import { tableFromArrays, vectorFromArray, Utf8, Table, Float64 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { defineSuite } from '../suite/suite-builder';
import { validate } from '../validate';

describe('row kernels on plain UTF-8 columns', () => {
  const values = [
    'id-000001',
    'id-00000x',
    null,
    'é-000001',
    'id-0000é1',
    `id-${'0'.repeat(40)}`,
    'id-abcdef',
    'ID-000001',
  ];
  const table = new Table({ code: vectorFromArray(values, new Utf8()) });

  it('gives the same results on the bytes as the regex engine on decoded strings', async () => {
    // A non-capturing group keeps the second pattern off the byte matcher: same language.
    const byBytes = '^id-[0-9a-z]{6}$';
    const byEngine = '^(?:id)-[0-9a-z]{6}$';
    for (const type of [
      'expect_column_values_to_match_regex',
      'expect_column_values_to_not_match_regex',
    ] as const) {
      const report = await validate(
        defineSuite('patterns')
          .expect(type, { column: 'code', regex: byBytes })
          .expect(type, { column: 'code', regex: byEngine })
          .build(),
        table,
        { maxPatternInputLength: 20 },
      );
      const [fast, slow] = report.results.map(result => result.result);
      expect(fast).toEqual(slow);
    }
    const report = await validate(
      defineSuite('patterns')
        .expect('expect_column_values_to_match_regex', { column: 'code', regex: byBytes })
        .build(),
      table,
      { maxPatternInputLength: 20 },
    );
    expect(report.results[0]!.result).toMatchObject({
      element_count: 8,
      missing_count: 1,
      unexpected_count: 4,
      partial_unexpected_list: ['é-000001', 'id-0000é1', `id-${'0'.repeat(40)}`, 'ID-000001'],
      unexpected_index_list: [3, 4, 5, 7],
    });
  });

  it('measures lengths in code points on ASCII (from offsets) and non-ASCII columns', async () => {
    const suite = defineSuite('lengths')
      .expect('expect_column_value_lengths_to_be_between', {
        column: 'word',
        min_value: 2,
        max_value: 3,
      })
      .build();
    const ascii = new Table({ word: vectorFromArray(['ab', 'abcd', null, 'a'], new Utf8()) });
    const mixed = new Table({ word: vectorFromArray(['é😀', 'abcd', null, '😀'], new Utf8()) });
    for (const table of [ascii, mixed]) {
      const [result] = (await validate(suite, table)).results;
      expect(result!.result).toMatchObject({
        missing_count: 1,
        unexpected_count: 2,
        unexpected_index_list: [1, 3],
      });
    }
  });

  it('counts NaN for the not-null check after a range check of the same batch', async () => {
    const numbers = tableFromArrays({ value: Float64Array.of(1, Number.NaN, 3, Number.NaN) });
    const withNulls = new Table({
      value: vectorFromArray([1, null, Number.NaN, 4], new Float64()),
    });
    for (const [input, missing] of [
      [numbers, 2],
      [withNulls, 2],
    ] as const) {
      const report = await validate(
        defineSuite('nan')
          .expect('expect_column_values_to_be_between', { column: 'value', min_value: 0 })
          .expect('expect_column_mean_to_be_between', { column: 'value', min_value: 0 })
          .expect('expect_column_values_to_not_be_null', { column: 'value' })
          .build(),
        input,
      );
      expect(report.results[2]!.result.unexpected_count).toBe(missing);
    }
    const clean = tableFromArrays({ value: Float64Array.of(1, 2) });
    const report = await validate(
      defineSuite('clean')
        .expect('expect_column_values_to_be_between', { column: 'value', min_value: 0 })
        .expect('expect_column_values_to_not_be_null', { column: 'value' })
        .build(),
      clean,
    );
    expect(report.results[1]!.result).toMatchObject({ element_count: 2, unexpected_count: 0 });
  });
});
