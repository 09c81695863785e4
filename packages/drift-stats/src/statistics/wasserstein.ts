import { type NumericSampleInput, prepareSample } from '../input/sorted-sample';
import { type CdfSteps, cdfDistance, cdfSteps } from './cdf-distance';
import { largestMagnitudeOfSorted, magnitudeScale, scaledMeanAndVariance } from './compensated-sum';
import { requireValues } from './require-values';
import type { StatisticResult } from './statistic-result';

/** Options of {@link wasserstein}. */
export interface WassersteinOptions {
  /** Divide by the reference population standard deviation (floored at 0.001), as Evidently; default `true`. */
  normed?: boolean;
}

/**
 * First Wasserstein (earth mover's) distance between two samples: scipy's
 * `wasserstein_distance`, divided by `max(std(reference), 0.001)` by default (Evidently id
 * `'wasserstein'`, threshold 0.1). Computed in units of a power of two for values beyond
 * 1e150 (or below 1e-150), so the normed distance is finite for any finite input.
 *
 * @example
 * ```ts
 * wasserstein(reference, current).statistic; // normed
 * wasserstein(reference, current, { normed: false }).statistic; // raw W1
 * ```
 */
export function wasserstein(
  reference: NumericSampleInput,
  current: NumericSampleInput,
  options: WassersteinOptions = {},
): StatisticResult {
  const first = requireValues(prepareSample(reference, 'reference'), 'reference', 1);
  const second = requireValues(prepareSample(current, 'current'), 'current', 1);
  return { statistic: wassersteinOfSorted(first, second, options.normed !== false) };
}

/**
 * The kernel of {@link wasserstein} on two non-empty ascending samples. A caller comparing one
 * reference with many samples may supply what depends on the reference alone, computed once:
 * `referenceVariance` (its population variance in units of `scale`) and `referenceSteps` (its
 * CDF steps); by default both are computed here.
 */
export function wassersteinOfSorted(
  first: Float64Array,
  second: Float64Array,
  normed: boolean,
  referenceVariance: (scale: number) => number = scale =>
    scaledMeanAndVariance(first, 0, scale).variance,
  referenceSteps: CdfSteps = cdfSteps(first),
): number {
  // Huge or tiny magnitudes are measured in units of a power of two, so nothing overflows.
  const scale = magnitudeScale(
    Math.max(largestMagnitudeOfSorted(first), largestMagnitudeOfSorted(second)),
  );
  const raw = cdfDistance(referenceSteps, second, 1, scale);
  // The raw distance is Infinity only when it truly exceeds 1.79e308 (inputs near ±1.79e308).
  if (!normed) return raw * scale;
  return raw / Math.max(Math.sqrt(referenceVariance(scale)), 0.001 / scale);
}
