import { blockSum } from '../statistics/compensated-sum';
import { linspaceEdges } from './sturges-edges';

/**
 * Equal-width edges over the range of `sorted` with Doane's bin count, as
 * `numpy.histogram_bin_edges(values, bins='doane')` computes them (NannyML bins its
 * reference this way): width `ptp / (1 + log2 n + log2(1 + |g1| / σ_g1))` with the sample
 * skewness g1; a constant sample gets one bin `[min − 0.5, max + 0.5]`.
 */
export function doaneEdges(sorted: Float64Array): Float64Array {
  const count = sorted.length;
  let first = sorted[0] as number;
  let last = sorted[count - 1] as number;
  const range = last - first;
  let width = 0;
  if (count > 2) {
    const skewnessError = Math.sqrt((6 * (count - 2)) / ((count + 1) * (count + 3)));
    const mean = blockSum(sorted) / count;
    const deviation = Math.sqrt(blockSum(sorted, value => (value - mean) ** 2) / count);
    if (deviation > 0) {
      const skewness = blockSum(sorted, value => ((value - mean) / deviation) ** 3) / count;
      width = range / (1 + Math.log2(count) + Math.log2(1 + Math.abs(skewness) / skewnessError));
    }
  }
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  return linspaceEdges(first, last, width ? Math.ceil((last - first) / width) : 1);
}
