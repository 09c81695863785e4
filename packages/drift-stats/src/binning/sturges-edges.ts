/**
 * Equal-width bin edges exactly as `numpy.histogram_bin_edges(values, bins='sturges')`
 * computes them (same floating-point steps, so the same edges): width `ptp / (log2(n) + 1)`,
 * `ceil(ptp / width)` bins, `linspace(min, max)`; a constant sample gets one bin
 * `[min - 0.5, max + 0.5]`.
 */
export function sturgesEdges(minimum: number, maximum: number, count: number): Float64Array {
  let first = minimum;
  let last = maximum;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const width = count === 0 ? 0 : (maximum - minimum) / (Math.log2(count) + 1);
  const binCount = width ? Math.ceil((last - first) / width) : 1;
  return linspaceEdges(first, last, binCount);
}

/**
 * `binCount + 1` equally spaced edges from `first` to `last` as `numpy.linspace` computes
 * them (`i * step + first`, last edge set to `last` exactly).
 */
export function linspaceEdges(first: number, last: number, binCount: number): Float64Array {
  const edges = new Float64Array(binCount + 1);
  const step = (last - first) / binCount;
  for (let index = 0; index <= binCount; index++) {
    edges[index] = step === 0 ? (index / binCount) * (last - first) + first : index * step + first;
  }
  edges[binCount] = last;
  return edges;
}
