import {
  Dictionary,
  Int32,
  makeData,
  makeVector,
  Table,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { parseSuite } from '../suite/parse-suite';
import { validate } from '../validate';

describe('dictionary columns with malformed indices', () => {
  // Dictionary<Int32, Int32> over entries [7, 8], with index 5 pointing past them.
  const entries = vectorFromArray([7, 8], new Int32());
  const hostile = makeVector(
    makeData({
      type: new Dictionary(new Int32(), new Int32()),
      length: 3,
      nullCount: 0,
      data: Int32Array.from([0, 5, 1]),
      dictionary: entries,
    }),
  );
  const strings = vectorFromArray(['a', 'b'], new Dictionary(new Utf8(), new Int32()));
  const hostileStrings = makeVector(
    makeData({ ...strings.data[0]!, length: 3, data: Int32Array.from([0, 9, 1]) } as never),
  );

  it.each([
    ['code', hostile],
    ['name', hostileStrings],
  ])(
    'refuses %s with DICTIONARY_INDEX_OUT_OF_RANGE instead of passing it',
    async (column, vector) => {
      const suite = parseSuite({
        name: 'd',
        expectations: [
          {
            type: 'expect_column_unique_value_count_to_be_between',
            kwargs: { column, max_value: 2 },
          },
          { type: 'expect_column_values_to_not_be_null', kwargs: { column } },
        ],
      });
      await expect(validate(suite, new Table({ [column]: vector }))).rejects.toMatchObject({
        code: 'DICTIONARY_INDEX_OUT_OF_RANGE',
      });
    },
  );
});

describe('dictionary entry counts under attack', () => {
  const entries = vectorFromArray(['a', 'b'], new Utf8());
  const type = new Dictionary(new Utf8(), new Int32());
  const column = (indices: number[], nullBitmap?: Uint8Array, dictionary = entries) =>
    makeVector(
      makeData({
        type,
        length: indices.length,
        nullCount: nullBitmap ? indices.length - countBits(nullBitmap, indices.length) : 0,
        ...(nullBitmap ? { nullBitmap } : {}),
        data: Int32Array.from(indices),
        dictionary,
      }),
    );
  const countBits = (bits: Uint8Array, length: number) => {
    let count = 0;
    for (let index = 0; index < length; index++) count += (bits[index >> 3]! >> (index & 7)) & 1;
    return count;
  };
  const checks = [
    { type: 'expect_column_values_to_match_regex', kwargs: { column: 'name', regex: '^a$' } },
    { type: 'expect_column_value_lengths_to_equal', kwargs: { column: 'name', value: 1 } },
    { type: 'expect_column_values_to_be_in_set', kwargs: { column: 'name', value_set: ['a'] } },
  ];

  it.each([
    // An index one past the end lands, in a four-way count, in another lane's slot for entry 0.
    ['one past the end', [2, 0, 1, 0, 1]],
    ['far past the end', [0, 1, 0, 8, 1, 1]],
    ['negative', [0, -1, 1]],
    ['the largest int32', [0x7fffffff, 0, 0, 0]],
  ])(
    'refuses an index %s in every map check, with or without lists to fill',
    async (_, indices) => {
      for (const check of checks) {
        for (const resultFormat of ['SUMMARY', 'BOOLEAN_ONLY'] as const) {
          const suite = parseSuite({ name: 'd', expectations: [check] });
          await expect(
            validate(suite, new Table({ name: column(indices) }), { resultFormat }),
          ).rejects.toMatchObject({ code: 'DICTIONARY_INDEX_OUT_OF_RANGE' });
        }
      }
    },
  );

  it('reads an empty dictionary whose rows are all null, and a 0-row batch', async () => {
    const empty = vectorFromArray([], new Utf8());
    const suite = parseSuite({
      name: 'd',
      expectations: [
        ...checks,
        { type: 'expect_column_unique_value_count_to_be_between', kwargs: { column: 'name' } },
      ],
    });
    const nulls = await validate(
      suite,
      new Table({ name: column([0, 0, 0], Uint8Array.of(0), empty) }),
    );
    expect(nulls.results.map(result => result.result.missing_count)).toEqual([3, 3, 3, 3]);
    expect(nulls.results.map(result => result.result.unexpected_count)).toEqual([0, 0, 0, 0]);
    expect(nulls.results[3]!.result.observed_value).toBe(0);
    const none = await validate(suite, new Table({ name: column([], undefined, empty) }));
    expect(none.results.every(result => result.result.element_count === 0)).toBe(true);
    // A present row in an empty dictionary points past its end.
    await expect(
      validate(suite, new Table({ name: column([0], undefined, empty) })),
    ).rejects.toMatchObject({ code: 'DICTIONARY_INDEX_OUT_OF_RANGE' });
  });

  it('refuses a present row past the end among null rows, even when every entry passes', async () => {
    // Every entry has length 1, so the length check settles the batch from its dictionary; the
    // row indices are still checked. Row 3 is present and points past the end.
    for (const indices of [
      [0, 9, 1, 7],
      [0, 9, 1, -1],
    ]) {
      await expect(
        validate(
          parseSuite({ name: 'd', expectations: [checks[1]!] }),
          new Table({ name: column(indices, Uint8Array.of(0b1101)) }),
        ),
      ).rejects.toMatchObject({ code: 'DICTIONARY_INDEX_OUT_OF_RANGE' });
    }
  });

  it('counts the rows of a null-bearing batch without counting its nulls', async () => {
    const suite = parseSuite({ name: 'd', expectations: checks });
    // Rows 1 and 4 are null; their index (9, past the end) is never read.
    const report = await validate(
      suite,
      new Table({ name: column([0, 9, 1, 0, 9, 1], Uint8Array.of(0b101101)) }),
    );
    expect(report.results[0]!.result).toMatchObject({
      missing_count: 2,
      unexpected_count: 2,
      unexpected_index_list: [2, 5],
    });
  });
});
