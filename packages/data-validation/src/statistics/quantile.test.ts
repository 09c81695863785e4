import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import { medianOf, type QuantileInterpolation, quantileOfSorted, quantilesOf } from './quantile';

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
      for (const method of [
        'nearest',
        'linear',
        'lower',
        'higher',
        'midpoint',
      ] as QuantileInterpolation[]) {
        expect(quantilesOf(values.slice(), qs, method)).toEqual(
          qs.map(q => quantileOfSorted(sorted, q, method)),
        );
      }
      expect(medianOf(values.slice())).toBe(quantileOfSorted(sorted, 0.5, 'linear'));
    }
  });

  it('returns NaN for no values', () => {
    expect(quantilesOf(new Float64Array(0), [0.5])).toEqual([Number.NaN]);
  });
});
