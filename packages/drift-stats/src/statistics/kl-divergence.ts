import { type BinnedInput, type BinnedStatisticOptions, binnedDistance } from './binned-distance';
import type { StatisticResult } from './statistic-result';

/**
 * Kullback–Leibler divergence KL(reference ‖ current), natural log, over Evidently's smoothed bins (`scipy.stats.entropy(ref, cur)`). Evidently id `'kl_div'`, threshold 0.1.
 *
 * @example
 * ```ts
 * klDivergence(reference, current).statistic;
 * ```
 */
export function klDivergence(
  reference: BinnedInput,
  current: BinnedInput,
  options: BinnedStatisticOptions = {},
): StatisticResult {
  return binnedDistance('kl_div', reference, current, options, {});
}
