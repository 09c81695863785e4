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
 * Moves the values of the given ascending ranks into place, each selected within the part of
 * the array right of the previous one, and returns them by rank.
 */
function selectRanks(values: Float64Array, ranks: readonly number[]): Map<number, number> {
  const found = new Map<number, number>();
  let previous = -1;
  for (const rank of ranks) {
    if (previous >= 0 && rank === previous + 1) {
      // The next rank is the minimum of everything right of the previous one: one scan.
      let minimum = rank;
      for (let index = rank + 1; index < values.length; index++)
        if (values[index]! < values[minimum]!) minimum = index;
      swap(values, rank, minimum);
    } else if (rank !== previous) {
      select(values, rank, Math.max(previous, 0), values.length - 1);
    }
    found.set(rank, values[rank]!);
    previous = rank;
  }
  return found;
}

function sortedRanks(
  count: number,
  qs: readonly number[],
  interpolation: QuantileInterpolation,
): number[] {
  return [...new Set(qs.flatMap(q => ranksFor(count, q, interpolation)))].sort(
    (left, right) => left - right,
  );
}

/**
 * Several quantiles of unsorted values in expected linear time: the ranks they need are found
 * by Floyd–Rivest selection, in ascending order, each within the part of the array right of
 * the previous one. NaN values are skipped, as pandas does. `values` is reordered in place
 * (NaN moved to the end), so calling again on the same array stays correct and gets cheaper.
 * Same definitions as {@link quantileOfSorted}.
 */
export function quantilesOf(
  input: Float64Array,
  qs: readonly number[],
  interpolation: QuantileInterpolation = 'nearest',
): number[] {
  const values = withoutNaN(input);
  const count = values.length;
  if (count === 0) return qs.map(() => Number.NaN);
  const found = selectRanks(values, sortedRanks(count, qs, interpolation));
  return qs.map(q => quantileFromRanks(count, q, interpolation, rank => found.get(rank)!));
}

// Buckets of the radix pass: the top 16 bits of a double's order-preserving key (sign,
// exponent and 4 mantissa bits), so a bucket spans 1/16 of a binade.
const bucketBits = 16;
const bucketCount = 2 ** bucketBits;
// Below this many values one selection over a copy is cheaper than two passes.
export const radixThreshold = 1 << 14;
const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The high 32 bits of each double of `chunk`, as a strided view (little-endian: odd words). */
function highWords(chunk: Float64Array): Uint32Array {
  return new Uint32Array(chunk.buffer, chunk.byteOffset, chunk.length * 2);
}

/**
 * Counts NaN-free numbers per radix bucket (the top 16 bits of their order-preserving key),
 * the first pass of {@link quantilesOfChunks}; callers asking for quantiles of the same
 * numbers more than once may keep it and pass it back.
 */
export function radixHistogram(chunks: readonly Float64Array[]): Uint32Array {
  const histogram = new Uint32Array(bucketCount);
  for (const chunk of chunks) {
    const words = highWords(chunk);
    for (let index = 1; index < words.length; index += 2) {
      const high = words[index]!;
      // Flip the sign bit of positives and every bit of negatives: keys then sort as numbers.
      histogram[(high ^ ((high >> 31) | 0x80000000)) >>> bucketBits]!++;
    }
  }
  return histogram;
}

/**
 * Exact order statistics (0-based ranks in ascending order) of numbers held in chunks, without
 * concatenating or reordering them. A first pass counts the values per bucket of their top
 * 16 key bits, which places every wanted rank in one bucket; a second pass copies only those
 * buckets' values out, and selection runs on these small copies. Two sequential passes cost
 * less than selection's data-dependent swaps over the whole column. The chunks must hold no NaN.
 */
function orderStatistics(
  chunks: readonly Float64Array[],
  ranks: readonly number[],
  histogram: Uint32Array,
): Map<number, number> {
  // Which bucket each rank falls in, and its rank among that bucket's values.
  const slotOfBucket = new Int32Array(bucketCount).fill(-1);
  const slots: Array<{ firstRank: number; values: Float64Array; filled: number }> = [];
  const placements: Array<{ rank: number; slot: number }> = [];
  let bucket = 0;
  let before = 0;
  for (const rank of ranks) {
    while (before + histogram[bucket]! <= rank) before += histogram[bucket++]!;
    if (slotOfBucket[bucket] === -1) {
      slotOfBucket[bucket] = slots.length;
      slots.push({ firstRank: before, values: new Float64Array(histogram[bucket]!), filled: 0 });
    }
    placements.push({ rank, slot: slotOfBucket[bucket]! });
  }
  for (const chunk of chunks) {
    const words = highWords(chunk);
    for (let index = 0; index < chunk.length; index++) {
      const high = words[2 * index + 1]!;
      const slot = slotOfBucket[(high ^ ((high >> 31) | 0x80000000)) >>> bucketBits]!;
      if (slot >= 0) {
        const target = slots[slot]!;
        target.values[target.filled++] = chunk[index]!;
      }
    }
  }
  const found = new Map<number, number>();
  slots.forEach((target, slot) => {
    const local = placements
      .filter(placement => placement.slot === slot)
      .map(placement => placement.rank - target.firstRank);
    for (const [rank, value] of selectRanks(target.values, local))
      found.set(rank + target.firstRank, value);
  });
  return found;
}

/**
 * Quantiles of NaN-free numbers held in chunks (one per batch), exact, with the definitions
 * of {@link quantileOfSorted}. Large inputs go through a two-pass radix count that leaves the
 * chunks untouched (`histogram`, from {@link radixHistogram}, saves the first pass when the same
 * numbers are asked again); small ones are copied and selected.
 */
export function quantilesOfChunks(
  chunks: readonly Float64Array[],
  qs: readonly number[],
  interpolation: QuantileInterpolation = 'nearest',
  histogram?: Uint32Array,
): number[] {
  const count = chunks.reduce((total, chunk) => total + chunk.length, 0);
  if (count === 0) return qs.map(() => Number.NaN);
  const ranks = sortedRanks(count, qs, interpolation);
  let found: Map<number, number>;
  if (count < radixThreshold || !littleEndian) {
    const all = new Float64Array(count);
    let offset = 0;
    for (const chunk of chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    found = selectRanks(all, ranks);
  } else {
    found = orderStatistics(chunks, ranks, histogram ?? radixHistogram(chunks));
  }
  return qs.map(q => quantileFromRanks(count, q, interpolation, rank => found.get(rank)!));
}

/**
 * The median as pandas computes it: the mean of the two middle values for even counts.
 * `values` is reordered in place.
 */
export function medianOf(values: Float64Array): number {
  return quantilesOf(values, [0.5], 'linear')[0]!;
}
