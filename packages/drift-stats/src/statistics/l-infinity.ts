import { type BinnedInput, type BinnedStatisticOptions, binnedDistance } from './binned-distance';
import type { StatisticResult } from './statistic-result';

/**
 * L-infinity distance `max |r − c|` between category (or bin) shares, as NannyML and TFDV
 * compute it for categorical columns. Id `'linf'`, threshold 0.1 (`>= threshold`, ours).
 *
 * @example
 * ```ts
 * lInfinity(['a', 'a', 'b'], ['a', 'b', 'b']).statistic; // 0.333...
 * ```
 */
export function lInfinity(
  reference: BinnedInput,
  current: BinnedInput,
  options: BinnedStatisticOptions = {},
): StatisticResult {
  return binnedDistance('linf', reference, current, options, {});
}
