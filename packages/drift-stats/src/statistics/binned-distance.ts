import {
  type BinnedDistanceMethod,
  distanceFromShares,
  smoothsByDefault,
} from '../binning/distance-from-counts';
import { type BinningStrategy, binnedShares } from '../binning/binned-shares';
import type { CategoricalColumn, CategoricalInput } from '../input/categorical-column';
import { inferFeatureType } from '../input/infer-feature-type';
import type { NumericSampleInput } from '../input/sorted-sample';
import type { StatisticResult } from './statistic-result';

/** Any column a binned distance accepts: numeric (binned) or categorical (counted). */
export type BinnedInput = NumericSampleInput | CategoricalInput | CategoricalColumn;

/** Options shared by the binned distances (`psi`, `klDivergence`, `jensenShannon`, `hellinger`, `lInfinity`). */
export interface BinnedStatisticOptions {
  /** Treat the column as numeric or categorical; inferred from the input by default. */
  featureType?: 'numeric' | 'categorical';
  /** Numeric binning; Evidently's by default. */
  bins?: BinningStrategy;
  /** Override the method's default empty-bin smoothing (on for psi and kl_div, as Evidently). */
  smoothing?: boolean;
}

/**
 * Bins (or counts) both columns with `binnedShares`, then applies `distanceFromShares`.
 */
export function binnedDistance(
  method: BinnedDistanceMethod,
  reference: BinnedInput,
  current: BinnedInput,
  options: BinnedStatisticOptions,
  extra: { base?: number },
): StatisticResult {
  const shares = binnedShares(reference, current, {
    featureType: options.featureType ?? inferFeatureType(reference),
    smoothing: options.smoothing ?? smoothsByDefault(method),
    ...(options.bins ? { bins: options.bins } : {}),
  });
  return {
    statistic: distanceFromShares(method, shares.referenceShares, shares.currentShares, extra),
  };
}
