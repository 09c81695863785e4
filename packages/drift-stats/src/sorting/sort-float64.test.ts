import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import { sortFloat64, sortFloat64InPlace } from './sort-float64';

describe('sortFloat64', () => {
  it('sorts large arrays (radix path) exactly like the typed-array sort, without touching the input', () => {
    const random = seededRandom(3);
    const values = Float64Array.from({ length: 50_000 }, (_, index) =>
      index % 10 === 0
        ? -0
        : random.normal(0, 1) * 10 ** random.integer(12) * (index % 3 === 0 ? -1 : 1),
    );
    const before = values.slice();
    const sorted = sortFloat64(values);
    expect([...sorted]).toEqual([...before.slice().sort()]);
    expect([...values]).toEqual([...before]);
  });

  it('handles extremes and small arrays', () => {
    const values = new Float64Array([Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, -5e-324, 0, 1]);
    expect([...sortFloat64(values)]).toEqual([
      -Number.MAX_VALUE,
      -5e-324,
      0,
      5e-324,
      1,
      Number.MAX_VALUE,
    ]);
    const many = Float64Array.from({ length: 10_000 }, (_, index) => (index % 7) - 3);
    expect([...sortFloat64(many)]).toEqual([...many.slice().sort()]);
  });

  it('sorts in place, also when an odd number of radix passes runs (float32-valued data)', () => {
    const random = seededRandom(8);
    // float32 values widened to float64 have zero low mantissa bits: the first pass is skipped.
    const values = Float64Array.from({ length: 20_000 }, () => Math.fround(random.normal(0, 100)));
    const expected = values.slice().sort();
    const result = sortFloat64InPlace(values);
    expect(result).toBe(values);
    expect([...values]).toEqual([...expected]);
  });
});
