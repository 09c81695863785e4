import type { ColumnProfile } from '@ballast/contracts';
import type { ProfileStatistic } from '../methods/drift-method';
import type { KllSketch } from '../sketch/kll-sketch';
import { populationStandardDeviation } from './moments';

/**
 * Walks the step CDFs of a reference sketch and a sorted current sample over every point where
 * either jumps, calling `visit(x, nextX, referenceCdf, currentCdf)` for each segment [x, nextX).
 */
function walkDistributionFunctions(
  sketch: KllSketch,
  currentSorted: Float64Array,
  visit: (point: number, nextPoint: number, referenceCdf: number, currentCdf: number) => void,
): void {
  const { values, cumulativeWeights } = sketch.sortedView();
  const referenceTotal = sketch.count;
  const currentTotal = currentSorted.length;
  let referenceIndex = 0;
  let currentIndex = 0;
  let point = Math.min(values[0] ?? Infinity, currentSorted[0] ?? Infinity);
  while (point !== Infinity) {
    while (referenceIndex < values.length && (values[referenceIndex] as number) <= point)
      referenceIndex += 1;
    while (currentIndex < currentTotal && (currentSorted[currentIndex] as number) <= point)
      currentIndex += 1;
    const referenceCdf =
      referenceIndex === 0 ? 0 : (cumulativeWeights[referenceIndex - 1] as number) / referenceTotal;
    const nextPoint = Math.min(
      values[referenceIndex] ?? Infinity,
      currentSorted[currentIndex] ?? Infinity,
    );
    visit(point, nextPoint, referenceCdf, currentIndex / currentTotal);
    point = nextPoint;
  }
}

/**
 * The two-sample Kolmogorov–Smirnov statistic D between a reference known only through its KLL
 * sketch and an exact, sorted current sample. Because the sketch's CDF is within
 * `sketch.rankError` of the reference's everywhere (99% confidence), the result is within that
 * same bound of the exact D; it is exact while the sketch is exact.
 */
export function ksStatisticFromSketch(sketch: KllSketch, currentSorted: Float64Array): number {
  let statistic = 0;
  walkDistributionFunctions(sketch, currentSorted, (_point, _next, referenceCdf, currentCdf) => {
    const gap = Math.abs(referenceCdf - currentCdf);
    if (gap > statistic) statistic = gap;
  });
  return statistic;
}

/**
 * The first Wasserstein distance ∫|F_ref − F_cur| between a sketched reference and a sorted
 * current sample (scipy's `wasserstein_distance` formula). The sketch's CDF error is at most
 * `rankError` and vanishes outside the exact [min, max] it keeps, so the result is within
 * `rankError × (max − min)` of the exact distance.
 */
export function wassersteinFromSketch(sketch: KllSketch, currentSorted: Float64Array): number {
  let distance = 0;
  walkDistributionFunctions(sketch, currentSorted, (point, nextPoint, referenceCdf, currentCdf) => {
    if (nextPoint !== Infinity)
      distance += Math.abs(referenceCdf - currentCdf) * (nextPoint - point);
  });
  return distance;
}

/**
 * Evidently's normed Wasserstein distance between a profiled reference and a sorted current
 * sample: the sketch distance divided by the reference's population standard deviation
 * (floored at 0.001), with its error bound `rankError × (max − min) / norm`.
 */
export function wassersteinFromProfile(
  sketch: KllSketch,
  currentSorted: Float64Array,
  column: ColumnProfile,
): ProfileStatistic {
  const moments = column.moments as NonNullable<ColumnProfile['moments']>;
  const norm = Math.max(populationStandardDeviation(moments), 0.001);
  return {
    statistic: wassersteinFromSketch(sketch, currentSorted) / norm,
    errorBound: (sketch.rankError * (sketch.max - sketch.min)) / norm,
  };
}
