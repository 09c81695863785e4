import { seededRandom } from '@ballast/test-utils/seeded-random';
import fc from 'fast-check';
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

  it('gives the built-in order on any finite data, across sizes that reuse or outgrow the scratch', () => {
    const random = seededRandom(21);
    // Sizes around the radix threshold, a short one after a long one (the kept scratch is longer
    // than the keys), and one beyond the kept scratch.
    for (const length of [2047, 2048, 70_000, 2049, 5000, 65_536, 3000]) {
      const values = Float64Array.from({ length }, (_, index) =>
        index % 5 === 0 ? Math.fround(random.normal(0, 3)) : random.normal(0, 1) * 1e6,
      );
      expect([...sortFloat64(values)]).toEqual([...values.slice().sort()]);
    }
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 0, maxLength: 6000 }), list => {
        const values = Float64Array.from(list);
        const sorted = sortFloat64(values);
        const expected = values.slice().sort();
        expect(sorted.length).toBe(expected.length);
        for (let index = 0; index < expected.length; index++) {
          expect(Object.is(sorted[index], expected[index])).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('sorts with 8-bit digits from a few hundred values on (float32 data skips passes, -0 kept apart)', () => {
    const random = seededRandom(34);
    for (const length of [191, 192, 193, 1000, 1001, 3071]) {
      for (const float32 of [false, true]) {
        const values = Float64Array.from({ length }, (_, index) => {
          if (index % 11 === 0) return index % 2 === 0 ? -0 : 0;
          const value = random.normal(0, 1) * 10 ** random.integer(6) * (index % 3 === 0 ? -1 : 1);
          return float32 ? Math.fround(value) : value;
        });
        const expected = values.slice().sort();
        const result = sortFloat64InPlace(values);
        expect(result).toBe(values);
        const same = expected.every((value, index) => Object.is(value, values[index]));
        expect(same, `${length} values, float32 ${float32}`).toBe(true);
      }
    }
  });

  it('sorts float32 data on 32-bit keys exactly as the built-in sort (any float32, mixed with wider values)', () => {
    const float32 = fc.float({ noNaN: true }).map(value => (Object.is(value, -0) ? -0 : value));
    fc.assert(
      fc.property(
        fc.array(float32, { minLength: 192, maxLength: 3071 }),
        fc.option(fc.double({ noNaN: true }), { nil: undefined }),
        (list, wider) => {
          const values = Float64Array.from(list);
          // A value that is not a float32 sends the whole array through the 64-bit keys.
          if (wider !== undefined) values[values.length >> 1] = wider;
          const expected = values.slice().sort();
          const result = sortFloat64InPlace(values);
          expect(result).toBe(values);
          for (let index = 0; index < expected.length; index++) {
            expect(Object.is(values[index], expected[index])).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('orders -0 before +0 and survives patterns that defeat naive quicksorts', () => {
    const patterns: Record<string, (index: number, length: number) => number> = {
      sorted: index => index,
      reversed: (index, length) => length - index,
      equal: () => 7,
      zeros: index => (index % 3 === 0 ? -0 : index % 3 === 1 ? 0 : index % 5),
      organPipe: (index, length) => Math.min(index, length - index),
      sawtooth: index => index % 17,
    };
    for (const length of [0, 1, 2, 15, 16, 17, 100, 1000, 3071, 3072]) {
      for (const [name, pattern] of Object.entries(patterns)) {
        const values = Float64Array.from({ length }, (_, index) => pattern(index, length));
        const sorted = sortFloat64(values);
        const expected = values.slice().sort();
        const same = expected.every((value, index) => Object.is(value, sorted[index]));
        expect(same, `${name} of ${length}`).toBe(true);
      }
    }
  });
});
