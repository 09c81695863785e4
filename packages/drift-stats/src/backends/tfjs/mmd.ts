import { InvalidInputError } from '@ballast/contracts';
import type { TfTensor, Tfjs } from './tfjs-api';
import { permutationPValue } from '../../random/seeded-generator';
import { permutationAssignments } from './permutation-assignments';

/** Options of the MMD permutation test. */
export interface MmdOptions {
  /** Permutations for the p-value (default 100). */
  permutations?: number;
  /** Seed of the permutations (default 0), so the p-value repeats exactly. */
  seed?: number;
  /** RBF bandwidth σ; default the median heuristic, σ² = median(‖x − y‖², reference × current) / 2. */
  sigma?: number;
  /** Refuse more pooled rows than this (default 8192): the kernel matrix holds rows² float32 values. */
  maxPooledRows?: number;
}

/** Result of the MMD permutation test. */
export interface MmdResult {
  /** Unbiased MMD² estimate. */
  statistic: number;
  /** (b + 1) / (permutations + 1), b = permutations with MMD² >= the observed one. */
  pValue: number;
  /** The bandwidth used. */
  sigma: number;
  /** Permutations run. */
  permutations: number;
}

function lowerMedian(values: Float32Array): number {
  const sorted = values.slice().sort();
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

/**
 * Unbiased MMD² between the rows of `reference` (n × d) and `current` (m × d) with a Gaussian
 * RBF kernel, and its permutation p-value. The pooled kernel matrix K is built once; every
 * permutation's within- and between-group sums then come from a single matrix product K·A,
 * where column p of A marks the rows of the first group in permutation p (column 0 is the
 * observed split). The diagonal (k(x, x) = 1) is left out of the within-group sums.
 *
 * @example
 * ```ts
 * const { statistic, pValue } = await mmdPermutationTest(tf, tf.tensor2d(x), tf.tensor2d(y), { seed: 1 });
 * ```
 */
export async function mmdPermutationTest(
  tf: Tfjs,
  reference: TfTensor,
  current: TfTensor,
  options: MmdOptions,
): Promise<MmdResult> {
  const n = reference.shape[0] as number;
  const m = current.shape[0] as number;
  const size = n + m;
  const permutations = options.permutations ?? 100;
  const limit = options.maxPooledRows ?? 8192;
  if (size > limit) {
    throw new InvalidInputError({
      code: 'TOO_MANY_ROWS',
      message: `MMD on ${size} pooled rows needs a ${size}×${size} kernel matrix; subsample to at most ${limit} rows or raise maxPooledRows.`,
      details: { path: 'maxPooledRows', received: size, expected: limit },
    });
  }
  if (!(Number.isInteger(permutations) && permutations >= 1)) {
    throw new InvalidInputError({
      code: 'INVALID_PERMUTATIONS',
      message: `permutations must be a positive integer; received ${String(permutations)}.`,
      details: { path: 'permutations', received: permutations },
    });
  }
  const distances: TfTensor = tf.tidy(() => {
    const pooled = tf.concat([reference, current]);
    const norms = tf.sum(tf.square(pooled), 1, true);
    const cross = tf.matMul(pooled, pooled, false, true);
    return tf.relu(tf.sub(tf.add(norms, tf.transpose(norms)), tf.mul(cross, 2)));
  });
  try {
    let sigma = options.sigma;
    if (sigma === undefined) {
      const block = tf.slice(distances, [0, n], [n, m]);
      const median = lowerMedian((await block.data()) as Float32Array);
      block.dispose();
      sigma = median > 0 ? Math.sqrt(median / 2) : 1;
    }
    const observed = new Float32Array(size).fill(0, n);
    observed.fill(1, 0, n);
    const random = permutationAssignments(size, n, permutations, options.seed ?? 0);
    const assignments = new Float32Array(size * (permutations + 1));
    for (let row = 0; row < size; row += 1) {
      assignments[row * (permutations + 1)] = observed[row] as number;
      assignments.set(
        random.subarray(row * permutations, (row + 1) * permutations),
        row * (permutations + 1) + 1,
      );
    }
    const bandwidth = sigma;
    const estimates: TfTensor = tf.tidy(() => {
      const kernel = tf.exp(tf.div(distances, -2 * bandwidth * bandwidth));
      const first = tf.tensor2d(assignments, [size, permutations + 1]);
      const second = tf.sub(1, first);
      const towardsFirst = tf.matMul(kernel, first);
      const towardsSecond = tf.sub(tf.sum(kernel, 1, true), towardsFirst);
      const withinFirst = tf.sum(tf.mul(first, towardsFirst), 0);
      const withinSecond = tf.sum(tf.mul(second, towardsSecond), 0);
      const between = tf.sum(tf.mul(first, towardsSecond), 0);
      return tf.sub(
        tf.add(
          tf.div(tf.sub(withinFirst, n), n * (n - 1)),
          tf.div(tf.sub(withinSecond, m), m * (m - 1)),
        ),
        tf.div(tf.mul(between, 2), n * m),
      );
    });
    const values = (await estimates.data()) as Float32Array;
    estimates.dispose();
    const statistic = values[0] as number;
    let atLeast = 0;
    for (let index = 1; index <= permutations; index += 1)
      if ((values[index] as number) >= statistic) atLeast += 1;
    return { statistic, pValue: permutationPValue(atLeast, permutations), sigma, permutations };
  } finally {
    distances.dispose();
  }
}
