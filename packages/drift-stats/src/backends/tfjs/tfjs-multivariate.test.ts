import { seededRandom } from '@ballast/test-utils/seeded-random';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateTfjsBackend, testedTfjsBackends } from '../../__fixtures__/tfjs-backends';
import {
  fitMultivariateDrift,
  type MultivariateDrift,
} from '../../multivariate/detect-multivariate-drift';
import { encodeFeatures, fitFeatureEncoding, type Matrix } from '../../multivariate/feature-matrix';
import { createTfjsBackend, type TfjsDriftBackend } from './tfjs-backend';
import { tileRowsFor } from './tfjs-pca';

/**
 * Tolerances of the tfjs (float32) multivariate checks against the cpu (float64) ones. Measured
 * on these tables, tfjs cpu and wasm: data reconstruction statistic and bounds 3.6e-8 relative
 * (the covariance and row errors are float32 per tile, summed in float64); classifier AUC
 * 8.3e-7 absolute (one reordered pair of near-tied float32 logits in 400 × 3000 moves it by
 * 8.3e-7), coefficients 1.1e-6 absolute (float32 gradients; the two one-hot flags of a
 * two-category column are collinear with the intercept, so the penalty splits them only
 * approximately); MMD² 1.0e-7 absolute with the same p-value.
 */
const tolerance = { reconstruction: 1e-6, auc: 1e-5, coefficient: 1e-5, mmdAbsolute: 1e-5 };

/** x (offset, scaled) and y correlated (ρ), z independent (shifted), a category with nulls tied to x. */
function table(seed: number, rows: number, correlation: number, shift = 0) {
  const random = seededRandom(seed);
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  const kind: (string | null)[] = [];
  for (let row = 0; row < rows; row += 1) {
    const a = random.normal();
    x.push(Math.fround(a * 3 + 10));
    y.push(Math.fround(correlation * a + Math.sqrt(1 - correlation ** 2) * random.normal()));
    z.push(Math.fround(random.normal(shift, 1)));
    kind.push(row % 17 === 0 ? null : a + random.normal(0, 0.5) > 0 ? 'high' : 'low');
  }
  return { x, y, z, kind };
}

const relative = (actual: number, expected: number) =>
  Math.abs(actual - expected) / Math.abs(expected);

type Feature = { feature: string; coefficient: number };
const coefficients = (result: MultivariateDrift) =>
  new Map(
    (result.details.topFeatures as Feature[]).map(({ feature, coefficient }) => [
      feature,
      coefficient,
    ]),
  );

const toRows = (matrix: Matrix) =>
  Array.from({ length: matrix.rows }, (_, row) =>
    Array.from(matrix.data.subarray(row * matrix.columns, (row + 1) * matrix.columns)),
  );

describe.each(testedTfjsBackends)('multivariate drift on tfjs-%s', backendName => {
  let backend: TfjsDriftBackend;
  const reference = table(1, 3_000, 0.9);

  beforeAll(async () => {
    await activateTfjsBackend(backendName);
    backend = await createTfjsBackend({ tf });
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('data reconstruction equals the cpu path within the float32 tolerance, leaving no tensors', async () => {
    const verdicts: boolean[] = [];
    for (const current of [table(2, 300, 0.9), table(3, 300, 0)]) {
      const expected = fitMultivariateDrift(
        reference,
        { method: 'data_reconstruction' },
        300,
      ).evaluate(current);
      const before = tf.memory();
      const actual = await backend.multivariate(reference, current, {
        method: 'data_reconstruction',
      });
      expect(tf.memory().numTensors).toBe(before.numTensors);
      expect(tf.memory().numBytes).toBe(before.numBytes);
      expect(relative(actual.statistic, expected.statistic)).toBeLessThanOrEqual(
        tolerance.reconstruction,
      );
      expect(relative(actual.threshold, expected.threshold)).toBeLessThanOrEqual(
        tolerance.reconstruction,
      );
      expect(
        relative(
          actual.details.lowerThreshold as number,
          expected.details.lowerThreshold as number,
        ),
      ).toBeLessThanOrEqual(tolerance.reconstruction);
      expect(actual.drifted).toBe(expected.drifted);
      expect(actual.details).toMatchObject({
        components: expected.details.components,
        features: 5,
        referenceChunks: 10,
        chunkSize: 300,
        backend: `tfjs:${backendName}`,
      });
      expect(expected.details.backend).toBe('cpu');
      verdicts.push(actual.drifted);
    }
    expect(verdicts).toEqual([false, true]);
  });

  it('tiles data reconstruction under a memory budget with the same result', async () => {
    const current = table(3, 300, 0);
    const whole = await backend.multivariate(reference, current, { method: 'data_reconstruction' });
    const budget = 4_096;
    expect(tileRowsFor(budget, 5)).toBe(24);
    const before = tf.memory();
    let tiled: MultivariateDrift | undefined;
    const info = await tf.profile(async () => {
      tiled = await backend.multivariate(reference, current, {
        method: 'data_reconstruction',
        memoryBudgetBytes: budget,
      });
    });
    expect(relative(tiled?.statistic as number, whole.statistic)).toBeLessThanOrEqual(1e-6);
    expect(relative(tiled?.threshold as number, whole.threshold)).toBeLessThanOrEqual(1e-6);
    // Peak: the budget plus the constants (means, deviations, components: under 100 floats).
    expect(info.peakBytes - before.numBytes).toBeLessThanOrEqual(budget + 400);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    // Untiled, the 3000 reference rows' intermediates are alive at once.
    const untiled = await tf.profile(async () => {
      await backend.multivariate(reference, current, { method: 'data_reconstruction' });
    });
    expect(untiled.peakBytes - before.numBytes).toBeGreaterThan(20 * budget);
  });

  it('domain classifier equals the cpu path within the float32 tolerance, leaving no tensors', async () => {
    const options = { method: 'domain_classifier', topFeatures: 10 } as const;
    for (const [current, drifted] of [
      [table(4, 400, 0.9), false],
      [table(5, 400, 0.9, 0.5), true],
    ] as const) {
      const expected = fitMultivariateDrift(reference, options).evaluate(current);
      const before = tf.memory();
      const actual = await backend.multivariate(reference, current, options);
      expect(tf.memory().numTensors).toBe(before.numTensors);
      expect(tf.memory().numBytes).toBe(before.numBytes);
      expect(Math.abs(actual.statistic - expected.statistic)).toBeLessThanOrEqual(tolerance.auc);
      expect(actual.drifted).toBe(drifted);
      expect(expected.drifted).toBe(drifted);
      const cpu = coefficients(expected);
      expect(coefficients(actual).size).toBe(5);
      for (const [feature, coefficient] of coefficients(actual))
        expect(Math.abs(coefficient - (cpu.get(feature) as number))).toBeLessThanOrEqual(
          tolerance.coefficient,
        );
      expect(actual.details).toMatchObject({
        referenceRows: 3_000,
        currentRows: 400,
        backend: `tfjs:${backendName}`,
      });
    }
  });

  it('mmd on the standardised features equals the MMD test on the cpu-standardised rows', async () => {
    const small = table(7, 300, 0.9);
    const options = { method: 'mmd', permutations: 50, seed: 2 } as const;
    const encoding = fitFeatureEncoding(small, undefined, 10);
    for (const [current, drifted] of [
      [table(6, 200, 0.9, 0.6), true],
      [table(8, 200, 0.9), false],
    ] as const) {
      const before = tf.memory();
      const actual = await backend.multivariate(small, current, options);
      expect(tf.memory().numTensors).toBe(before.numTensors);
      expect(tf.memory().numBytes).toBe(before.numBytes);
      const direct = await backend.mmd(
        toRows(encodeFeatures(encoding, small, 'reference')),
        toRows(encodeFeatures(encoding, current, 'current')),
        { permutations: 50, seed: 2 },
      );
      expect(Math.abs(actual.statistic - direct.statistic)).toBeLessThanOrEqual(
        tolerance.mmdAbsolute,
      );
      expect(actual.pValue).toBe(direct.pValue);
      expect(actual).toMatchObject({ method: 'mmd', threshold: 0.05, drifted });
      expect(actual.details).toMatchObject({
        permutations: 50,
        referenceRows: 300,
        currentRows: 200,
        features: 5,
        backend: `tfjs:${backendName}`,
      });
    }
  });

  it('matches the cpu path on hostile small tables: constant columns, missing values, ties', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 40, max: 160 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(0, 0.2),
        async (seed, rows, width, missing) => {
          const random = seededRandom(seed);
          const make = (count: number, shift: number) => {
            const columns: Record<string, (number | null)[]> = { constant: [] };
            for (let column = 0; column < width; column += 1) columns[`c${column}`] = [];
            for (let row = 0; row < count; row += 1) {
              const shared = random.normal();
              columns.constant?.push(7);
              for (let column = 0; column < width; column += 1) {
                const value = Math.round((shared * column + random.normal(shift, 1)) * 4) / 4;
                columns[`c${column}`]?.push(random.next() < missing ? null : value);
              }
            }
            return columns;
          };
          const referenceTable = make(rows * 4, 0);
          const currentTable = make(rows, 0.5);
          const options = { method: 'data_reconstruction', chunkSize: rows } as const;
          const expected = fitMultivariateDrift(referenceTable, options).evaluate(currentTable);
          const before = tf.memory().numTensors;
          const actual = await backend.multivariate(referenceTable, currentTable, options);
          expect(tf.memory().numTensors).toBe(before);
          expect(actual.details.components).toBe(expected.details.components);
          // Standardised features are O(1): an exact reconstruction (error 0) becomes float32 noise.
          const close = (left: number, right: number) =>
            Math.abs(left - right) <= 1e-5 * Math.max(1, Math.abs(right));
          expect(close(actual.statistic, expected.statistic)).toBe(true);
          expect(close(actual.threshold, expected.threshold)).toBe(true);
          expect(
            close(
              actual.details.lowerThreshold as number,
              expected.details.lowerThreshold as number,
            ),
          ).toBe(true);
          expect(actual.drifted).toBe(expected.drifted);
        },
      ),
      { numRuns: 12, seed: 15 },
    );
  });

  it('samples at most maxRowsPerSide rows per side for mmd, and refuses too few current rows', async () => {
    const result = await backend.multivariate(reference, table(9, 500, 0.9), {
      method: 'mmd',
      permutations: 10,
      maxRowsPerSide: 100,
    });
    expect(result.details).toMatchObject({ referenceRows: 100, currentRows: 100 });
    await expect(
      backend.multivariate(reference, table(10, 1, 0.9), { method: 'mmd' }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_DATA' });
    await expect(
      backend.multivariate(reference, table(10, 3, 0.9), { method: 'domain_classifier' }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_DATA' });
  });
});
