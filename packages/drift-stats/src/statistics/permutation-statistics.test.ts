import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import { empiricalMmd } from './empirical-mmd';
import { totalVariation } from './total-variation';

const labels = (counts: Record<string, number>) =>
  Object.entries(counts).flatMap(([key, count]) => Array<string>(count).fill(key));

describe('totalVariation', () => {
  it('is repeatable for a seed and uses the (b + 1) / (m + 1) correction', () => {
    const reference = labels({ a: 16, b: 18, c: 16, d: 14, e: 12, f: 12 });
    const current = labels({ a: 16, b: 16, c: 16, d: 16, e: 16, f: 8 });
    const first = totalVariation(reference, current, { permutations: 999, seed: 4 });
    expect(totalVariation(reference, current, { permutations: 999, seed: 4 })).toEqual(first);
    // Evidently's example reports p = 0.928 with 1000 permutations; permutation noise is about ±0.02.
    expect(first.pValue).toBeGreaterThan(0.85);
    expect(((first.pValue as number) * 1000) % 1).toBeCloseTo(0, 9);
  });

  it('never reports p = 0, even for completely separated samples', () => {
    const result = totalVariation(labels({ a: 200 }), labels({ b: 200 }), { permutations: 99 });
    expect(result.statistic).toBe(1);
    expect(result.pValue).toBe(1 / 100);
  });
});

describe('empiricalMmd', () => {
  const random = seededRandom(11);
  const base = Array.from({ length: 150 }, () => random.normal(0, 1));
  const same = Array.from({ length: 150 }, () => random.normal(0, 1));
  const shifted = Array.from({ length: 150 }, () => random.normal(1.5, 1));

  it('separates a shifted sample from an identically distributed one', () => {
    expect(empiricalMmd(base, shifted, { permutations: 50 }).pValue).toBe(1 / 51);
    expect(empiricalMmd(base, same, { permutations: 50 }).pValue).toBeGreaterThan(0.05);
  });

  it('is repeatable for a seed and bounded by maximumSampleSize', () => {
    const options = { permutations: 20, seed: 3, maximumSampleSize: 60 };
    expect(empiricalMmd(base, shifted, options)).toEqual(empiricalMmd(base, shifted, options));
  });
});
