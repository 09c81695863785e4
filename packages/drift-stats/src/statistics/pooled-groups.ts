/**
 * Walks two ascending samples in pooled order, one group of equal values at a time, calling
 * `visit(value, firstStart, firstEnd, secondStart, secondEnd)` with the index ranges of the
 * group in each sample. Returning `false` stops the walk. The shared merge of midranks,
 * Anderson–Darling and unique counts; KS and the CDF distances keep hand-inlined copies
 * because they run over millions of values.
 */
export function forEachPooledGroup(
  first: Float64Array,
  second: Float64Array,
  visit: (
    value: number,
    firstStart: number,
    firstEnd: number,
    secondStart: number,
    secondEnd: number,
  ) => boolean | undefined,
): void {
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    const value = Math.min(
      i < first.length ? (first[i] as number) : Number.POSITIVE_INFINITY,
      j < second.length ? (second[j] as number) : Number.POSITIVE_INFINITY,
    );
    const firstStart = i;
    const secondStart = j;
    while (i < first.length && first[i] === value) i++;
    while (j < second.length && second[j] === value) j++;
    if (visit(value, firstStart, i, secondStart, j) === false) return;
  }
}

/**
 * Greatest common divisor of two non-negative integers (Euclid).
 */
export function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
