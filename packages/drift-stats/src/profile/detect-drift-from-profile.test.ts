import { parseDriftReport } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import { categoryCountsOverUnion } from '../binning/binned-shares';
import { distanceFromCounts } from '../binning/distance-from-counts';
import { histogramCounts } from '../binning/histogram-counts';
import { toCategoricalColumn } from '../input/categorical-column';
import { sortFloat64 } from '../sorting/sort-float64';
import { ks } from '../statistics/kolmogorov-smirnov';
import { detectDriftFromProfile } from './detect-drift-from-profile';
import { KllSketch } from '../sketch/kll-sketch';
import { wasserstein } from '../statistics/wasserstein';
import { exactReferenceValues, wassersteinFromProfile } from './sketch-distances';
import { profile } from './profile';

const createdAt = new Date('2026-01-01T00:00:00.000Z');

function normals(seed: number, size: number, mean = 0, deviation = 1): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: size }, () => random.normal(mean, deviation));
}

/** Exact W1 between two sorted samples: ∫|F − G| over the merged jump points. */
function exactWasserstein(first: Float64Array, second: Float64Array): number {
  let i = 0;
  let j = 0;
  let distance = 0;
  let point = Math.min(first[0] as number, second[0] as number);
  while (i < first.length || j < second.length) {
    while (i < first.length && (first[i] as number) <= point) i += 1;
    while (j < second.length && (second[j] as number) <= point) j += 1;
    const next = Math.min(first[i] ?? Infinity, second[j] ?? Infinity);
    if (next !== Infinity)
      distance += Math.abs(i / first.length - j / second.length) * (next - point);
    point = next;
  }
  return distance;
}

function driftOf(report: ReturnType<typeof detectDriftFromProfile>, name: string) {
  const found = report.columns.find(column => column.column === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

describe('detectDriftFromProfile', () => {
  it('gives binned distances equal to the raw-data results on the same bins', () => {
    const reference = normals(1, 5_000);
    const range = [Math.min(...reference), Math.max(...reference)] as const;
    // Current data inside the reference range, so both sides use exactly the profile's bins.
    const current = normals(2, 4_000, 0.3).filter(value => value >= range[0] && value <= range[1]);
    const referenceProfile = profile({ x: reference }, { createdAt });
    const edges = referenceProfile.columns[0]?.histogram?.edges ?? [];
    const referenceCounts = histogramCounts(sortFloat64(reference), edges);
    const currentCounts = histogramCounts(sortFloat64(current), edges);
    for (const method of ['psi', 'jensenshannon', 'kl_div', 'hellinger', 'linf'] as const) {
      const report = detectDriftFromProfile(
        referenceProfile,
        { x: current },
        { methods: { x: method } },
      );
      const column = driftOf(report, 'x');
      expect(column.statistic).toBe(distanceFromCounts(method, referenceCounts, currentCounts));
      expect(column.errorBound).toBeUndefined();
    }
  });

  it('gives categorical distances equal to the raw-data results', () => {
    const random = seededRandom(3);
    const reference = Array.from({ length: 3_000 }, () => random.pick(['a', 'b', 'c', 'd']));
    const current = Array.from({ length: 2_000 }, () => random.pick(['a', 'b', 'b', 'e']));
    const referenceProfile = profile({ letter: reference });
    const { referenceCounts, currentCounts } = categoryCountsOverUnion(
      toCategoricalColumn(reference),
      toCategoricalColumn(current),
    );
    const report = detectDriftFromProfile(referenceProfile, { letter: current });
    const column = driftOf(report, 'letter');
    expect(column.method).toBe('jensenshannon');
    expect(column.statistic).toBe(
      distanceFromCounts('jensenshannon', referenceCounts, currentCounts),
    );
    expect(column.drifted).toBe(true);
  });

  it('adds under/overflow bins when current values leave the reference range', () => {
    const reference = normals(4, 2_000);
    const current = normals(5, 2_000, 3);
    const referenceProfile = profile({ x: reference });
    const histogram = referenceProfile.columns[0]?.histogram;
    const edges = histogram?.edges ?? [];
    const above = current.filter(value => value > (edges.at(-1) as number)).length;
    expect(above).toBeGreaterThan(0);
    const inner = histogramCounts(sortFloat64(current), edges);
    const report = detectDriftFromProfile(
      referenceProfile,
      { x: current },
      { methods: { x: 'psi' } },
    );
    expect(driftOf(report, 'x').statistic).toBe(
      distanceFromCounts('psi', [...(histogram?.counts ?? []), 0], [...inner, above]),
    );
    expect(driftOf(report, 'x').drifted).toBe(true);
  });

  it('keeps sketch-based KS within the stated error bound of exact KS (5 seeds)', () => {
    for (let seed = 1; seed <= 5; seed += 1) {
      const reference = normals(seed, 100_000);
      const current = normals(seed + 100, 20_000, 0.02 * seed);
      const referenceProfile = profile({ x: reference }, { sketchK: 200, seed, exactLimit: 0 });
      const report = detectDriftFromProfile(
        referenceProfile,
        { x: current },
        { methods: { x: 'ks' } },
      );
      const column = driftOf(report, 'x');
      const exact = ks(reference, current);
      expect(column.errorBound).toBeGreaterThan(0);
      expect(Math.abs((column.statistic as number) - exact.statistic)).toBeLessThanOrEqual(
        column.errorBound as number,
      );
    }
  });

  it('keeps sketch-based Wasserstein within the stated error bound (5 seeds)', () => {
    for (let seed = 1; seed <= 5; seed += 1) {
      const reference = normals(seed, 100_000, 0, 2);
      const current = normals(seed + 200, 20_000, 0.1 * seed, 2);
      const referenceProfile = profile({ x: reference }, { sketchK: 200, seed, exactLimit: 0 });
      const report = detectDriftFromProfile(referenceProfile, { x: current });
      const column = driftOf(report, 'x');
      expect(column.method).toBe('wasserstein');
      const moments = referenceProfile.columns[0]?.moments;
      const deviation = Math.sqrt((moments?.m2 ?? 0) / (moments?.count ?? 1));
      const exact = exactWasserstein(sortFloat64(reference), sortFloat64(current)) / deviation;
      expect(Math.abs((column.statistic as number) - exact)).toBeLessThanOrEqual(
        column.errorBound as number,
      );
    }
  });

  it('is exactly scipy-compatible KS while the sketch still holds every reference value', () => {
    const reference = normals(6, 600);
    const current = normals(7, 400, 0.2);
    const report = detectDriftFromProfile(profile({ x: reference }), { x: current });
    const column = driftOf(report, 'x');
    expect(column.method).toBe('ks');
    expect(column.errorBound).toBe(0);
    const exact = ks(reference, current);
    expect(column.statistic).toBe(exact.statistic);
    expect(column.pValue).toBe(exact.pValue);
  });

  it('writes a contract DriftReport citing the profile, with missing-value drift', () => {
    const reference = {
      x: normals(8, 1_500),
      city: Array.from({ length: 1_500 }, (_, i) => (i % 3 ? 'a' : 'b')),
      amount: normals(10, 1_500),
    };
    const current = {
      x: Array.from(normals(9, 1_000), (value, index) => (index % 4 === 0 ? null : value)),
      city: Array.from({ length: 1_000 }, () => null),
      amount: Array.from({ length: 1_000 }, () => null),
    };
    const referenceProfile = profile(reference);
    const report = detectDriftFromProfile(referenceProfile, current, { createdAt });
    expect(parseDriftReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
    expect(report.reference).toEqual({ rows: 1_500, profileDigest: referenceProfile.fingerprint });
    const x = driftOf(report, 'x');
    expect(x.current).toEqual({ count: 750, missing: 250 });
    expect(x.missingShareDrift).toEqual({ reference: 0, current: 0.25, drifted: true });
    const city = driftOf(report, 'city');
    expect(city.status).toBe('insufficient_data');
    expect(city.statistic).toBeNull();
    // An all-missing current column keeps the profile's type and is reported, not rejected.
    expect(driftOf(report, 'amount')).toMatchObject({
      type: 'numeric',
      status: 'insufficient_data',
    });
    expect(report.dataset.totalColumns).toBe(1);
  });

  it('rejects type changes, missing columns and methods a profile cannot answer', () => {
    const referenceProfile = profile({
      x: [1, 2, 3, 4, 5, 6, 7],
      y: ['a', 'b', 'a', 'b', 'a', 'b', 'c'],
    });
    expect(() => detectDriftFromProfile(referenceProfile, { x: ['1'], y: ['a'] })).toThrow(
      expect.objectContaining({ code: 'COLUMN_TYPE_MISMATCH' }),
    );
    expect(() => detectDriftFromProfile(referenceProfile, { x: [1] })).toThrow(
      expect.objectContaining({ code: 'COLUMN_MISSING' }),
    );
    expect(() =>
      detectDriftFromProfile(referenceProfile, { x: [1], y: ['a'] }, { methods: { y: 'ks' } }),
    ).toThrow(expect.objectContaining({ code: 'METHOD_NOT_AVAILABLE_FROM_PROFILE' }));
    expect(() =>
      detectDriftFromProfile(
        referenceProfile,
        { x: [1], y: ['a'] },
        { methods: { x: 'anderson' as never } },
      ),
    ).toThrow(/methods\.x/);
  });
});

describe('detectDriftFromProfile on categories', () => {
  it('runs chisquare and z exactly from category counts', async () => {
    const { chiSquare } = await import('../statistics/chi-square');
    const { zTest } = await import('../statistics/z-test');
    const reference = [...Array(500).fill('a'), ...Array(300).fill('b'), ...Array(200).fill('c')];
    const current = [
      ...Array(400).fill('a'),
      ...Array(300).fill('b'),
      ...Array(250).fill('c'),
      ...Array(50).fill('d'),
    ];
    const report = detectDriftFromProfile(profile({ letter: reference }), { letter: current });
    const column = driftOf(report, 'letter');
    expect(column.method).toBe('chisquare');
    expect(column.pValue).toBe(chiSquare(reference, current).pValue);
    const flags = Array.from({ length: 1000 }, (_, index) => index < 300);
    const flagsNow = Array.from({ length: 1000 }, (_, index) => index < 360);
    const binary = driftOf(
      detectDriftFromProfile(profile({ flag: flags }), { flag: flagsNow }),
      'flag',
    );
    expect(binary).toMatchObject({ method: 'z', type: 'boolean' });
    expect(binary.pValue).toBe(zTest(flags, flagsNow).pValue);
  });

  it('folds categories a truncated profile did not keep into an "other" bin', () => {
    const reference = ['a', 'a', 'a', 'b', 'b', 'c', 'd'];
    const current = ['a', 'c', 'e', 'e'];
    const report = detectDriftFromProfile(
      profile({ letter: reference }, { categoryCap: 2 }),
      { letter: current },
      { methods: { letter: 'psi' } },
    );
    // Bins (sorted keys, the other bin first): other(c, d | c, e, e), a, b.
    expect(driftOf(report, 'letter').statistic).toBe(
      distanceFromCounts('psi', [2, 3, 2], [3, 1, 0]),
    );
  });

  it('prepares a reference once per profile object and gives the same reports as a fresh copy', () => {
    const reference = profile({ a: normals(20, 3000), b: normals(21, 3000, 1) }, { seed: 1 });
    const windows = [0, 0.3, 0].map((shift, seed) => ({
      a: normals(30 + seed, 800, shift),
      b: normals(40 + seed, 800, 1 + shift),
    }));
    const methods = { a: 'wasserstein', b: 'ks' } as const;
    for (const current of windows) {
      const reused = detectDriftFromProfile(reference, current, { createdAt, methods });
      // A deep copy is a new object: validated and prepared from scratch.
      const fresh = detectDriftFromProfile(structuredClone(reference), current, {
        createdAt,
        methods,
      });
      expect(reused).toEqual(fresh);
    }
  });

  it('recomputes what it keeps of a sketch once the sketch takes more values', () => {
    const sketch = KllSketch.create({ exactLimit: 10_000 });
    sketch.updateMany(normals(50, 1000));
    const current = sortFloat64(normals(51, 500, 0.5));
    const before = wassersteinFromProfile(sketch, current, {} as never);
    expect(exactReferenceValues(sketch)).toHaveLength(1000);
    sketch.updateMany(normals(52, 1000, 2));
    const exact = exactReferenceValues(sketch) as Float64Array;
    expect(exact).toHaveLength(2000);
    const after = wassersteinFromProfile(sketch, current, {} as never);
    expect(after.statistic).toBe(wasserstein(exact, current).statistic);
    expect(after.statistic).not.toBe(before.statistic);
  });
});
