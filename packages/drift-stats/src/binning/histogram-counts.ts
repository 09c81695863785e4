import { searchSorted } from './search-sorted';

/**
 * Counts of ascending `sorted` values per bin, with `numpy.histogram(values, edges)`
 * semantics: bins are `[edge_i, edge_i+1)` except the last, which includes its right edge;
 * values outside `[edges[0], edges[last]]` are not counted.
 */
export function histogramCounts(sorted: Float64Array, edges: ArrayLike<number>): Float64Array {
  const binCount = edges.length - 1;
  const counts = new Float64Array(binCount);
  let previous = searchSorted(sorted, edges[0] as number, 'left');
  for (let bin = 0; bin < binCount; bin++) {
    const isLast = bin === binCount - 1;
    const next = searchSorted(
      sorted,
      edges[bin + 1] as number,
      isLast ? 'right' : 'left',
      previous,
    );
    counts[bin] = next - previous;
    previous = next;
  }
  return counts;
}
