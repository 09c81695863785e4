import { type NumericSampleInput, prepareSample } from '../input/sorted-sample';
import { cdfDistance } from './cdf-distance';
import { meanAndVariance } from './compensated-sum';
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
 * `'wasserstein'`, threshold 0.1).
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
  const raw = cdfDistance(first, second, 1);
  if (options.normed === false) return { statistic: raw };
  const { variance } = meanAndVariance(first, 0);
  return { statistic: raw / Math.max(Math.sqrt(variance), 0.001) };
}
