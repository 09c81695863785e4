import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import { ks } from '../statistics/kolmogorov-smirnov';
import { wasserstein } from '../statistics/wasserstein';
import { detectDriftFromProfile } from './detect-drift-from-profile';
import { profile } from './profile';

const createdAt = new Date('2026-01-01T00:00:00.000Z');

function normals(random: ReturnType<typeof seededRandom>, size: number, mean = 0) {
  return Float64Array.from({ length: size }, () => random.normal(mean, 1));
}

function lognormals(random: ReturnType<typeof seededRandom>, size: number) {
  return Float64Array.from({ length: size }, () => Math.exp(random.normal(0, 1)));
}

/** Smallest c with P(X >= c) <= 0.001 for X ~ Binomial(n, p): the largest count a calibrated test rarely exceeds. */
function binomialUpperCount(n: number, p: number): number {
  let tail = 1;
  let term = (1 - p) ** n;
  for (let count = 0; count <= n; count += 1) {
    tail -= term;
    if (tail <= 0.001) return count;
    term *= ((n - count) / (count + 1)) * (p / (1 - p));
  }
  return n;
}

describe('drift from a sketched profile (calibration)', () => {
  it('keeps the KS false-drift rate within α + 1% on data from the reference distribution (40 seeded runs)', () => {
    const runs = 40;
    let falseDrift = 0;
    let naiveFalseDrift = 0;
    for (let run = 0; run < runs; run += 1) {
      const random = seededRandom(1_000 + run);
      const reference = normals(random, 20_000);
      const current = normals(random, 10_000);
      // k = 200 (1.33% rank error) and no exact values: the sketch path under stress.
      const referenceProfile = profile(
        { x: reference },
        { sketchK: 200, exactLimit: 0, seed: run, createdAt },
      );
      const column = detectDriftFromProfile(
        referenceProfile,
        { x: current },
        { methods: { x: 'ks' }, createdAt },
      ).columns[0];
      expect(column?.approximation).toMatchObject({ kind: 'kll-sketch', confidence: 0.99 });
      if (column?.drifted) falseDrift += 1;
      // What treating the sketch's D as exact would have given (asymptotic 5% critical value).
      if ((column?.statistic as number) > 1.358 / Math.sqrt((20_000 * 10_000) / 30_000))
        naiveFalseDrift += 1;
    }
    expect(falseDrift).toBeLessThanOrEqual(binomialUpperCount(runs, 0.06));
    // The uncorrected statistic would flag far more often: the correction is what keeps the promise.
    expect(naiveFalseDrift).toBeGreaterThan(falseDrift);
  });

  it('is exact (scipy ks_2samp) when the profile kept every reference value', () => {
    const random = seededRandom(7);
    const reference = normals(random, 30_000);
    const current = normals(random, 5_000, 0.05);
    const referenceProfile = profile({ x: reference }, { createdAt });
    const column = detectDriftFromProfile(
      referenceProfile,
      { x: current },
      { methods: { x: 'ks' } },
    ).columns[0];
    const exact = ks(reference, current);
    expect(column?.approximation).toEqual({ kind: 'exact' });
    expect(column?.statistic).toBe(exact.statistic);
    expect(column?.pValue).toBe(exact.pValue);
    // The exact values survive a JSON round trip of the profile.
    const reread = JSON.parse(JSON.stringify(referenceProfile));
    const again = detectDriftFromProfile(reread, { x: current }, { methods: { x: 'ks' } });
    expect(again.columns[0]?.pValue).toBe(exact.pValue);
  });

  it('bounds Wasserstein from a sketch on heavy tails with the exact tails, and decides conservatively', () => {
    const random = seededRandom(11);
    const reference = lognormals(random, 200_000);
    const current = lognormals(random, 5_000);
    const exact = wasserstein(reference, current).statistic;
    const withTails = detectDriftFromProfile(
      profile({ x: reference }, { exactLimit: 0, createdAt }),
      { x: current },
      { methods: { x: 'wasserstein' } },
    ).columns[0];
    const withoutTails = detectDriftFromProfile(
      profile({ x: reference }, { exactLimit: 0, exactTail: 0, createdAt }),
      { x: current },
      { methods: { x: 'wasserstein' } },
    ).columns[0];
    for (const column of [withTails, withoutTails]) {
      expect(Math.abs((column?.statistic as number) - exact)).toBeLessThanOrEqual(
        column?.errorBound as number,
      );
      expect(column?.drifted).toBe(false);
    }
    // Exact tails shrink the bound well below the 0.1 threshold; the bare sketch's reaches it.
    expect(withTails?.errorBound as number).toBeLessThan(0.05);
    expect(withoutTails?.errorBound as number).toBeGreaterThan(withTails?.errorBound as number);
    expect(withTails?.approximation).toMatchObject({ kind: 'kll-sketch', exactTail: 1_000 });
  });

  it('flags a clear shift from a sketch, and states histogram bins for binned methods', () => {
    const random = seededRandom(12);
    const reference = normals(random, 150_000);
    const current = normals(random, 5_000, 0.3);
    const referenceProfile = profile({ x: reference }, { createdAt });
    const report = detectDriftFromProfile(
      referenceProfile,
      { x: current, y: current },
      { methods: { x: 'ks' }, columns: ['x'] },
    );
    expect(report.columns[0]?.drifted).toBe(true);
    expect(report.columns[0]?.approximation?.kind).toBe('kll-sketch');
    const psi = detectDriftFromProfile(referenceProfile, { x: current }, { methods: { x: 'psi' } });
    expect(psi.columns[0]?.approximation).toMatchObject({ kind: 'histogram' });
  });
});
