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
  /** Refuse more pooled rows than this (default: no limit; memory is bounded by `memoryBudgetBytes`). */
  maxPooledRows?: number;
  /**
   * Bytes of kernel tiles alive at once (default 64 MiB): the kernel matrix is never built
   * whole, but row tile by row tile, each tile's permutation sums read back and freed.
   */
  memoryBudgetBytes?: number;
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
  /** Kernel rows per tile, and the tiles used. */
  tileRows: number;
  tiles: number;
}

function lowerMedian(values: Float32Array): number {
  const sorted = values.slice().sort();
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

/** Pairs of reference × current distances the median heuristic reads at most (a strided subset beyond). */
const medianPairLimit = 1 << 22;

/** Squared distances between the rows of `left` (a × d) and `right` (b × d), as an a × b tensor. */
function squaredDistances(tf: Tfjs, left: TfTensor, right: TfTensor): TfTensor {
  return tf.tidy(() => {
    const leftNorms = tf.sum(tf.square(left), 1, true);
    const rightNorms = tf.reshape(tf.sum(tf.square(right), 1), [1, right.shape[0] as number]);
    const cross = tf.matMul(left, right, false, true);
    return tf.relu(tf.sub(tf.add(leftNorms, rightNorms), tf.mul(cross, 2)));
  });
}

/** Every `step`-th row of a matrix tensor. */
function strided(tf: Tfjs, matrix: TfTensor, step: number): TfTensor {
  if (step === 1) return matrix;
  const rows = matrix.shape[0] as number;
  return tf.tidy(() => tf.gather(matrix, tf.range(0, rows, step, 'int32')));
}

/** The median heuristic's bandwidth from reference × current distances, tile by tile. */
async function medianBandwidth(
  tf: Tfjs,
  reference: TfTensor,
  current: TfTensor,
  tileRows: number,
): Promise<number> {
  const n = reference.shape[0] as number;
  const m = current.shape[0] as number;
  const step = Math.max(1, Math.ceil(Math.sqrt((n * m) / medianPairLimit)));
  const left = strided(tf, reference, step);
  const right = strided(tf, current, step);
  try {
    const a = left.shape[0] as number;
    const b = right.shape[0] as number;
    const values = new Float32Array(a * b);
    for (let start = 0; start < a; start += tileRows) {
      const rows = Math.min(tileRows, a - start);
      const block = tf.tidy(() =>
        squaredDistances(tf, tf.slice(left, [start, 0], [rows, -1]), right),
      );
      values.set((await block.data()) as Float32Array, start * b);
      block.dispose();
    }
    const median = lowerMedian(values);
    return median > 0 ? Math.sqrt(median / 2) : 1;
  } finally {
    if (left !== reference) left.dispose();
    if (right !== current) right.dispose();
  }
}

/**
 * Unbiased MMD² between the rows of `reference` (n × d) and `current` (m × d) with a Gaussian
 * RBF kernel, and its permutation p-value. Every permutation's within- and between-group sums
 * come from products K·A, where column p of A marks the rows of the first group in permutation
 * p (column 0 is the observed split); the diagonal (k(x, x) = 1) is left out of the within-group
 * sums. K is never held whole: it is built a tile of rows at a time, with as many rows as fit
 * `memoryBudgetBytes`, each tile's sums read back (accumulated in float64) and its tensors
 * disposed, so memory stays bounded whatever the row count. The median-heuristic bandwidth
 * reads at most 2²² reference × current distances (a strided subset of rows beyond).
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
  const limit = options.maxPooledRows ?? Number.POSITIVE_INFINITY;
  if (size > limit) {
    throw new InvalidInputError({
      code: 'TOO_MANY_ROWS',
      message: `MMD on ${size} pooled rows exceeds maxPooledRows (${limit}); subsample or raise it.`,
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
  const budget = options.memoryBudgetBytes ?? 64 * 2 ** 20;
  if (!(budget > 0)) {
    throw new InvalidInputError({
      code: 'INVALID_MEMORY_BUDGET',
      message: `memoryBudgetBytes must be positive; received ${String(budget)}.`,
      details: { path: 'memoryBudgetBytes', received: budget },
    });
  }
  const columns = permutations + 1;
  // A tile's intermediates stay alive until its tidy ends: about eight rows × size float32
  // tensors (cross products, norms sum, distances, scaled, kernel...) and four rows × columns.
  const tileRows = Math.max(1, Math.min(size, Math.floor(budget / (4 * (8 * size + 4 * columns)))));
  const sigma = options.sigma ?? (await medianBandwidth(tf, reference, current, tileRows));
  const random = permutationAssignments(size, n, permutations, options.seed ?? 0);
  const assignments = new Float32Array(size * columns);
  for (let row = 0; row < size; row += 1) {
    assignments[row * columns] = row < n ? 1 : 0;
    assignments.set(
      random.subarray(row * permutations, (row + 1) * permutations),
      row * columns + 1,
    );
  }
  const withinFirst = new Float64Array(columns);
  const withinSecond = new Float64Array(columns);
  const between = new Float64Array(columns);
  const pooled = tf.concat([reference, current]);
  const first = tf.tensor2d(assignments, [size, columns]);
  let tiles = 0;
  try {
    for (let start = 0; start < size; start += tileRows) {
      const rows = Math.min(tileRows, size - start);
      const sums: TfTensor = tf.tidy(() => {
        const tile = tf.slice(pooled, [start, 0], [rows, -1]);
        const kernel = tf.exp(tf.div(squaredDistances(tf, tile, pooled), -2 * sigma * sigma));
        const tileFirst = tf.slice(first, [start, 0], [rows, columns]);
        const towardsFirst = tf.matMul(kernel, first);
        const towardsSecond = tf.sub(tf.sum(kernel, 1, true), towardsFirst);
        return tf.concat(
          [
            tf.sum(tf.mul(tileFirst, towardsFirst), 0),
            tf.sum(tf.mul(tf.sub(1, tileFirst), towardsSecond), 0),
            tf.sum(tf.mul(tileFirst, towardsSecond), 0),
          ],
          0,
        );
      });
      const values = (await sums.data()) as Float32Array;
      sums.dispose();
      for (let column = 0; column < columns; column += 1) {
        withinFirst[column] = (withinFirst[column] as number) + (values[column] as number);
        withinSecond[column] =
          (withinSecond[column] as number) + (values[columns + column] as number);
        between[column] = (between[column] as number) + (values[2 * columns + column] as number);
      }
      tiles += 1;
    }
  } finally {
    tf.dispose([pooled, first]);
  }
  const estimate = (column: number) =>
    ((withinFirst[column] as number) - n) / (n * (n - 1)) +
    ((withinSecond[column] as number) - m) / (m * (m - 1)) -
    (2 * (between[column] as number)) / (n * m);
  const statistic = estimate(0);
  let atLeast = 0;
  for (let column = 1; column <= permutations; column += 1)
    if (estimate(column) >= statistic) atLeast += 1;
  return {
    statistic,
    pValue: permutationPValue(atLeast, permutations),
    sigma,
    permutations,
    tileRows,
    tiles,
  };
}
