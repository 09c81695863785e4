/**
 * Counts of `values` per bin of ascending `edges`, with numpy's convention: bin i holds
 * edges[i] <= x < edges[i + 1], and the last bin also holds x == the last edge.
 *
 * With `outOfRange: 'count'` the result has two more entries — values below the first edge
 * first, values above the last edge last — so data outside a reference range is never silently
 * dropped; with `'drop'` (numpy's behaviour) those values are not counted.
 */
export function binCounts(
  values: Float64Array,
  edges: readonly number[],
  outOfRange: 'drop' | 'count',
  into?: Float64Array,
): Float64Array {
  const binCount = edges.length - 1;
  const extra = outOfRange === 'count' ? 1 : 0;
  const counts = into ?? new Float64Array(binCount + 2 * extra);
  const first = edges[0] as number;
  const last = edges[binCount] as number;
  const edgeArray = Float64Array.from(edges);
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] as number;
    if (value < first) {
      if (extra) counts[0] = (counts[0] as number) + 1;
      continue;
    }
    if (value > last) {
      if (extra) counts[binCount + 1] = (counts[binCount + 1] as number) + 1;
      continue;
    }
    // Binary search for the last edge <= value; the closing edge belongs to the last bin.
    let low = 0;
    let high = binCount;
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if ((edgeArray[middle] as number) <= value) low = middle;
      else high = middle;
    }
    const bin = low + extra;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts;
}
