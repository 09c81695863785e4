import { type NumericSampleInput, prepareSample } from '../input/sorted-sample';
import {
  permutationPValue,
  type RandomSource,
  seededGenerator,
  shuffleFront,
} from '../random/seeded-generator';
import { sortFloat64InPlace } from '../sorting/sort-float64';
import { roundHalfEven } from './kolmogorov-smirnov';
import { requireValues } from './require-values';
import type { StatisticResult } from './statistic-result';

/** Options of {@link empiricalMmd}. */
export interface EmpiricalMmdOptions {
  /** Permutations for the p-value. Default 100 (as Evidently). */
  permutations?: number;
  /** Larger sides are subsampled (seeded) to this many values, bounding the O(n²) kernel sums. Default 1000. */
  maximumSampleSize?: number;
  /** Seed of the default generator. Default 0. */
  seed?: number;
  /** A custom uniform source instead of the seeded one. */
  random?: RandomSource;
}

function subsample(values: Float64Array, size: number, random: RandomSource): Float64Array {
  if (values.length <= size) return values;
  const copy = values.slice();
  shuffleFront(copy, size, random);
  return copy.slice(0, size);
}

/**
 * Evidently's bandwidth: σ² = ½ · the median (numpy `percentile(..., interpolation='nearest')`)
 * of the full reference × reference squared-distance matrix, zero diagonal and both orders
 * included; σ² = ½ when that median is 0. Returned as σ/2 from halved distances
 * `|a/2 − b/2|` (the median of |d| is the root of the median of d²), so values up to ±1.79e308
 * neither overflow when subtracted nor under- or overflow when squared.
 */
function halfBandwidth(values: Float64Array): number {
  const size = values.length;
  const offDiagonal = new Float64Array((size * (size - 1)) / 2);
  let written = 0;
  for (let a = 0; a < size; a++) {
    for (let b = a + 1; b < size; b++)
      offDiagonal[written++] = Math.abs((values[a] as number) / 2 - (values[b] as number) / 2);
  }
  const sorted = sortFloat64InPlace(offDiagonal);
  // The n² entries, sorted: n zeros, then every off-diagonal distance twice.
  const index = roundHalfEven(0.5 * (size * size - 1));
  const median = index < size ? 0 : (sorted[Math.floor((index - size) / 2)] as number);
  return median === 0 ? Math.SQRT1_2 / 2 : Math.SQRT1_2 * median;
}

/** Unbiased MMD² of the split `pooled[0, split)` vs `pooled[split, end)` from a precomputed kernel matrix. */
function unbiasedMmd(kernel: Float64Array, order: Int32Array, split: number): number {
  const size = order.length;
  let within1 = 0;
  let within2 = 0;
  let between = 0;
  for (let a = 0; a < size; a++) {
    const row = (order[a] as number) * size;
    for (let b = a + 1; b < size; b++) {
      const value = kernel[row + (order[b] as number)] as number;
      if (b < split) within1 += value;
      else if (a >= split) within2 += value;
      else between += value;
    }
  }
  const m = split;
  const n = size - split;
  return (2 * within1) / (m * (m - 1)) + (2 * within2) / (n * (n - 1)) - (2 * between) / (m * n);
}

/**
 * Maximum mean discrepancy with a Gaussian (RBF) kernel and a permutation p-value, as
 * Evidently's `empirical_mmd`: kernel exp(−d² / 2σ²) with Evidently's median bandwidth
 * (σ² = ½ · median of the reference × reference squared distances), unbiased MMD² (zero
 * diagonal), p = (b + 1) / (m + 1) over seeded permutations (Evidently: `mean(mmd <= perm)`,
 * unseeded).
 * Evidently id `'empirical_mmd'`, threshold 0.1 (`p < threshold`).
 *
 * @example
 * ```ts
 * empiricalMmd(reference, current, { permutations: 200, seed: 1 }).pValue;
 * ```
 */
export function empiricalMmd(
  reference: NumericSampleInput,
  current: NumericSampleInput,
  options: EmpiricalMmdOptions = {},
): StatisticResult {
  const random = options.random ?? seededGenerator(options.seed ?? 0);
  const maximum = options.maximumSampleSize ?? 1000;
  const first = subsample(
    requireValues(prepareSample(reference, 'reference'), 'reference', 2),
    maximum,
    random,
  );
  const second = subsample(
    requireValues(prepareSample(current, 'current'), 'current', 2),
    maximum,
    random,
  );
  const bandwidth = halfBandwidth(first);
  const pooled = new Float64Array(first.length + second.length);
  pooled.set(first);
  pooled.set(second, first.length);
  const size = pooled.length;
  const kernel = new Float64Array(size * size);
  for (let a = 0; a < size; a++) {
    for (let b = a; b < size; b++) {
      // exp(−d² / 2σ²) as exp(−((d/2) / (σ/2))² / 2): finite for any finite values.
      const ratio = ((pooled[a] as number) / 2 - (pooled[b] as number) / 2) / bandwidth;
      const value = Math.exp(-(ratio * ratio) / 2);
      kernel[a * size + b] = value;
      kernel[b * size + a] = value;
    }
  }
  const order = Int32Array.from({ length: size }, (_, index) => index);
  const statistic = unbiasedMmd(kernel, order, first.length);
  const permutations = options.permutations ?? 100;
  let atLeast = 0;
  for (let permutation = 0; permutation < permutations; permutation++) {
    shuffleFront(order, first.length, random);
    if (unbiasedMmd(kernel, order, first.length) >= statistic) atLeast++;
  }
  return { statistic, pValue: permutationPValue(atLeast, permutations) };
}
