import { type BinnedInput, type BinnedStatisticOptions, binnedDistance } from './binned-distance';
import type { StatisticResult } from './statistic-result';

/**
 * Population stability index `Σ (r − c) ln(r / c)` over Evidently's bins with empty-bin smoothing. Evidently id `'psi'`, threshold 0.1 (`>= threshold`).
 *
 * @example
 * ```ts
 * psi(reference, current).statistic;
 * ```
 */
export function psi(
  reference: BinnedInput,
  current: BinnedInput,
  options: BinnedStatisticOptions = {},
): StatisticResult {
  return binnedDistance('psi', reference, current, options, {});
}
