import fc from 'fast-check';
import { max, mean, min, sampleVariance, sum, variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { mergeMoments, momentsOf, populationStandardDeviation } from './moments';

// simple-statistics is an independent implementation of the same descriptive statistics: it
// checks our streaming moments (and their Chan merge across partitions) on random data.
const finiteValues = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
  minLength: 2,
  maxLength: 400,
});

function close(actual: number, expected: number, scale: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, scale));
}

describe('moments against simple-statistics', () => {
  it('one batch: count, sum, mean, variance, min and max agree', () => {
    fc.assert(
      fc.property(finiteValues, values => {
        const moments = momentsOf(Float64Array.from(values));
        const scale = Math.max(...values.map(Math.abs));
        expect(moments.count).toBe(values.length);
        close(moments.sum, sum(values), scale * values.length);
        close(moments.mean, mean(values), scale);
        close(moments.m2 / values.length, variance(values), scale * scale);
        close(moments.m2 / (values.length - 1), sampleVariance(values), scale * scale);
        close(populationStandardDeviation(moments) ** 2, variance(values), scale * scale);
        expect(moments.min).toBe(min(values));
        expect(moments.max).toBe(max(values));
      }),
      { numRuns: 200, seed: 20261207 },
    );
  });

  it('merged partitions equal the moments of the whole', () => {
    fc.assert(
      fc.property(finiteValues, finiteValues, (left, right) => {
        const merged = mergeMoments(
          momentsOf(Float64Array.from(left)),
          momentsOf(Float64Array.from(right)),
        );
        const whole = [...left, ...right];
        const scale = Math.max(...whole.map(Math.abs));
        expect(merged.count).toBe(whole.length);
        close(merged.mean, mean(whole), scale);
        close(merged.m2 / whole.length, variance(whole), scale * scale);
        expect(merged.min).toBe(min(whole));
        expect(merged.max).toBe(max(whole));
      }),
      { numRuns: 200, seed: 20261208 },
    );
  });
});
