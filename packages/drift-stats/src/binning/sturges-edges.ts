/**
 * Equal-width bin edges exactly as `numpy.histogram_bin_edges(values, bins='sturges')`
 * computes them (same floating-point steps, so the same edges): width `ptp / (log2(n) + 1)`,
 * `ceil(ptp / width)` bins, `linspace(min, max)`; a constant sample gets one bin
 * `[min - 0.5, max + 0.5]`. With `integer` (numpy on an integer dtype, numpy >= 2.1) the width
 * is at least 1, so an integer column with a small range gets one bin per unit (0..20: 20
 * bins, not 22). A range beyond 1.79e308 is halved before dividing, so edges stay finite.
 */
export function sturgesEdges(
  minimum: number,
  maximum: number,
  count: number,
  integer = false,
): Float64Array {
  let first = minimum;
  let last = maximum;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const range = maximum - minimum;
  let width =
    count === 0
      ? 0
      : Number.isFinite(range)
        ? range / (Math.log2(count) + 1)
        : (2 * (maximum / 2 - minimum / 2)) / (Math.log2(count) + 1);
  if (integer && width && width < 1) width = 1;
  const binCount = width
    ? Number.isFinite(last - first)
      ? Math.ceil((last - first) / width)
      : Math.ceil(((last / 2 - first / 2) / width) * 2)
    : 1;
  return linspaceEdges(first, last, binCount);
}

/**
 * `binCount + 1` equally spaced edges from `first` to `last` as `numpy.linspace` computes
 * them (`i * step + first`, last edge set to `last` exactly).
 */
export function linspaceEdges(first: number, last: number, binCount: number): Float64Array {
  const edges = new Float64Array(binCount + 1);
  const span = last - first;
  if (!Number.isFinite(span)) {
    // Only for ranges beyond 1.79e308 (numpy's own edges are not finite there).
    for (let index = 0; index <= binCount; index++) {
      const share = index / binCount;
      edges[index] = first * (1 - share) + last * share;
    }
    return edges;
  }
  const step = span / binCount;
  for (let index = 0; index <= binCount; index++) {
    edges[index] = step === 0 ? (index / binCount) * (last - first) + first : index * step + first;
  }
  edges[binCount] = last;
  return edges;
}
