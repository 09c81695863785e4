/** numpy / pandas quantile interpolation methods that Great Expectations passes through. */
export type QuantileInterpolation = 'nearest' | 'linear' | 'lower' | 'higher' | 'midpoint';

/** Rounds half to even, as numpy's `around` (used by its `nearest` method) does. */
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The ranks (0-based positions in sorted order) that quantile `q` of `count` values reads. */
function ranksFor(count: number, q: number, interpolation: QuantileInterpolation): number[] {
  const position = (count - 1) * q;
  if (interpolation === 'nearest') return [Math.min(roundHalfToEven(position), count - 1)];
  return [Math.floor(position), Math.min(Math.ceil(position), count - 1)];
}

function quantileFromRanks(
  count: number,
  q: number,
  interpolation: QuantileInterpolation,
  at: (rank: number) => number,
): number {
  if (count === 0) return Number.NaN;
  const position = (count - 1) * q;
  const [first, second] = ranksFor(count, q, interpolation) as [number, number | undefined];
  if (interpolation === 'nearest') return at(first);
  const lower = at(first);
  const upper = at(second ?? first);
  switch (interpolation) {
    case 'lower':
      return lower;
    case 'higher':
      return upper;
    case 'midpoint':
      return (lower + upper) / 2;
    default:
      return lower + (upper - lower) * (position - first);
  }
}

/**
 * The `q` quantile of ascending-sorted `sorted`, with numpy's definitions over the virtual
 * index `h = (n - 1) * q`: `linear` interpolates between `x[floor(h)]` and `x[ceil(h)]`,
 * `lower`/`higher` take those neighbours, `midpoint` their mean, and `nearest` takes
 * `x[round_half_even(h)]`. Great Expectations' pandas backend defaults to `nearest`.
 *
 * @example
 * ```ts
 * quantileOfSorted(Float64Array.of(1, 2, 3, 4), 0.5, 'linear'); // 2.5
 * ```
 */
export function quantileOfSorted(
  sorted: ArrayLike<number>,
  q: number,
  interpolation: QuantileInterpolation = 'nearest',
): number {
  return quantileFromRanks(sorted.length, q, interpolation, rank => sorted[rank] as number);
}

function swap(values: Float64Array, left: number, right: number): void {
  const held = values[left]!;
  values[left] = values[right]!;
  values[right] = held;
}

/**
 * Moves the `rank`-th smallest value of `values[left, right]` (inclusive, no NaN) to position
 * `rank`, smaller-or-equal values left of it and greater-or-equal right (Floyd–Rivest). On a
 * large range it first selects within a small sample around the expected position, so the
 * final partition needs about n + min(rank, n - rank) comparisons instead of quickselect's ~3n.
 */
function select(values: Float64Array, rank: number, from: number, to: number): void {
  let left = from;
  let right = to;
  while (right > left) {
    if (right - left > 600) {
      const size = right - left + 1;
      const position = rank - left + 1;
      const logarithm = Math.log(size);
      const sample = 0.5 * Math.exp((2 * logarithm) / 3);
      const deviation =
        0.5 *
        Math.sqrt((logarithm * sample * (size - sample)) / size) *
        (position - size / 2 < 0 ? -1 : 1);
      select(
        values,
        rank,
        Math.max(left, Math.floor(rank - (position * sample) / size + deviation)),
        Math.min(right, Math.floor(rank + ((size - position) * sample) / size + deviation)),
      );
    }
    const pivot = values[rank]!;
    let i = left;
    let j = right;
    swap(values, left, rank);
    if (values[right]! > pivot) swap(values, left, right);
    while (i < j) {
      swap(values, i, j);
      i++;
      j--;
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
    }
    if (values[left] === pivot) swap(values, left, j);
    else {
      j++;
      swap(values, j, right);
    }
    if (j <= rank) left = j + 1;
    if (rank <= j) right = j - 1;
  }
}

/** Moves NaN to the end of `values` and returns the part before them (pandas skips NaN). */
function withoutNaN(values: Float64Array): Float64Array {
  let kept = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (Number.isNaN(value)) continue;
    if (kept !== index) {
      values[index] = values[kept]!;
      values[kept] = value;
    }
    kept++;
  }
  return kept === values.length ? values : values.subarray(0, kept);
}

/**
 * Several quantiles of unsorted values in expected linear time: the ranks they need are found
 * by Floyd–Rivest selection, in ascending order, each within the part of the array right of
 * the previous one. NaN values are skipped, as pandas does. `values` is reordered in place
 * (NaN moved to the end), so calling again on the same array stays correct and gets cheaper.
 * Same definitions as {@link quantileOfSorted}.
 *
 * @example
 * ```ts
 * quantilesOf(Float64Array.of(4, 1, 3, 2), [0.5], 'linear'); // [2.5]
 * ```
 */
export function quantilesOf(
  input: Float64Array,
  qs: readonly number[],
  interpolation: QuantileInterpolation = 'nearest',
): number[] {
  const values = withoutNaN(input);
  const count = values.length;
  if (count === 0) return qs.map(() => Number.NaN);
  const ranks = [...new Set(qs.flatMap(q => ranksFor(count, q, interpolation)))].sort(
    (left, right) => left - right,
  );
  const found = new Map<number, number>();
  let previous = -1;
  for (const rank of ranks) {
    if (previous >= 0 && rank === previous + 1) {
      // The next rank is the minimum of everything right of the previous one: one scan.
      let minimum = rank;
      for (let index = rank + 1; index < count; index++)
        if (values[index]! < values[minimum]!) minimum = index;
      swap(values, rank, minimum);
    } else {
      select(values, rank, Math.max(previous, 0), count - 1);
    }
    found.set(rank, values[rank]!);
    previous = rank;
  }
  return qs.map(q => quantileFromRanks(count, q, interpolation, rank => found.get(rank)!));
}

/**
 * The median as pandas computes it: the mean of the two middle values for even counts.
 * `values` is reordered in place.
 *
 * @example
 * ```ts
 * medianOf(Float64Array.of(3, 1, 4, 2)); // 2.5
 * ```
 */
export function medianOf(values: Float64Array): number {
  return quantilesOf(values, [0.5], 'linear')[0]!;
}
