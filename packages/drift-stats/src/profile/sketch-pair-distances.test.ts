import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KllSketch } from '../sketch/kll-sketch';
import { sortFloat64 } from '../sorting/sort-float64';
import { ks } from '../statistics/kolmogorov-smirnov';
import { wasserstein } from '../statistics/wasserstein';
import { momentsOf } from './moments';
import { sortedSample } from './sketch-distances';
import {
  exactDistribution,
  ksBetweenDistributions,
  profiledDistribution,
  wassersteinBetweenDistributions,
} from './sketch-pair-distances';

const sample = fc
  .array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 60 })
  .map(values => sortFloat64(Float64Array.from(values, value => value / 4)));

describe('distances between two profiled distributions', () => {
  it('equal the exact statistics when both sides are exact (property)', () => {
    fc.assert(
      fc.property(sample, sample, (first, second) => {
        const pair = ksBetweenDistributions(exactDistribution(first), exactDistribution(second));
        const exact = ks(sortedSample(first), sortedSample(second)).statistic;
        expect(pair.statistic).toBeCloseTo(exact, 12);
        expect(pair.approximation.conservativeStatistic).toBeCloseTo(exact, 12);
        expect(pair.approximation.kind).toBe('exact');
        const distance = wassersteinBetweenDistributions(
          exactDistribution(first),
          exactDistribution(second),
          momentsOf(first),
        ).statistic;
        expect(distance).toBeCloseTo(
          wasserstein(sortedSample(first), sortedSample(second)).statistic,
          9,
        );
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('bound the exact statistics from two compacted sketches (property)', () => {
    const many = fc
      .array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 300, maxLength: 600 })
      .map(values => sortFloat64(Float64Array.from(values)));
    fc.assert(
      fc.property(many, many, fc.integer({ min: 0, max: 1000 }), (first, second, seed) => {
        const sketch = (values: Float64Array, offset: number) => {
          const built = KllSketch.create({ k: 16, seed: seed + offset });
          built.updateMany(values);
          return built;
        };
        const a = profiledDistribution(sketch(first, 0));
        const b = profiledDistribution(sketch(second, 1));
        const pair = ksBetweenDistributions(a, b);
        const exact = ks(sortedSample(first), sortedSample(second)).statistic;
        expect(pair.approximation.conservativeStatistic).toBeLessThanOrEqual(exact + 1e-12);
        expect(exact).toBeLessThanOrEqual(pair.statistic + (pair.errorBound as number) + 1e-12);
        const moments = momentsOf(first);
        const distance = wassersteinBetweenDistributions(a, b, moments);
        const exactDistance = wasserstein(sortedSample(first), sortedSample(second)).statistic;
        expect(Math.abs(distance.statistic - exactDistance)).toBeLessThanOrEqual(
          (distance.errorBound as number) + 1e-9,
        );
      }),
      { numRuns: 40, seed: 12 },
    );
  });
});
