import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadColumn, storeColumn } from './stored-column';

describe('stored sample columns', () => {
  it('gives numeric columns back bit for bit through JSON (NaN, -0, subnormals, infinities)', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 300 }), values => {
        const column = Float64Array.from(values);
        const loaded = loadColumn(JSON.parse(JSON.stringify(storeColumn(column, column.length))));
        expect(loaded).toBeInstanceOf(Float64Array);
        expect(new Uint8Array((loaded as Float64Array).buffer)).toEqual(
          new Uint8Array(column.buffer),
        );
      }),
    );
  });

  it('stores a numeric column as bytes, not as numbers in JSON', () => {
    const stored = storeColumn(Float64Array.from([0.1, 2, Number.NaN]), 3);
    expect(stored).toEqual({ float64: expect.any(String) });
  });

  it('keeps only the kept rows of a longer store, and pads a shorter one with missing cells', () => {
    const store = Float64Array.from([1, 2, 3, 4]);
    expect(Array.from(loadColumn(storeColumn(store, 2)))).toEqual([1, 2]);
    expect(storeColumn(store, 6)).toEqual([1, 2, 3, 4, null, null]);
  });

  it('keeps plain cells as they are, missing ones as null', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.integer())),
        cells => {
          const stored = storeColumn(cells, cells.length);
          expect(loadColumn(JSON.parse(JSON.stringify(stored)))).toEqual(cells);
        },
      ),
    );
  });
});
