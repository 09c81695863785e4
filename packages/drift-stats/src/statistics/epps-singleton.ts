import { InvalidInputError } from '@ballast/contracts';
import { chiSquareSurvival } from '../distributions/incomplete-gamma';
import { type NumericSampleInput, prepareSample } from '../input/sorted-sample';
import { CompensatedSum } from './compensated-sum';
import { requireValues } from './require-values';
import type { StatisticResult } from './statistic-result';

/** Options of {@link eppsSingleton}. */
export interface EppsSingletonOptions {
  /** Points of the empirical characteristic function, in units of half the pooled IQR. Default `[0.4, 0.8]` (scipy's). */
  t?: readonly number[];
}

/** numpy's `percentile(..., method='linear')` of an ascending array. */
function linearPercentile(sorted: Float64Array, quantile: number): number {
  const position = quantile * (sorted.length - 1);
  const below = Math.floor(position);
  const fraction = position - below;
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  // numpy's _lerp: the form that is exact at the nearer end.
  const difference = high - low;
  return fraction >= 0.5 ? high - difference * (1 - fraction) : low + difference * fraction;
}

function mergeSorted(first: Float64Array, second: Float64Array): Float64Array {
  const merged = new Float64Array(first.length + second.length);
  let i = 0;
  let j = 0;
  let out = 0;
  while (i < first.length || j < second.length) {
    if (j >= second.length || (i < first.length && (first[i] as number) <= (second[j] as number)))
      merged[out++] = first[i++] as number;
    else merged[out++] = second[j++] as number;
  }
  return merged;
}

/** Means and biased (divide by n) covariance of the features cos(s·x), sin(s·x) for each s. */
function featureMoments(
  values: Float64Array,
  scaled: readonly number[],
): { mean: Float64Array; covariance: Float64Array } {
  const size = 2 * scaled.length;
  const n = values.length;
  const features = (value: number, out: Float64Array) => {
    scaled.forEach((s, index) => {
      out[index] = Math.cos(s * value);
      out[index + scaled.length] = Math.sin(s * value);
    });
  };
  const row = new Float64Array(size);
  const sums = Array.from({ length: size }, () => new CompensatedSum());
  for (const value of values) {
    features(value, row);
    for (let a = 0; a < size; a++) (sums[a] as CompensatedSum).add(row[a] as number);
  }
  const mean = Float64Array.from(sums, sum => sum.value() / n);
  const products = Array.from({ length: size * size }, () => new CompensatedSum());
  for (const value of values) {
    features(value, row);
    for (let a = 0; a < size; a++) {
      const left = (row[a] as number) - (mean[a] as number);
      for (let b = a; b < size; b++)
        (products[a * size + b] as CompensatedSum).add(
          left * ((row[b] as number) - (mean[b] as number)),
        );
    }
  }
  const covariance = new Float64Array(size * size);
  for (let a = 0; a < size; a++) {
    for (let b = a; b < size; b++) {
      const value = (products[a * size + b] as CompensatedSum).value() / n;
      covariance[a * size + b] = value;
      covariance[b * size + a] = value;
    }
  }
  return { mean, covariance };
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric matrix, cyclic Jacobi. */
function symmetricEigen(
  matrix: Float64Array,
  size: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = matrix.slice();
  const vectors = new Float64Array(size * size);
  for (let index = 0; index < size; index++) vectors[index * size + index] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < size; p++)
      for (let q = p + 1; q < size; q++) off += (a[p * size + q] as number) ** 2;
    if (off === 0) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q] as number;
        if (apq === 0) continue;
        const app = a[p * size + p] as number;
        const aqq = a[q * size + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p] as number;
          const akq = a[k * size + q] as number;
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k] as number;
          const aqk = a[q * size + k] as number;
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = vectors[k * size + p] as number;
          const vkq = vectors[k * size + q] as number;
          vectors[k * size + p] = c * vkp - s * vkq;
          vectors[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = Float64Array.from(
    { length: size },
    (_, index) => a[index * size + index] as number,
  );
  return { values, vectors };
}

/**
 * Epps–Singleton two-sample test on the empirical characteristic function,
 * `scipy.stats.epps_singleton_2samp(reference, current, t=(0.4, 0.8))`: the features cos(t·x/σ)
 * and sin(t·x/σ) with σ half the pooled interquartile range, their pooled covariance
 * pseudo-inverted (rank r), `W = n · Δᵀ Σ⁺ Δ` with scipy's small-sample correction when both
 * sides have fewer than 25 values, and p = `chi2.sf(W, r)`. Needs at least 5 values per side
 * and a pooled IQR above 0 (`InvalidInputError` `INSUFFICIENT_DATA` otherwise, where Evidently
 * raises). Evidently id `'es'`, threshold 0.05 (`p < threshold`).
 *
 * @example
 * ```ts
 * eppsSingleton(reference, current).pValue;
 * ```
 */
export function eppsSingleton(
  reference: NumericSampleInput,
  current: NumericSampleInput,
  options: EppsSingletonOptions = {},
): StatisticResult {
  const x = requireValues(prepareSample(reference, 'reference'), 'reference', 5);
  const y = requireValues(prepareSample(current, 'current'), 'current', 5);
  const points = options.t ?? [0.4, 0.8];
  if (points.length === 0 || !points.every(point => Number.isFinite(point) && point > 0)) {
    throw new InvalidInputError({
      code: 'INVALID_OPTION',
      message: 'eppsSingleton: t must hold positive finite numbers.',
      details: { path: 't', received: [...points] },
    });
  }
  const pooled = mergeSorted(x, y);
  const sigma = (linearPercentile(pooled, 0.75) - linearPercentile(pooled, 0.25)) / 2;
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message:
        'eppsSingleton needs a pooled interquartile range above 0 (more than half of the values are equal).',
      details: { path: 'reference' },
    });
  }
  const scaled = points.map(point => point / sigma);
  const nx = x.length;
  const ny = y.length;
  const n = nx + ny;
  const size = 2 * points.length;
  const first = featureMoments(x, scaled);
  const second = featureMoments(y, scaled);
  const covariance = new Float64Array(size * size);
  for (let index = 0; index < covariance.length; index++) {
    covariance[index] =
      (n / nx) * (first.covariance[index] as number) +
      (n / ny) * (second.covariance[index] as number);
  }
  const { values, vectors } = symmetricEigen(covariance, size);
  // numpy's pinv cutoff (array API default rtol = max(M, N)·eps) and matrix_rank of the pinv.
  const largest = Math.max(...values.map(Math.abs));
  const kept = [...values.keys()].filter(
    index => Math.abs(values[index] as number) > size * Number.EPSILON * largest,
  );
  const inverses = kept.map(index => 1 / Math.abs(values[index] as number));
  const largestInverse = Math.max(...inverses);
  const rank = inverses.filter(value => value > largestInverse * size * Number.EPSILON).length;
  let statistic = 0;
  for (const index of kept) {
    let projection = 0;
    for (let k = 0; k < size; k++)
      projection +=
        (vectors[k * size + index] as number) *
        ((first.mean[k] as number) - (second.mean[k] as number));
    statistic += (projection * projection) / (values[index] as number);
  }
  statistic *= n;
  if (Math.max(nx, ny) < 25) {
    statistic *= 1 / (1 + n ** -0.45 + 10.1 * (nx ** -1.7 + ny ** -1.7));
  }
  return { statistic, pValue: chiSquareSurvival(statistic, rank) };
}
