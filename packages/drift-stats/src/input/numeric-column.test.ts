import { InvalidInputError } from '@ballast/contracts';
import { ArrowTypeId, columnarTable } from '@ballast/kit';
import {
  Float16,
  Float32,
  Int64,
  Uint64,
  Utf8,
  TimestampMicrosecond,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toNumericColumn } from './numeric-column';

describe('toNumericColumn', () => {
  it('drops null, undefined, NaN and infinities from plain arrays and counts them', () => {
    const column = toNumericColumn([1, null, Number.NaN, 4, undefined, Number.POSITIVE_INFINITY]);
    expect([...column.values]).toEqual([1, 4]);
    expect(column).toMatchObject({ missing: 4, total: 6 });
  });

  it('returns a clean Float64Array without copying and converts other typed arrays', () => {
    const input = new Float64Array([3, 1, 2]);
    expect(toNumericColumn(input).values).toBe(input);
    expect([...toNumericColumn(new Int32Array([5, -1])).values]).toEqual([5, -1]);
    expect([...toNumericColumn(new BigInt64Array([2n, 9007199254740993n])).values]).toEqual([
      2, 9007199254740992,
    ]);
  });

  it('reads Arrow vectors chunk by chunk, honouring the validity bitmap', () => {
    const vector = vectorFromArray([1.5, null, 2.5, Number.NaN], new Float32()).concat(
      vectorFromArray([null, 7], new Float32()),
    );
    const column = toNumericColumn(vector);
    expect([...column.values]).toEqual([1.5, 2.5, 7]);
    expect(column).toMatchObject({ missing: 3, total: 6 });
  });

  it('respects the offset of sliced Arrow vectors', () => {
    const vector = vectorFromArray([10, null, 30, 40, null, 60], new Float32()).slice(2, 5);
    const column = toNumericColumn(vector);
    expect([...column.values]).toEqual([30, 40]);
    expect(column).toMatchObject({ missing: 1, total: 3 });
  });

  it('reads Int64 vectors through BigInt values', () => {
    const vector = vectorFromArray([1n, null, 3n], new Int64());
    expect([...toNumericColumn(vector).values]).toEqual([1, 3]);
  });

  it('decodes Float16 vectors', () => {
    const half = vectorFromArray([0.5, -2, 65504, null], new Float16());
    expect(half.type).toBeInstanceOf(Float16);
    expect([...toNumericColumn(half).values]).toEqual([0.5, -2, 65504]);
  });

  it('rejects non-numeric Arrow vectors and values with a typed error naming the field', () => {
    expect(() => toNumericColumn(vectorFromArray(['a'], new Utf8()), 'columns.city')).toThrowError(
      expect.objectContaining({
        code: 'COLUMN_NOT_NUMERIC',
        details: expect.objectContaining({ path: 'columns.city' }),
      }),
    );
    try {
      toNumericColumn(['1'] as unknown as number[]);
      expect.unreachable();
    } catch (error) {
      expect(InvalidInputError.isInstance(error)).toBe(true);
    }
  });

  it('reads Int64 and Uint64 beyond 2^53 as Number(bigint) does, without BigInt per row', () => {
    const signed = [2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, -3n];
    expect([...toNumericColumn(vectorFromArray(signed, new Int64())).values]).toEqual(
      signed.map(Number),
    );
    const unsigned = [2n ** 64n - 1n, 2n ** 63n + 5n];
    expect([...toNumericColumn(vectorFromArray(unsigned, new Uint64())).values]).toEqual(
      unsigned.map(Number),
    );
  });

  it('equals Number() of the non-null values over random chunks and slices (property)', () => {
    const entry = fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null });
    fc.assert(
      fc.property(
        fc.array(fc.array(entry, { maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.nat(),
        (parts, a, b) => {
          const vectors = parts.map(part => vectorFromArray(part, new Int64()));
          const whole = vectors
            .slice(1)
            .reduce((joined, next) => joined.concat(next), vectors[0] as never);
          const all = parts.flat();
          const start = all.length === 0 ? 0 : a % (all.length + 1);
          const end = start + (all.length - start === 0 ? 0 : b % (all.length - start + 1));
          const column = toNumericColumn(
            (whole as ReturnType<typeof vectorFromArray>).slice(start, end),
          );
          const expected = all
            .slice(start, end)
            .filter(value => value !== null)
            .map(Number);
          expect([...column.values]).toEqual(expected);
          expect(column).toMatchObject({
            missing: end - start - expected.length,
            total: end - start,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads vectors of kit columnar tables (no apache-arrow classes)', () => {
    const table = columnarTable(
      [
        {
          name: 'delay',
          nullable: false,
          type: { typeId: ArrowTypeId.Int, format: 'l', toString: () => 'l' },
        },
      ],
      [
        {
          numRows: 2,
          schema: { fields: [] },
          columns: [
            {
              typeId: ArrowTypeId.Int,
              type: { typeId: ArrowTypeId.Int },
              length: 2,
              offset: 0,
              nullCount: 0,
              values: BigInt64Array.from([4n, -9n]),
            },
          ],
        },
      ],
    );
    expect([...toNumericColumn(table.getChild('delay') as never).values]).toEqual([4, -9]);
  });

  it('rejects timestamp vectors: drift reads Int and Float columns', () => {
    const dates = vectorFromArray([new Date(0)], new TimestampMicrosecond());
    expect(() => toNumericColumn(dates, 'date')).toThrowError(
      expect.objectContaining({ code: 'COLUMN_NOT_NUMERIC' }),
    );
  });
});
