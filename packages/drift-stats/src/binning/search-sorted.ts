/**
 * First index in ascending `sorted` whose value is `>= value` (`side: 'left'`) or
 * `> value` (`side: 'right'`), as `numpy.searchsorted`.
 */
export function searchSorted(
  sorted: Float64Array,
  value: number,
  side: 'left' | 'right',
  low = 0,
): number {
  let lower = low;
  let upper = sorted.length;
  if (side === 'left') {
    while (lower < upper) {
      const middle = (lower + upper) >>> 1;
      if ((sorted[middle] as number) < value) lower = middle + 1;
      else upper = middle;
    }
  } else {
    while (lower < upper) {
      const middle = (lower + upper) >>> 1;
      if ((sorted[middle] as number) <= value) lower = middle + 1;
      else upper = middle;
    }
  }
  return lower;
}
