import { z } from 'zod';

/** Options of {@link ExactValues}. */
export interface ExactValuesOptions {
  /** Keep every value while the count is at most this (0: never). */
  limit: number;
  /** Once over the limit, keep this many of the smallest and of the largest values exactly. */
  tail: number;
}

/** The serialised form of {@link ExactValues} (inside a KLL sketch's `state.exact`). */
export interface SerializedExactValues {
  limit: number;
  tail: number;
  /** Every value, ascending, while the count is within `limit`. */
  values?: number[];
  /** The `tail` smallest values, ascending (once over the limit). */
  lower?: number[];
  /** The `tail` largest values, ascending (once over the limit). */
  upper?: number[];
}

/** Schema of {@link SerializedExactValues}. */
export const serializedExactValuesSchema = z.object({
  limit: z.number().int().nonnegative(),
  tail: z.number().int().nonnegative(),
  values: z.array(z.number()).optional(),
  lower: z.array(z.number()).optional(),
  upper: z.array(z.number()).optional(),
});

/**
 * Reorders `values[from..to]` so the value at `nth` is the one a full sort would put there, with
 * no larger value before it and no smaller value after it (Hoare's selection, median of three).
 */
function selectNth(values: Float64Array, nth: number, from: number, to: number): void {
  let low = from;
  let high = to;
  while (high > low) {
    const middle = (low + high) >>> 1;
    const a = values[low] as number;
    const b = values[middle] as number;
    const c = values[high] as number;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let left = low;
    let right = high;
    while (left <= right) {
      while ((values[left] as number) < pivot) left += 1;
      while ((values[right] as number) > pivot) right -= 1;
      if (left <= right) {
        const swap = values[left] as number;
        values[left] = values[right] as number;
        values[right] = swap;
        left += 1;
        right -= 1;
      }
    }
    if (nth <= right) high = right;
    else if (nth >= left) low = left;
    else return;
  }
}

function sortedUnion(left: ArrayLike<number>, right: ArrayLike<number>): Float64Array {
  const merged = new Float64Array(left.length + right.length);
  merged.set(left);
  merged.set(right, left.length);
  return merged.sort();
}

/** The `count` smallest values of two ascending lists, ascending (a merge that stops early). */
function smallestOfSorted(left: readonly number[], right: Float64Array, count: number): number[] {
  const out: number[] = [];
  let a = 0;
  let b = 0;
  while (out.length < count && (a < left.length || b < right.length)) {
    const fromLeft =
      b >= right.length || (a < left.length && (left[a] as number) <= (right[b] as number));
    out.push(fromLeft ? (left[a++] as number) : (right[b++] as number) + 0);
  }
  return out;
}

/** The `count` largest values of two ascending lists, ascending. */
function largestOfSorted(left: readonly number[], right: Float64Array, count: number): number[] {
  const out: number[] = [];
  let a = left.length - 1;
  let b = right.length - 1;
  while (out.length < count && (a >= 0 || b >= 0)) {
    const fromLeft = b < 0 || (a >= 0 && (left[a] as number) >= (right[b] as number));
    out.push(fromLeft ? (left[a--] as number) : (right[b--] as number) + 0);
  }
  return out.reverse();
}

/**
 * The exact part kept beside a quantile sketch: every value while there are few enough (then
 * drift from the profile is computed exactly), afterwards the smallest and largest `tail`
 * values, so distances that weigh the tails (Wasserstein on lognormal or Pareto data) only carry
 * the sketch's rank error between them. Mergeable: merged tails are the tails of the union.
 */
export class ExactValues {
  private all: number[] | undefined;
  private lowest: number[] = [];
  private highest: number[] = [];
  // Candidates not yet merged into the tails, flushed when they grow past a few tails.
  private pendingLow: number[] = [];
  private pendingHigh: number[] = [];
  private total = 0;

  constructor(readonly options: ExactValuesOptions) {
    this.all = options.limit > 0 ? [] : undefined;
  }

  /** Values seen. */
  get count(): number {
    return this.total;
  }

  /** True while every value is kept. */
  get isComplete(): boolean {
    return this.all !== undefined;
  }

  /** Adds finite values (the caller filters non-finite ones). */
  updateMany(values: ArrayLike<number>): void {
    let index = 0;
    const all = this.all;
    if (all !== undefined) {
      // While complete, values are only appended; the switch to tails happens once, below.
      const room = Math.min(values.length, this.options.limit - this.total);
      for (; index < room; index += 1) all.push((values[index] as number) + 0);
      this.total += room;
      if (index < values.length) this.spill(values, index);
      return;
    }
    for (; index < values.length; index += 1) this.add(values[index] as number);
    this.flush();
  }

  /**
   * Adds finite values given in ascending order: while complete as {@link updateMany}; past the
   * limit only the batch's first and last `tail` values can enter the tails, merged in linear
   * time.
   */
  updateSorted(sorted: Float64Array): void {
    if (this.all !== undefined) {
      this.updateMany(sorted);
      return;
    }
    this.total += sorted.length;
    const { tail } = this.options;
    if (tail === 0 || sorted.length === 0) return;
    this.flush();
    const take = Math.min(tail, sorted.length);
    this.lowest = smallestOfSorted(this.lowest, sorted.subarray(0, take), tail);
    this.highest = largestOfSorted(this.highest, sorted.subarray(sorted.length - take), tail);
  }

  // Past the limit: the kept values and the rest of this batch become tail candidates at once,
  // so the tails are selected by one numeric sort rather than value by value.
  private spill(values: ArrayLike<number>, from: number): void {
    const kept = this.all as number[];
    this.all = undefined;
    const candidates = new Float64Array(kept.length + values.length - from);
    candidates.set(kept);
    for (let index = from; index < values.length; index += 1) {
      candidates[kept.length + index - from] = (values[index] as number) + 0;
    }
    this.total += values.length - from;
    const { tail } = this.options;
    if (tail === 0) return;
    const size = candidates.length;
    if (size > 2 * tail) {
      // Partition around the tails (linear time), then sort only the tails themselves.
      selectNth(candidates, tail - 1, 0, size - 1);
      selectNth(candidates, size - tail, tail, size - 1);
      this.lowest = Array.from(candidates.subarray(0, tail).sort());
      this.highest = Array.from(candidates.subarray(size - tail).sort());
      return;
    }
    candidates.sort();
    this.lowest = Array.from(candidates.subarray(0, Math.min(tail, size)));
    this.highest = Array.from(candidates.subarray(Math.max(0, size - tail)));
  }

  private add(value: number): void {
    this.total += 1;
    if (this.all !== undefined) {
      if (this.total <= this.options.limit) {
        this.all.push(value + 0);
        return;
      }
      // Over the limit: the kept values seed the tails, then only the tails grow.
      const kept = this.all;
      this.all = undefined;
      this.pendingLow = this.pendingLow.concat(kept);
      this.pendingHigh = this.pendingHigh.concat(kept);
      this.flush();
    }
    const { tail } = this.options;
    if (tail === 0) return;
    const lowCut = this.lowest.length < tail ? Infinity : (this.lowest[tail - 1] as number);
    const highCut = this.highest.length < tail ? -Infinity : (this.highest[0] as number);
    if (value < lowCut) this.pendingLow.push(value + 0);
    if (value > highCut) this.pendingHigh.push(value + 0);
    if (this.pendingLow.length > 4 * tail || this.pendingHigh.length > 4 * tail) this.flush();
  }

  private flush(): void {
    const { tail } = this.options;
    // A Float64Array sorts numerically without a comparator call per pair (values are finite and
    // -0 is stored as 0, so the order is the comparator's).
    if (this.pendingLow.length > 0) {
      const merged = sortedUnion(this.lowest, this.pendingLow);
      this.lowest = Array.from(merged.subarray(0, Math.min(tail, merged.length)));
      this.pendingLow = [];
    }
    if (this.pendingHigh.length > 0) {
      const merged = sortedUnion(this.highest, this.pendingHigh);
      this.highest = Array.from(merged.subarray(Math.max(0, merged.length - tail)));
      this.pendingHigh = [];
    }
  }

  /** Every value, ascending, while complete; else undefined. */
  sortedValues(): Float64Array | undefined {
    return this.all === undefined ? undefined : Float64Array.from(this.all).sort();
  }

  /** The smallest and largest kept values, ascending (all values while complete). */
  tails(): { lower: Float64Array; upper: Float64Array } {
    const sorted = this.sortedValues();
    if (sorted) {
      const tail = Math.min(this.options.tail, sorted.length);
      return { lower: sorted.slice(0, tail), upper: sorted.slice(sorted.length - tail) };
    }
    return { lower: Float64Array.from(this.lowest), upper: Float64Array.from(this.highest) };
  }

  /** The exact values of the union of two disjoint parts (the smaller limit and tail apply). */
  merge(other: ExactValues): ExactValues {
    const options = {
      limit: Math.min(this.options.limit, other.options.limit),
      tail: Math.min(this.options.tail, other.options.tail),
    };
    const merged = new ExactValues(options);
    merged.all = undefined;
    merged.total = this.total + other.total;
    const left = this.sortedValues();
    const right = other.sortedValues();
    if (left && right && merged.total <= options.limit) {
      merged.all = Array.from(sortedUnion(left, right));
      return merged;
    }
    const first = this.tails();
    const second = other.tails();
    merged.pendingLow = [...first.lower, ...second.lower];
    merged.pendingHigh = [...first.upper, ...second.upper];
    if (options.tail === 0) {
      merged.pendingLow = [];
      merged.pendingHigh = [];
    }
    merged.flush();
    return merged;
  }

  /** The serialisable form. */
  toJSON(): SerializedExactValues {
    const { limit, tail } = this.options;
    const sorted = this.sortedValues();
    if (sorted) return { limit, tail, values: [...sorted] };
    return { limit, tail, lower: [...this.lowest], upper: [...this.highest] };
  }

  /** Rebuilds from {@link ExactValues.toJSON} output, given the sketch's count. */
  static fromJSON(serialized: SerializedExactValues, count: number): ExactValues {
    const restored = new ExactValues({ limit: serialized.limit, tail: serialized.tail });
    restored.total = count;
    if (serialized.values !== undefined && serialized.values.length === count) {
      restored.all = [...serialized.values];
    } else {
      restored.all = undefined;
      restored.lowest = [...(serialized.lower ?? [])];
      restored.highest = [...(serialized.upper ?? [])];
    }
    return restored;
  }
}
