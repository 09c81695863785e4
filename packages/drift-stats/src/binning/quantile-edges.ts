/**
 * `count + 1` edges at the reference quantiles `i / count` (numpy's default linear
 * interpolation), with duplicate edges (from ties) merged and the outer edges opened to
 * ±Infinity so every current value lands in a bin: the textbook decile PSI binning.
 */
export function quantileEdges(sorted: Float64Array, count: number): Float64Array {
  const edges: number[] = [Number.NEGATIVE_INFINITY];
  for (let index = 1; index < count; index++) {
    const edge = quantileOfSorted(sorted, index / count);
    if (edge > (edges.at(-1) as number)) edges.push(edge);
  }
  edges.push(Number.POSITIVE_INFINITY);
  return Float64Array.from(edges);
}

/**
 * The `probability` quantile of ascending `sorted`, linear interpolation between order
 * statistics (`numpy.quantile(method='linear')`).
 */
export function quantileOfSorted(sorted: Float64Array, probability: number): number {
  const position = probability * (sorted.length - 1);
  const lower = Math.floor(position);
  const fraction = position - lower;
  const below = sorted[lower] as number;
  if (fraction === 0 || lower + 1 >= sorted.length) return below;
  return below + ((sorted[lower + 1] as number) - below) * fraction;
}
