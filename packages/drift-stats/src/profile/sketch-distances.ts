import type { KllSketch } from '../sketch/kll-sketch';

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
 *
 * @example
 * ```ts
 * ksStatisticFromSketch(KllSketch.fromJSON(column.quantiles), sortFloat64(currentValues));
 * ```
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
 *
 * @example
 * ```ts
 * wassersteinFromSketch(sketch, sortFloat64(currentValues));
 * ```
 */
export function wassersteinFromSketch(sketch: KllSketch, currentSorted: Float64Array): number {
  let distance = 0;
  walkDistributionFunctions(sketch, currentSorted, (point, nextPoint, referenceCdf, currentCdf) => {
    if (nextPoint !== Infinity)
      distance += Math.abs(referenceCdf - currentCdf) * (nextPoint - point);
  });
  return distance;
}
