import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import {
  medianOf,
  type QuantileInterpolation,
  quantileOfSorted,
  quantilesOf,
  quantilesOfChunks,
} from './quantile';

const allMethods: QuantileInterpolation[] = ['nearest', 'linear', 'lower', 'higher', 'midpoint'];

describe('quantiles', () => {
  it('follows numpy definitions, including nearest rounding half to even', () => {
    const sorted = Float64Array.of(1, 2, 3, 4, 5);
    // h = 4 * 0.125 = 0.5 rounds to 0 (even); h = 4 * 0.375 = 1.5 rounds to 2 (even)
    expect(quantileOfSorted(sorted, 0.125, 'nearest')).toBe(1);
    expect(quantileOfSorted(sorted, 0.375, 'nearest')).toBe(3);
    expect(quantileOfSorted(sorted, 0.1, 'linear')).toBeCloseTo(1.4);
    expect(quantileOfSorted(sorted, 0.1, 'lower')).toBe(1);
    expect(quantileOfSorted(sorted, 0.1, 'higher')).toBe(2);
    expect(quantileOfSorted(sorted, 0.1, 'midpoint')).toBe(1.5);
  });

  it('gives the same answers by quickselect as by sorting, on random data with ties', () => {
    const random = seededRandom(3);
    for (const size of [1, 2, 7, 100, 1001]) {
      const values = Float64Array.from(
        { length: size },
        () => random.integer(20) + random.next() * (random.next() < 0.5 ? 0 : 1),
      );
      const sorted = values.slice().sort();
      const qs = [0, 0.05, 0.25, 0.333, 0.5, 0.75, 0.95, 1];
      for (const method of allMethods) {
        expect(quantilesOf(values.slice(), qs, method)).toEqual(
          qs.map(q => quantileOfSorted(sorted, q, method)),
        );
      }
      expect(medianOf(values.slice())).toBe(quantileOfSorted(sorted, 0.5, 'linear'));
    }
  });

  it('selects like a sort on large random and adversarial inputs, skipping NaN', () => {
    const random = seededRandom(11);
    const size = 20_000;
    const inputs: Record<string, Float64Array> = {
      random: Float64Array.from({ length: size }, () => random.normal(0, 1)),
      sorted: Float64Array.from({ length: size }, (_, index) => index),
      reversed: Float64Array.from({ length: size }, (_, index) => size - index),
      allEqual: new Float64Array(size).fill(7),
      twoValues: Float64Array.from({ length: size }, () => random.integer(2)),
      organPipe: Float64Array.from({ length: size }, (_, index) => Math.min(index, size - index)),
      withNaNAndInfinity: Float64Array.from({ length: size }, () => {
        const draw = random.next();
        if (draw < 0.1) return Number.NaN;
        if (draw < 0.12) return Number.POSITIVE_INFINITY;
        if (draw < 0.14) return Number.NEGATIVE_INFINITY;
        return random.integer(50);
      }),
      allNaN: new Float64Array(size).fill(Number.NaN),
    };
    const qs = [0, 0.001, 0.05, 0.5, 0.5001, 0.95, 0.999, 1];
    for (const [name, values] of Object.entries(inputs)) {
      const sorted = values.filter(value => !Number.isNaN(value)).sort();
      for (const method of ['nearest', 'linear', 'midpoint'] as QuantileInterpolation[]) {
        const expected = qs.map(q =>
          sorted.length === 0 ? Number.NaN : quantileOfSorted(sorted, q, method),
        );
        const copy = values.slice();
        expect(quantilesOf(copy, qs, method), name).toEqual(expected);
        // The reordered copy is reused by later calls (median then quantiles of one column).
        expect(quantilesOf(copy, [...qs].reverse(), method), name).toEqual([...expected].reverse());
      }
    }
  });

  it('returns NaN for no values', () => {
    expect(quantilesOf(new Float64Array(0), [0.5])).toEqual([Number.NaN]);
    expect(quantilesOfChunks([], [0.5])).toEqual([Number.NaN]);
  });

  it('reads chunks by radix count exactly as a sort would, leaving them untouched', () => {
    const random = seededRandom(23);
    const size = 60_000;
    const inputs: Record<string, Float64Array> = {
      normal: Float64Array.from({ length: size }, () => random.normal(100, 30)),
      negativeAndPositive: Float64Array.from({ length: size }, () => random.normal(0, 1e-3)),
      // Every value in one radix bucket: the second pass copies them all.
      narrow: Float64Array.from({ length: size }, () => 1 + random.next() * 1e-9),
      allEqual: new Float64Array(size).fill(-3),
      ties: Float64Array.from({ length: size }, () => random.integer(5) - 2),
      signedZerosAndInfinities: Float64Array.from({ length: size }, () => {
        const draw = random.next();
        if (draw < 0.2) return -0;
        if (draw < 0.4) return 0;
        if (draw < 0.45) return Number.NEGATIVE_INFINITY;
        if (draw < 0.5) return Number.POSITIVE_INFINITY;
        return random.normal(0, 1e300);
      }),
      wideRange: Float64Array.from(
        { length: size },
        () => (random.next() - 0.5) * 10 ** random.integer(300),
      ),
    };
    const qs = [0, 1e-5, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99999, 1];
    for (const [name, values] of Object.entries(inputs)) {
      const sorted = values.slice().sort();
      // Uneven chunks, as batches of different sizes would leave them.
      const chunks = [values.subarray(0, 7), values.subarray(7, 40_000), values.subarray(40_000)];
      const before = values.slice();
      for (const method of allMethods) {
        const expected = qs.map(q => quantileOfSorted(sorted, q, method));
        expect(quantilesOfChunks(chunks, qs, method), `${name} ${method}`).toEqual(expected);
      }
      expect(values, name).toEqual(before);
    }
  });
});
