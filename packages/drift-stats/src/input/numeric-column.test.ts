import { InvalidInputError } from '@ballast/contracts';
import { Float16, Float32, Int64, Utf8, vectorFromArray } from 'apache-arrow';
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
});
