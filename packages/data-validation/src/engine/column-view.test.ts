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
