import { allIntegers, type BinnedShares } from '../binning/binned-shares';
import { distanceFromShares } from '../binning/distance-from-counts';
import { histogramCounts } from '../binning/histogram-counts';
import { sturgesEdges } from '../binning/sturges-edges';
import { inferFeatureType } from '../input/infer-feature-type';
import { prepareSample } from '../input/sorted-sample';
import { type BinnedInput, type BinnedStatisticOptions, binnedDistance } from './binned-distance';
import { forEachPooledGroup } from './pooled-groups';
import { requireValues } from './require-values';
import type { StatisticResult } from './statistic-result';

/**
 * Evidently's numeric binning for Hellinger, which differs from its other binned methods:
 * Sturges equal-width bins whose count comes from the number of distinct pooled values (not
 * the number of values), over the pooled range, whatever the number of distinct values.
 */
function evidentlyNumericShares(reference: BinnedInput, current: BinnedInput): BinnedShares {
  const first = requireValues(prepareSample(reference as never, 'reference'), 'reference', 1);
  const second = requireValues(prepareSample(current as never, 'current'), 'current', 1);
  let distinct = 0;
  forEachPooledGroup(first, second, () => {
    distinct++;
    return true;
  });
  const edges = sturgesEdges(
    Math.min(first[0] as number, second[0] as number),
    Math.max(first.at(-1) as number, second.at(-1) as number),
    distinct,
    // numpy's integer dtype (Evidently's unique keys of an integer column): bins at least 1 wide.
    allIntegers(first) && allIntegers(second),
  );
  const referenceCounts = histogramCounts(first, edges);
  const currentCounts = histogramCounts(second, edges);
  return {
    referenceCounts,
    currentCounts,
    referenceShares: referenceCounts.map(count => count / first.length),
    currentShares: currentCounts.map(count => count / second.length),
    edges,
  };
}

/**
 * Hellinger distance `sqrt(1 − clip(Σ sqrt(r c), 0, 1))` over unsmoothed shares, as
 * Evidently's `hellinger` test: categories as they are; numeric columns on Sturges bins over
 * the pooled range whose count comes from the number of distinct pooled values (Evidently's
 * own numeric binning for this test). Pass `bins` to use another binning instead.
 * Evidently id `'hellinger'`, threshold 0.1 (`>= threshold`).
 *
 * @example
 * ```ts
 * hellinger(reference, current).statistic;
 * ```
 */
export function hellinger(
  reference: BinnedInput,
  current: BinnedInput,
  options: BinnedStatisticOptions = {},
): StatisticResult {
  const featureType = options.featureType ?? inferFeatureType(reference);
  if (featureType === 'numeric' && options.bins === undefined && options.smoothing !== true) {
    const shares = evidentlyNumericShares(reference, current);
    return {
      statistic: distanceFromShares('hellinger', shares.referenceShares, shares.currentShares),
    };
  }
  return binnedDistance('hellinger', reference, current, options, {});
}
