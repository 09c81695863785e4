import { InvalidInputError } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import { detectDriftOverTime } from '../chunked/detect-drift-over-time';
import { detectDriftSync } from '../detect/detect-drift-sync';
import { profile } from '../profile/profile';
import { detectMultivariateDrift } from './detect-multivariate-drift';
import { rocAuc } from './domain-classifier';
import { fitPca, symmetricEigen } from './pca';

/** x and y correlated (ρ = `correlation`), z independent, a category tied to x's sign. */
function correlated(seed: number, rows: number, correlation: number, shift = 0) {
  const random = seededRandom(seed);
  const x = new Float64Array(rows);
  const y = new Float64Array(rows);
  const z = new Float64Array(rows);
  const kind: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    const a = random.normal();
    const b = random.normal();
    x[row] = a;
    y[row] = correlation * a + Math.sqrt(1 - correlation ** 2) * b;
    z[row] = random.normal(shift, 1);
    kind.push(a + random.normal(0, 0.5) > 0 ? 'high' : 'low');
  }
  return { x, y, z, kind };
}

describe('PCA kernels', () => {
  it('decomposes a symmetric matrix (Jacobi) into eigenpairs', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3);
    expect([...values].map(value => Number(value.toFixed(12)))).toEqual([5, 3, 1]);
    // A·v = λ·v for the second pair.
    const v = [vectors[1], vectors[4], vectors[7]] as number[];
    expect(2 * (v[0] as number) + (v[1] as number)).toBeCloseTo(3 * (v[0] as number), 12);
  });

  it('keeps the fewest components reaching the variance share', () => {
    const data = correlated(1, 2_000, 0.95);
    const rows = 2_000;
    const matrix = new Float64Array(rows * 2);
    for (let row = 0; row < rows; row += 1) {
      matrix[row * 2] = data.x[row] as number;
      matrix[row * 2 + 1] = data.y[row] as number;
    }
    const pca = fitPca({ rows, columns: 2, data: matrix }, 0.65);
    expect(pca.kept).toBe(1);
    expect(pca.explainedShare).toBeGreaterThan(0.9);
  });

  it('computes ROC AUC with ties counted half', () => {
    expect(rocAuc(Float64Array.from([0.1, 0.4, 0.35, 0.8]), Uint8Array.from([0, 0, 1, 1]))).toBe(
      0.75,
    );
    expect(rocAuc(Float64Array.from([1, 1, 1, 1]), Uint8Array.from([0, 1, 0, 1]))).toBe(0.5);
  });
});

describe('detectMultivariateDrift', () => {
  it('data reconstruction sees a broken correlation that no single column shows', () => {
    const reference = correlated(2, 10_000, 0.9);
    const same = correlated(3, 1_000, 0.9);
    const broken = correlated(4, 1_000, 0);
    const unchanged = detectMultivariateDrift(reference, same, { method: 'data_reconstruction' });
    const changed = detectMultivariateDrift(reference, broken, { method: 'data_reconstruction' });
    expect(unchanged.drifted).toBe(false);
    expect(changed.drifted).toBe(true);
    expect(changed.statistic).toBeGreaterThan(changed.threshold);
    expect(changed.details).toMatchObject({ referenceChunks: 10, chunkSize: 1_000 });
    // Each column alone keeps its distribution: univariate KS does not drift.
    const univariate = detectDriftSync(reference, broken, {
      methods: { x: 'ks', y: 'ks', z: 'ks' },
      columns: ['x', 'y', 'z'],
    });
    expect(univariate.dataset.driftedColumns).toBe(0);
  });

  it('domain classifier: AUC near 0.5 on the same distribution, high with top features on a shift', () => {
    const reference = correlated(5, 4_000, 0.5);
    const same = detectMultivariateDrift(reference, correlated(6, 2_000, 0.5), {
      method: 'domain_classifier',
    });
    expect(same.statistic).toBeLessThan(0.55);
    expect(same.drifted).toBe(false);
    const shifted = detectMultivariateDrift(reference, correlated(7, 2_000, 0.5, 0.5), {
      method: 'domain_classifier',
      topFeatures: 2,
    });
    expect(shifted.drifted).toBe(true);
    expect(shifted.statistic).toBeGreaterThan(0.6);
    const top = shifted.details.topFeatures as { feature: string; coefficient: number }[];
    expect(top).toHaveLength(2);
    expect(top[0]?.feature).toBe('z');
    expect(top[0]?.coefficient).toBeGreaterThan(0);
  });

  it('does not call rounding noise drift when the components reconstruct every feature, but sees a changed constant', () => {
    // c0, c1 (quarter steps) and a constant: the two kept components explain all the variance,
    // so every reconstruction error is rounding noise (about 1e-16). Seeds 43965 and 40302 were
    // flagged as drift before the rounding margin (found by the tfjs parity property).
    const make = (random: ReturnType<typeof seededRandom>, rows: number, shift: number) => {
      const columns = { constant: [] as number[], c0: [] as number[], c1: [] as number[] };
      for (let row = 0; row < rows; row += 1) {
        const shared = random.normal();
        columns.constant.push(7);
        columns.c0.push(Math.round(random.normal(shift, 1) * 4) / 4);
        columns.c1.push(Math.round((shared + random.normal(shift, 1)) * 4) / 4);
      }
      return columns;
    };
    for (const seed of [43965, 40302, 1, 2, 3]) {
      const random = seededRandom(seed);
      const reference = make(random, 628, 0);
      const result = detectMultivariateDrift(reference, make(random, 157, 0.5), {
        method: 'data_reconstruction',
        chunkSize: 157,
      });
      expect(result.details.components).toBe(2);
      expect(result.statistic).toBeLessThan(1e-12);
      expect(result.drifted).toBe(false);
      expect(result.details.roundingMargin).toBeGreaterThan(0);
    }
    const reference = make(seededRandom(4), 600, 0);
    const moved = detectMultivariateDrift(
      reference,
      { ...make(seededRandom(5), 150, 0), constant: new Array(150).fill(8) },
      { method: 'data_reconstruction' },
    );
    expect(moved.statistic).toBeCloseTo(1, 12);
    expect(moved.drifted).toBe(true);
  });

  it('refuses what only the async path runs, and bad options, with typed errors', () => {
    const reference = correlated(14, 500, 0.5);
    for (const options of [
      { method: 'mmd' },
      { method: 'domain_classifier', backend: 'tfjs' },
    ] as const)
      expect(() => detectMultivariateDrift(reference, reference, options)).toThrow(
        expect.objectContaining({ code: 'ASYNC_REQUIRED' }),
      );
    expect(() =>
      detectMultivariateDrift(reference, reference, {
        method: 'data_reconstruction',
        varianceShare: 0,
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });

  it('fills dataset.multivariate from detectDrift options, per chunk over time, never from a profile', async () => {
    const reference = correlated(8, 6_000, 0.9);
    const report = detectDriftSync(reference, correlated(9, 600, 0), {
      multivariate: { method: 'data_reconstruction' },
    });
    expect(report.dataset.multivariate).toMatchObject({
      method: 'data_reconstruction',
      drifted: true,
    });
    const current = {
      x: Float64Array.from([...correlated(10, 1_000, 0.9).x, ...correlated(11, 1_000, 0).x]),
      y: Float64Array.from([...correlated(10, 1_000, 0.9).y, ...correlated(11, 1_000, 0).y]),
      z: Float64Array.from([...correlated(10, 1_000, 0.9).z, ...correlated(11, 1_000, 0).z]),
      kind: [...correlated(10, 1_000, 0.9).kind, ...correlated(11, 1_000, 0).kind],
    };
    const chunks = await detectDriftOverTime(reference, current, {
      chunks: { size: 500 },
      multivariate: { method: 'data_reconstruction' },
    });
    expect(chunks.map(({ report: chunk }) => chunk.dataset.multivariate?.drifted)).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(() =>
      detectDriftSync(profile(reference), correlated(12, 100, 0.9), {
        multivariate: { method: 'domain_classifier' },
      }),
    ).toThrow(InvalidInputError);
  });
});
