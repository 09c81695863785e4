// Dictionary-encoded strings gathered into plain Utf8 chunks ('decode'): the packed path for
// dictionaries of short entries (at most 4 bytes) and the byte loop for longer ones must agree
// with the Dictionary chunks of 'keep'.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableRows } from '../../__fixtures__/parquet/table-rows';
import { concat, page, tinyParquet } from '../../__fixtures__/parquet/tiny-parquet';
import { readParquetTable } from '../read-parquet';

const encoder = new TextEncoder();

/** PLAIN byte arrays: a 4-byte length before each value. */
function plainStrings(values: readonly string[]): Uint8Array {
  return concat(
    ...values.flatMap(value => {
      const bytes = encoder.encode(value);
      const length = new Uint8Array(4);
      new DataView(length.buffer).setUint32(0, bytes.length, true);
      return [length, bytes];
    }),
  );
}

/** RLE_DICTIONARY indices (bit width 8, one bit-packed run) of a data page. */
function indexPage(indices: readonly number[]): Uint8Array {
  const groups = Math.ceil(indices.length / 8);
  const padded = [...indices, ...Array.from({ length: groups * 8 - indices.length }, () => 0)];
  return Uint8Array.from([8, (groups << 1) | 1, ...padded]);
}

function dictionaryFile(entries: readonly string[], indices: readonly number[]): Uint8Array {
  return tinyParquet({
    type: 6,
    converted: 0,
    rows: indices.length,
    encodings: [0, 8],
    chunk: concat(
      page({ type: 2, numValues: entries.length }, plainStrings(entries)),
      page({ numValues: indices.length, encoding: 8 }, indexPage(indices)),
    ),
  });
}

describe("dictionary strings under dictionaries: 'decode'", () => {
  it('gathers short and long entries to the same strings as keep', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean().chain(short =>
          fc.tuple(
            fc.uniqueArray(fc.string({ maxLength: short ? 4 : 12, unit: 'grapheme-ascii' }), {
              minLength: 1,
              maxLength: 20,
            }),
            fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
          ),
        ),
        async ([entries, picks]) => {
          const indices = picks.map(pick => pick % entries.length);
          const bytes = dictionaryFile(entries, indices);
          const expected = { x: indices.map(index => entries[index]) };
          const decoded = await readParquetTable(bytes, { engine: 'native' });
          const kept = await readParquetTable(bytes, { engine: 'native', dictionaries: 'keep' });
          expect(decoded.schema.fields[0]?.type.format).toBe('u');
          expect(tableRows(decoded)).toEqual(expected);
          expect(tableRows(kept)).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('packs entries of 0 to 4 bytes, multi-byte UTF-8 included', async () => {
    const entries = ['', 'a', 'ab', 'abc', 'abcd', 'é', '€', '😀'];
    const indices = [7, 0, 4, 1, 6, 2, 5, 3, 4, 4, 0, 7];
    const table = await readParquetTable(dictionaryFile(entries, indices), { engine: 'native' });
    expect(tableRows(table)).toEqual({ x: indices.map(index => entries[index]) });
  });
});
