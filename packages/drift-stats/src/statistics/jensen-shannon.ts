import { type BinnedInput, type BinnedStatisticOptions, binnedDistance } from './binned-distance';
import type { StatisticResult } from './statistic-result';

/** Options of {@link jensenShannon}. */
export interface JensenShannonOptions extends BinnedStatisticOptions {
  /** Logarithm base. Default `Math.E` (Evidently, bounded by sqrt(ln 2)); `2` bounds it by 1. */
  base?: number;
}

/**
 * Jensen–Shannon **distance** (`scipy.spatial.distance.jensenshannon`) over Evidently's
 * unsmoothed bins, natural log by default. Evidently id `'jensenshannon'`, threshold 0.1.
 *
 * @example
 * ```ts
 * jensenShannon(reference, current, { base: 2 }).statistic;
 * ```
 */
export function jensenShannon(
  reference: BinnedInput,
  current: BinnedInput,
  options: JensenShannonOptions = {},
): StatisticResult {
  return binnedDistance(
    'jensenshannon',
    reference,
    current,
    options,
    options.base === undefined ? {} : { base: options.base },
  );
}
