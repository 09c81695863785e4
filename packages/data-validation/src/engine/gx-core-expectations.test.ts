import { Field, Float64, Int32, List, makeTable, Table, Utf8, vectorFromArray } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anomalyCodes } from '../anomaly-codes';
import { parseSuite } from '../suite/parse-suite';
import { defineSuite } from '../suite/suite-builder';
import { validate } from '../validate';
import { isJsonParseable } from './evaluators/column-map-evaluators';

// Expected values below were computed with pandas 3.0 following GX's pandas backend (the
// Python lines are quoted beside each check), so they are the oracle rather than this engine.

const strings = (values: Array<string | null>) => vectorFromArray(values, new Utf8());
const floats = (values: Array<number | null>) => vectorFromArray(values, new Float64());

async function results(suite: ReturnType<ReturnType<typeof defineSuite>['build']>, table: Table) {
  return (await validate(suite, table)).results;
}

describe('expect_column_value_lengths_to_equal', () => {
  const table = new Table({
    s: strings(['abc', 'ab', 'abcd', null, 'xyz', 'é✓a', '😀ab']),
    l: vectorFromArray([[1, 2, 3], [1], null, [4, 5, 6]], new List(new Field('item', new Int32()))),
  });

  it('counts code points as Python len, on ASCII and non-ASCII values', async () => {
    // s.dropna().str.len() == 3 -> [True, False, False, True, True, True]
    const [result] = await results(
      defineSuite('lengths')
        .expect('expect_column_value_lengths_to_equal', { column: 's', value: 3 })
        .build(),
      table.select(['s']),
    );
    expect(result?.success).toBe(false);
    expect(result?.code).toBe(anomalyCodes.valueLengthOutOfRange);
    expect(result?.result).toMatchObject({
      element_count: 7,
      missing_count: 1,
      unexpected_count: 2,
      partial_unexpected_list: ['ab', 'abcd'],
      partial_unexpected_index_list: [1, 2],
    });
  });

  it('passes with mostly, measures lists, and refuses numbers with UNEXPECTED_TYPE', async () => {
    const numbers = new Table({ n: floats([1, 2]) });
    const [withMostly] = await results(
      defineSuite('m')
        .expect('expect_column_value_lengths_to_equal', { column: 's', value: 3, mostly: 0.6 })
        .build(),
      table.select(['s']),
    );
    expect(withMostly?.success).toBe(true);
    const [list] = await results(
      defineSuite('l')
        .expect('expect_column_value_lengths_to_equal', { column: 'l', value: 3 })
        .build(),
      new Table({ l: table.getChild('l')!.slice(0, 4) }),
    );
    expect(list?.result).toMatchObject({ unexpected_count: 1, missing_count: 1 });
    const [number] = await results(
      defineSuite('n')
        .expect('expect_column_value_lengths_to_equal', { column: 'n', value: 1 })
        .build(),
      numbers,
    );
    expect(number?.code).toBe(anomalyCodes.unexpectedType);
  });

  it('agrees with value_lengths_to_be_between(v, v) on any strings (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.string({ unit: 'grapheme', maxLength: 6 }), { nil: null }), {
          maxLength: 30,
        }),
        fc.nat(6),
        async (values, length) => {
          const suite = defineSuite('p')
            .expect('expect_column_value_lengths_to_equal', { column: 's', value: length })
            .expect('expect_column_value_lengths_to_be_between', {
              column: 's',
              min_value: length,
              max_value: length,
            })
            .build();
          const [equal, between] = await results(suite, new Table({ s: strings(values) }));
          expect(equal?.result.unexpected_count).toBe(between?.result.unexpected_count);
          expect(equal?.success).toBe(between?.success);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects a negative or fractional value when the suite is parsed', () => {
    for (const value of [-1, 2.5])
      expect(() =>
        parseSuite({
          name: 'x',
          expectations: [
            { type: 'expect_column_value_lengths_to_equal', kwargs: { column: 's', value } },
          ],
        }),
      ).toThrow(/expectations\[0\]\.kwargs\.value/);
  });
});

describe('expect_column_values_to_be_json_parseable', () => {
  it('accepts what Python json.loads accepts', async () => {
    const values = [
      '{"a":1}',
      '[1,2',
      'NaN',
      '"x"',
      null,
      '1NaN',
      '[-Infinity]',
      ' {"b": [true, null]} ',
      '{"a": NaNx}',
    ];
    // [ok(v) for v in j.dropna()] with json.loads -> T F T T F T T F
    expect(values.filter(value => value !== null).map(isJsonParseable)).toEqual([
      true,
      false,
      true,
      true,
      false,
      true,
      true,
      false,
    ]);
    const [result] = await results(
      defineSuite('json')
        .expect('expect_column_values_to_be_json_parseable', { column: 'j' })
        .build(),
      new Table({ j: strings(values) }),
    );
    expect(result?.code).toBe(anomalyCodes.unparseableJson);
    expect(result?.result).toMatchObject({
      element_count: 9,
      missing_count: 1,
      unexpected_count: 3,
      partial_unexpected_list: ['[1,2', '1NaN', '{"a": NaNx}'],
    });
  });

  it('never throws on arbitrary text and agrees with JSON.parse on JSON (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), text => {
        let strict = true;
        try {
          JSON.parse(text);
        } catch {
          strict = false;
        }
        if (strict) expect(isJsonParseable(text)).toBe(true);
      }),
    );
    fc.assert(fc.property(fc.jsonValue(), value => isJsonParseable(JSON.stringify(value))));
  });
});

describe('column pair and within-record expectations', () => {
  const table = new Table({
    a: floats([1, 2, 3, null, 5, null, 7]),
    b: floats([1, 3, 3, 4, null, null, 7]),
    c: floats([2, 2, null, null, 1, null, 8]),
  });

  it('expect_column_pair_values_to_be_equal follows pandas ==, both-missing rows ignored', async () => {
    // (df.a == df.b) -> [T, F, T, F, F, F, T]; row 5 (both missing) is left out by default.
    const [result] = await results(
      defineSuite('eq')
        .expect('expect_column_pair_values_to_be_equal', { column_A: 'a', column_B: 'b' })
        .build(),
      table,
    );
    expect(result?.code).toBe(anomalyCodes.columnPairMismatch);
    expect(result?.result).toMatchObject({
      element_count: 7,
      missing_count: 1,
      unexpected_count: 3,
      unexpected_index_list: [1, 3, 4],
      partial_unexpected_list: [
        [2, 3],
        [null, 4],
        [5, null],
      ],
    });
    const [either] = await results(
      defineSuite('eq')
        .expect('expect_column_pair_values_to_be_equal', {
          column_A: 'a',
          column_B: 'b',
          ignore_row_if: 'either_value_is_missing',
        })
        .build(),
      table,
    );
    expect(either?.result).toMatchObject({ missing_count: 3, unexpected_count: 1 });
  });

  it('expect_column_pair_values_to_be_in_set matches missing cells to null in the pairs', async () => {
    // value_pairs_set {(1,1),(2,3),(None,4),(5,None),(7,7)} -> only row 2 (3, 3) is unexpected.
    const [result] = await results(
      defineSuite('pairs')
        .expect('expect_column_pair_values_to_be_in_set', {
          column_A: 'a',
          column_B: 'b',
          value_pairs_set: [
            [1, 1],
            [2, 3],
            [null, 4],
            [5, null],
            [7, 7],
          ],
        })
        .build(),
      table,
    );
    expect(result?.result).toMatchObject({
      missing_count: 1,
      unexpected_count: 1,
      unexpected_index_list: [2],
    });
  });

  it('expect_select_column_values_to_be_unique_within_record counts two missing cells as a repeat', async () => {
    // df.nunique(dropna=False, axis=1) >= 3 -> only row 4 unique; row 5 (all missing) ignored.
    const suite = defineSuite('record')
      .expect('expect_select_column_values_to_be_unique_within_record', {
        column_list: ['a', 'b', 'c'],
      })
      .expect('expect_multicolumn_values_to_be_unique', {
        column_list: ['a', 'b', 'c'],
        mostly: 0.1,
      })
      .build();
    const [select, legacy] = await results(suite, table);
    expect(select?.code).toBe(anomalyCodes.duplicateWithinRecord);
    expect(select?.result).toMatchObject({
      missing_count: 1,
      unexpected_count: 5,
      unexpected_index_list: [0, 1, 2, 3, 6],
    });
    expect(select?.result.partial_unexpected_list?.[0]).toEqual({ a: 1, b: 1, c: 2 });
    expect(legacy?.success).toBe(true);
  });
});

describe('table and completeness expectations', () => {
  const table = new Table({
    a: floats([1, null, Number.NaN, 4]),
    b: strings(['x', null, 'y', 'z']),
  });

  it('expect_table_column_count_to_equal reports the count', async () => {
    const [right, wrong] = await results(
      defineSuite('t')
        .expect('expect_table_column_count_to_equal', { value: 2 })
        .expect('expect_table_column_count_to_equal', { value: 3 })
        .build(),
      table,
    );
    expect(right).toMatchObject({ success: true, result: { observed_value: 2 } });
    expect(wrong).toMatchObject({ success: false, code: anomalyCodes.columnSetMismatch });
    expect(() =>
      parseSuite({
        name: 'x',
        expectations: [
          {
            type: 'expect_table_column_count_to_equal',
            kwargs: { value: 2, row_condition: 'a > 1', condition_parser: 'pandas' },
          },
        ],
      }),
    ).toThrow(/takes no row_condition/);
  });

  it('expect_column_proportion_of_non_null_values_to_be_between counts NaN as null', async () => {
    // df.a.notnull().mean() -> 0.5; df.b.notnull().mean() -> 0.75
    const [a, b] = await results(
      defineSuite('c')
        .expect('expect_column_proportion_of_non_null_values_to_be_between', {
          column: 'a',
          min_value: 0.6,
        })
        .expect('expect_column_proportion_of_non_null_values_to_be_between', {
          column: 'b',
          min_value: 0.75,
          max_value: 1,
        })
        .build(),
      table,
    );
    expect(a).toMatchObject({
      success: false,
      code: anomalyCodes.completenessOutOfRange,
      result: { observed_value: 0.5 },
    });
    expect(b).toMatchObject({ success: true, result: { observed_value: 0.75 } });
    const [empty] = await results(
      defineSuite('e')
        .expect('expect_column_proportion_of_non_null_values_to_be_between', { column: 'a' })
        .build(),
      makeTable({ a: new Float64Array(0) }),
    );
    expect(empty?.code).toBe(anomalyCodes.statisticsNotAvailable);
  });
});
