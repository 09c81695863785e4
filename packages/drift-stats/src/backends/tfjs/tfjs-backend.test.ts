import { seededRandom } from '@ballast/test-utils/seeded-random';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateTfjsBackend, testedTfjsBackends } from '../../__fixtures__/tfjs-backends';
import { jensenShannon } from '../../statistics/jensen-shannon';
import { ks } from '../../statistics/kolmogorov-smirnov';
import { psi } from '../../statistics/psi';
import { wasserstein } from '../../statistics/wasserstein';
import { permutationAssignments } from './permutation-assignments';
import { createTfjsBackend, type TfjsDriftBackend } from './tfjs-backend';

/**
 * Tolerances, relative to the cpu (float64) statistics. tfjs computes in float32 (values are
 * rounded to float32 on the way in; a CDF value i/n carries ~6e-8 relative rounding, a sum over
 * N terms ~log2(N)·6e-8 with the blocked sum, JS takes a square root of a small divergence, and
 * MMD² is a difference of sums of ~N² kernel values). Measured on seeded normals, cpu and wasm:
 * at n = m = 3000: ks 1.0e-7, wasserstein 4.9e-7, psi 1.1e-7, js 4.4e-6; at n = m = 200000:
 * ks 1.2e-6, wasserstein 2.6e-5 (wasm), psi 2.4e-7, js 5.6e-6.
 */
const tolerance = { ks: 1e-6, wasserstein: 1e-5, binned: 1e-5, mmdAbsolute: 1e-5 };

function float32Normals(seed: number, size: number, mean: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: size }, () => Math.fround(random.normal(mean, 1)));
}

function rows(seed: number, size: number, shift: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, () => [
    Math.fround(random.normal(shift, 1)),
    Math.fround(random.normal(0, 2)),
    Math.fround(random.normal(0, 1)),
  ]);
}

/** Float64 oracle of the unbiased MMD² and its permutation p-value, from the same splits. */
function mmdOracle(
  first: number[][],
  second: number[][],
  sigma: number,
  permutations: number,
  seed: number,
) {
  const pooled = [...first, ...second];
  const size = pooled.length;
  const kernel = (a: number[], b: number[]) =>
    Math.exp(
      -a.reduce((sum, value, index) => sum + (value - (b[index] as number)) ** 2, 0) /
        (2 * sigma * sigma),
    );
  const matrix = pooled.map(a => pooled.map(b => kernel(a, b)));
  const estimate = (inFirst: (row: number) => boolean) => {
    let withinFirst = 0;
    let withinSecond = 0;
    let between = 0;
    for (let i = 0; i < size; i += 1) {
      for (let j = 0; j < size; j += 1) {
        const value = (matrix[i] as number[])[j] as number;
        if (inFirst(i) && inFirst(j)) withinFirst += i === j ? 0 : value;
        else if (!inFirst(i) && !inFirst(j)) withinSecond += i === j ? 0 : value;
        else if (inFirst(i)) between += value;
      }
    }
    const n = first.length;
    const m = second.length;
    return withinFirst / (n * (n - 1)) + withinSecond / (m * (m - 1)) - (2 * between) / (n * m);
  };
  const observed = estimate(row => row < first.length);
  const splits = permutationAssignments(size, first.length, permutations, seed);
  let atLeast = 0;
  for (let p = 0; p < permutations; p += 1) {
    if (estimate(row => splits[row * permutations + p] === 1) >= observed) atLeast += 1;
  }
  return { statistic: observed, pValue: (atLeast + 1) / (permutations + 1) };
}

const relative = (actual: number, expected: number) =>
  Math.abs(actual - expected) / Math.abs(expected);

describe.each(testedTfjsBackends)('tfjs backend on tfjs-%s', backendName => {
  let backend: TfjsDriftBackend;
  const reference = float32Normals(1, 3_000, 0);
  const current = float32Normals(2, 2_000, 0.15);

  beforeAll(async () => {
    await activateTfjsBackend(backendName);
    backend = await createTfjsBackend({ tf });
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reports which tfjs backend ran', () => {
    expect(backend.name).toBe(`tfjs:${backendName}`);
  });

  it('leaves no tensors behind', async () => {
    const tensorsBefore = tf.memory().numTensors;
    await backend.ks(reference, current);
    await backend.wasserstein(reference, current);
    await backend.psi(reference, current);
    await backend.jensenShannon(reference, current, { base: 2 });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('agrees with the cpu KS (asymptotic p-value) within the float32 tolerance', async () => {
    const expected = ks(reference, current, { method: 'asymptotic' });
    const actual = await backend.ks(reference, current);
    expect(relative(actual.statistic, expected.statistic)).toBeLessThanOrEqual(tolerance.ks);
    expect(relative(actual.pValue as number, expected.pValue as number)).toBeLessThanOrEqual(1e-4);
  });

  it('agrees with the cpu Wasserstein, raw and normed', async () => {
    for (const normed of [true, false]) {
      const expected = wasserstein(reference, current, { normed });
      const actual = await backend.wasserstein(reference, current, { normed });
      expect(relative(actual.statistic, expected.statistic)).toBeLessThanOrEqual(
        tolerance.wasserstein,
      );
    }
  });

  it('agrees with the cpu PSI and Jensen–Shannon on Evidently bins and on fixed edges', async () => {
    expect(
      relative(
        (await backend.psi(reference, current)).statistic,
        psi(reference, current).statistic,
      ),
    ).toBeLessThanOrEqual(tolerance.binned);
    const js = jensenShannon(reference, current).statistic;
    expect(
      relative((await backend.jensenShannon(reference, current)).statistic, js),
    ).toBeLessThanOrEqual(tolerance.binned);
    const base2 = jensenShannon(reference, current, { base: 2 }).statistic;
    expect(
      relative((await backend.jensenShannon(reference, current, { base: 2 })).statistic, base2),
    ).toBeLessThanOrEqual(tolerance.binned);
    const edges = [-1.5, -0.5, 0, 0.5, 1.5];
    const fixed = psi(reference, current, { bins: { strategy: 'fixed', edges } }).statistic;
    expect(
      relative((await backend.psi(reference, current, { edges })).statistic, fixed),
    ).toBeLessThanOrEqual(tolerance.binned);
  });

  it('computes multivariate MMD² and the permutation p-value like a float64 oracle', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const first = rows(3, 60, 0);
    const second = rows(4, 50, 0.8);
    const result = await backend.mmd(first, second, { permutations: 30, seed: 5 });
    const oracle = mmdOracle(first, second, result.sigma, 30, 5);
    expect(Math.abs(result.statistic - oracle.statistic)).toBeLessThanOrEqual(
      tolerance.mmdAbsolute,
    );
    expect(result.pValue).toBe(oracle.pValue);
    expect(result.pValue).toBeLessThan(0.1);
    const same = await backend.mmd(first, rows(6, 50, 0), { permutations: 30, seed: 5 });
    expect(same.pValue).toBeGreaterThan(0.1);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('tiles the kernel matrix under a memory budget, with the same result and nothing left behind', async () => {
    const first = rows(7, 400, 0);
    const second = rows(8, 300, 0.3);
    const whole = await backend.mmd(first, second, { permutations: 20, seed: 3 });
    expect(whole.tiles).toBe(1);
    const before = tf.memory();
    // 200 KB: 8 kernel rows of 700 pooled rows per tile.
    const budget = 200_000;
    let tiled: Awaited<ReturnType<TfjsDriftBackend['mmd']>> | undefined;
    const info = await tf.profile(async () => {
      tiled = await backend.mmd(first, second, {
        permutations: 20,
        seed: 3,
        memoryBudgetBytes: budget,
      });
    });
    expect(tiled?.tiles).toBeGreaterThan(10);
    expect(Math.abs((tiled?.statistic as number) - whole.statistic)).toBeLessThanOrEqual(1e-6);
    expect(tiled?.pValue).toBe(whole.pValue);
    // Peak: the budget plus the inputs, the pooled copy and the assignment matrix (float32).
    const fixed = 4 * (2 * 700 * 3 + 700 * 21);
    expect(info.peakBytes - before.numBytes).toBeLessThanOrEqual(budget + fixed);
    // The untiled run needs the whole 700 × 700 kernel (and its distances) at once.
    const untiled = await tf.profile(async () => {
      await backend.mmd(first, second, { permutations: 20, seed: 3 });
    });
    expect(untiled.peakBytes - before.numBytes).toBeGreaterThan(4 * 700 * 700);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });

  it('rejects inputs it cannot compare', async () => {
    const fewValues = Float64Array.from({ length: 100 }, (_, index) => index % 5);
    await expect(backend.psi(fewValues, fewValues)).rejects.toMatchObject({
      code: 'CATEGORICAL_BINNING_UNSUPPORTED',
    });
    const binned = await backend.psi(fewValues, fewValues, { edges: [0, 2, 4] });
    expect(binned.statistic).toBe(0);
    await expect(backend.ks([], [1])).rejects.toMatchObject({ code: 'INSUFFICIENT_DATA' });
    await expect(
      backend.mmd(
        [[1], [2]],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    ).rejects.toMatchObject({ code: 'DIMENSION_MISMATCH' });
    await expect(
      backend.mmd(rows(1, 10, 0), rows(2, 10, 0), { maxPooledRows: 15 }),
    ).rejects.toMatchObject({
      code: 'TOO_MANY_ROWS',
    });
  });
});
