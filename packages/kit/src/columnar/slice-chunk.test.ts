import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberChunk, stringChunk } from './__fixtures__/arrow-chunks';
import { ArrowTypeId } from './arrow-data-like';
import type { ArrowField } from './arrow-c-data';
import { columnarTable } from './columnar-table';
import { countStrings, stringCountMap } from './count-strings';
import { readNumbers } from './read-numbers';
import { compactChunk } from './compact-chunk';
import { filterRange, sliceChunk } from './slice-chunk';

const fields: ArrowField[] = [
  {
    name: 'date',
    type: { typeId: ArrowTypeId.Timestamp, format: 'tsu:', toString: () => 'tsu:' },
    nullable: true,
  },
  {
    name: 'origin',
    type: { typeId: ArrowTypeId.LargeUtf8, format: 'U', toString: () => 'U' },
    nullable: true,
  },
];

describe('filterRange', () => {
  it('keeps exactly the rows in range, as slices (property)', () => {
    const row = fc.tuple(
      fc.option(fc.bigInt({ min: -50n, max: 50n }), { nil: null }),
      fc.option(fc.constantFrom('JFK', 'LAX', 'ünï'), { nil: null }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(row, { maxLength: 25 }), { maxLength: 4 }),
        fc.integer({ min: -60, max: 60 }),
        fc.nat(60),
        fc.boolean(),
        (parts, low, width, sorted) => {
          const batches = parts.map(part => {
            const rows = sorted
              ? [...part].sort((a, b) => Number((a[0] ?? 0n) - (b[0] ?? 0n)))
              : part;
            return {
              rows,
              batch: {
                numRows: rows.length,
                schema: { fields },
                columns: [
                  numberChunk(
                    rows.map(r => r[0]),
                    ArrowTypeId.Timestamp,
                    v => BigInt64Array.from(v, x => BigInt(x)),
                  ),
                  stringChunk(
                    rows.map(r => r[1]),
                    true,
                  ),
                ],
              },
            };
          });
          const table = columnarTable(
            fields,
            batches.map(b => b.batch),
          );
          const filtered = filterRange(table, 'date', low, low + width);
          const kept = batches
            .flatMap(b => b.rows)
            .filter(
              ([date]) => date !== null && Number(date) >= low && Number(date) <= low + width,
            );
          expect(filtered.numRows).toBe(kept.length);
          expect(Array.from(readNumbers(filtered.getChild('date') as never).values)).toEqual(
            kept.map(([date]) => Number(date)),
          );
          const names = new Map<string, number>();
          for (const [, name] of kept)
            if (name !== null) names.set(name, (names.get(name) ?? 0) + 1);
          expect(stringCountMap(countStrings(filtered.getChild('origin') as never))).toEqual(names);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses an unknown column with a typed error listing the columns', () => {
    const table = columnarTable(fields, []);
    expect(() => filterRange(table, 'when', 0, 1)).toThrow(/"when".*"date", "origin"/);
  });
});

describe('sliceChunk', () => {
  it('recounts nulls and keeps row positions for the bitmap', () => {
    const chunk = numberChunk([1, null, 3, null, 5], ArrowTypeId.Int, v =>
      Int32Array.from(v as number[]),
    );
    const slice = sliceChunk(sliceChunk(chunk, 1, 4), 1, 3);
    expect(slice).toMatchObject({ offset: 2, length: 3, nullCount: 1 });
    expect(Array.from(readNumbers(slice).values)).toEqual([3, 5]);
  });
});

describe('compactChunk', () => {
  it('copies only the rows of sliced chunks, equal in content (property)', () => {
    const row = fc.tuple(
      fc.option(fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }), { nil: null }),
      fc.option(fc.string({ unit: 'grapheme', maxLength: 4 }), { nil: null }),
    );
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 50 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (rows, a, b, large) => {
          const start = rows.length === 0 ? 0 : a % (rows.length + 1);
          const length = rows.length - start === 0 ? 0 : b % (rows.length - start + 1);
          const numbers = numberChunk(
            rows.map(r => r[0]),
            ArrowTypeId.Int,
            v => BigInt64Array.from(v, x => BigInt(x)),
          );
          const strings = stringChunk(
            rows.map(r => r[1]),
            large,
          );
          const keptNumbers = compactChunk(sliceChunk(numbers, start, length));
          const keptStrings = compactChunk(sliceChunk(strings, start, length));
          expect(Array.from(readNumbers(keptNumbers).values)).toEqual(
            Array.from(readNumbers(sliceChunk(numbers, start, length)).values),
          );
          expect(keptNumbers.values.length).toBe(length);
          expect(stringCountMap(countStrings(keptStrings))).toEqual(
            stringCountMap(countStrings(sliceChunk(strings, start, length))),
          );
          expect(keptStrings.offset).toBeLessThan(8);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('sliceChunk bounds', () => {
  it('refuses rows outside the chunk with SLICE_OUT_OF_RANGE', () => {
    const chunk = numberChunk([1, null, 3], ArrowTypeId.Int, v => Int32Array.from(v as number[]));
    for (const [start, length] of [
      [2, 2],
      [-1, 1],
      [0, -1],
      [0.5, 1],
      [4, 0],
    ] as const) {
      expect(() => sliceChunk(chunk, start, length)).toThrow(
        expect.objectContaining({ code: 'SLICE_OUT_OF_RANGE' }),
      );
    }
    expect(sliceChunk(chunk, 3, 0).length).toBe(0);
    expect(sliceChunk(chunk, 1, 2).nullCount).toBe(1);
  });
});
