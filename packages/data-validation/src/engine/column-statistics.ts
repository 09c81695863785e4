import { TWO_TO_32 } from '@ballast/kit';
import {
  type QuantileInterpolation,
  quantilesOfChunks,
  radixHistogram,
  radixThreshold,
} from '../statistics/quantile';
import { type ColumnView, type Int64Values, isPresent } from './column-view';

/** Which optional parts of {@link ColumnStatistics} a suite needs for one column. */
export interface StatisticNeeds {
  /** Keep every non-missing number, for exact median and quantiles. */
  values?: boolean;
  /** Count every distinct value exactly, for distinct-set, uniqueness and mode checks. */
  valueCounts?: boolean;
  /** Stop adding new distinct values past this many (profiling); see `distinctOverflow`. */
  maxDistinct?: number;
  /** Accumulate squared deviations (`m2`), for the standard deviation; a second pass per batch. */
  variance?: boolean;
  /**
   * Most numbers `values` may keep; past it they are all dropped and `retentionExceeded` is
   * set, so memory stays bounded and the exact statistics that needed them fail openly.
   */
  maxRetained?: number;
}

/**
 * Mergeable statistics of one column: counts, Welford/Chan moments, min/max/sum and, when a
 * suite asks for them, exact value counts and retained values. Computed once per batch and
 * merged, so a stream is summarised without holding its rows (retained values excepted:
 * exact medians and quantiles cost 8 bytes per non-missing number of the column, up to
 * `needs.maxRetained`).
 */
export class ColumnStatistics {
  /** Rows seen, including missing. */
  count = 0;
  /** Null rows. */
  nullCount = 0;
  /** NaN rows of float columns (missing, as pandas treats them). */
  nanCount = 0;
  /** Non-missing numeric values summarised by the moments. */
  numericCount = 0;
  mean = 0;
  /** Sum of squared deviations from the mean (Welford). */
  m2 = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** Exact value counts, when requested. */
  valueCounts: Map<unknown, number> | undefined;
  /** True when more distinct values were seen than `needs.maxDistinct` allowed to keep. */
  distinctOverflow = false;
  /** True when more numbers arrived than `needs.maxRetained` allowed to keep (none are kept). */
  retentionExceeded = false;
  /** Retained numbers, one chunk per batch, concatenated only when quantiles are read. */
  private retained: Float64Array[] | undefined;
  private retainedLength = 0;
  /** Radix counts of the retained numbers, kept until more arrive. */
  private histogram: Uint32Array | undefined;

  constructor(readonly needs: StatisticNeeds = {}) {
    if (needs.valueCounts) this.valueCounts = new Map();
    if (needs.values) this.retained = [];
  }

  /** Missing values: nulls plus NaN. */
  get missingCount(): number {
    return this.nullCount + this.nanCount;
  }

  /** Sample standard deviation (ddof = 1), as pandas' `Series.std()`; needs `variance`. */
  get standardDeviation(): number {
    return this.numericCount > 1 ? Math.sqrt(this.m2 / (this.numericCount - 1)) : Number.NaN;
  }

  /** A copy of the retained numbers, in arrival order. */
  retainedValues(): Float64Array {
    const all = new Float64Array(this.retainedLength);
    let offset = 0;
    for (const chunk of this.retained ?? []) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return all;
  }

  /**
   * Exact quantiles of the retained numbers (numpy definitions), read from the retained
   * chunks in place (see `quantilesOfChunks`), so asking for several costs no copy.
   */
  quantiles(qs: readonly number[], interpolation: QuantileInterpolation): number[] {
    if (this.retentionExceeded)
      throw new Error('the retained values were dropped past needs.maxRetained');
    const chunks = this.retained ?? [];
    // A median and quantiles of one column share the first (counting) pass.
    if (this.retainedLength >= radixThreshold) this.histogram ??= radixHistogram(chunks);
    return quantilesOfChunks(chunks, qs, interpolation, this.histogram);
  }

  private enforceRetentionLimit(): void {
    if (!this.retentionExceeded && this.retainedLength <= (this.needs.maxRetained ?? Infinity))
      return;
    this.retentionExceeded = true;
    this.retained = undefined;
    this.retainedLength = 0;
    this.histogram = undefined;
  }

  private countValue(value: unknown, times = 1): void {
    const counts = this.valueCounts;
    if (!counts) return;
    const current = counts.get(value);
    if (
      current === undefined &&
      counts.size >= (this.needs.maxDistinct ?? Number.POSITIVE_INFINITY)
    ) {
      this.distinctOverflow = true;
      return;
    }
    counts.set(value, (current ?? 0) + times);
  }

  /** Adds one batch of the column; rows a row condition excluded from the view are left out. */
  observe(view: ColumnView): void {
    this.count += view.length - view.excludedCount;
    this.nullCount += view.nullCount - view.excludedCount;
    if (view.kind === 'number') {
      this.observeNumbers(view);
      return;
    }
    if (view.kind === 'dictionary') {
      if (!this.valueCounts) return;
      const perEntry = view.entryCounts();
      for (let entry = 0; entry < perEntry.length; entry++) {
        if (perEntry[entry]! > 0) this.countValue(view.entries[entry], perEntry[entry]);
      }
      return;
    }
    if (!this.valueCounts) return;
    if (view.kind === 'utf8') {
      // Counted on the bytes: only distinct values are decoded.
      const distinct = view.distinct('always')!;
      const counts = view.distinctCounts(distinct);
      for (let id = 0; id < counts.length; id++)
        if (counts[id]! > 0) this.countValue(distinct.values[id], counts[id]);
      return;
    }
    for (let index = 0; index < view.length; index++) {
      if (isPresent(view, index)) this.countValue(keyOf(view.valueAt(index)));
    }
  }

  /**
   * Two passes over the batch: counts, sum, min, max (and retained values) first, then, when
   * the variance is needed, the squared deviations from the batch mean; batches are combined
   * with Chan's formula. This avoids a division per value (Welford) and is at least as
   * accurate.
   */
  private observeNumbers(view: Extract<ColumnView, { kind: 'number' }>): void {
    const { validity, validityOffset, length, int64 } = view;
    if (int64 !== undefined && !this.valueCounts && !this.retained) {
      // 64-bit integers summed on their halves, in place: no float64 copy of the batch.
      const summary = summariseInt64(int64, length, validity, validityOffset);
      const mean = summary.count === 0 ? 0 : summary.sum / summary.count;
      const m2 = this.needs.variance
        ? squaredDeviationsInt64(int64, length, validity, validityOffset, mean)
        : 0;
      view.nanCount = 0;
      this.mergeMoments(summary.count, mean, m2, summary.sum, summary.min, summary.max);
      return;
    }
    const { values } = view;
    const chunk = this.retained ? new Float64Array(length) : undefined;
    // Each case is its own small function, so V8 keeps the hot loops tight.
    const { count, sum, min, max, nan } = this.valueCounts
      ? this.summariseCounting(view, chunk)
      : validity === null
        ? summariseDense(values, length, chunk)
        : summariseWithNulls(values, length, validity, validityOffset, chunk);
    const mean = count === 0 ? 0 : sum / count;
    const m2 = this.needs.variance
      ? squaredDeviations(values, length, validity, validityOffset, mean)
      : 0;
    if (chunk && count > 0) {
      this.histogram = undefined;
      this.retained!.push(count === length ? chunk : chunk.subarray(0, count));
      this.retainedLength += count;
      this.enforceRetentionLimit();
    }
    this.nanCount += nan;
    view.nanCount = nan;
    this.mergeMoments(count, mean, m2, sum, min, max);
  }

  /** The general loop, also counting every value exactly. */
  private summariseCounting(
    view: Extract<ColumnView, { kind: 'number' }>,
    chunk: Float64Array | undefined,
  ): NumericSummary {
    const { values, validity, validityOffset, length } = view;
    const summary = emptySummary();
    for (let index = 0; index < length; index++) {
      if (validity !== null) {
        const bit = validityOffset + index;
        if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
      }
      const value = values[index] as number;
      if (Number.isNaN(value)) {
        summary.nan++;
        continue;
      }
      if (chunk) chunk[summary.count] = value;
      summary.count++;
      summary.sum += value;
      if (value < summary.min) summary.min = value;
      if (value > summary.max) summary.max = value;
      this.countValue(value);
    }
    return summary;
  }

  private mergeMoments(
    count: number,
    mean: number,
    m2: number,
    sum: number,
    min: number,
    max: number,
  ): void {
    if (count === 0) return;
    const total = this.numericCount + count;
    const delta = mean - this.mean;
    this.m2 += m2 + (delta * delta * this.numericCount * count) / total;
    this.mean += (delta * count) / total;
    this.numericCount = total;
    this.sum += sum;
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  /** Folds `other` (statistics of other batches or partitions) into this one (Chan et al.). */
  merge(other: ColumnStatistics): this {
    this.count += other.count;
    this.nullCount += other.nullCount;
    this.nanCount += other.nanCount;
    this.mergeMoments(other.numericCount, other.mean, other.m2, other.sum, other.min, other.max);
    this.distinctOverflow ||= other.distinctOverflow;
    if (this.valueCounts && other.valueCounts) {
      for (const [value, times] of other.valueCounts) this.countValue(value, times);
    }
    if (this.retained && other.retained) {
      this.histogram = undefined;
      this.retained.push(...other.retained);
      this.retainedLength += other.retainedLength;
    }
    if (other.retentionExceeded) this.retentionExceeded = true;
    this.enforceRetentionLimit();
    return this;
  }
}

/** Count, sum, min, max and NaN count of one batch of numbers. */
interface NumericSummary {
  count: number;
  sum: number;
  min: number;
  max: number;
  nan: number;
}

function emptySummary(): NumericSummary {
  return {
    count: 0,
    sum: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    nan: 0,
  };
}

/** A batch with no nulls; the retained copy (`chunk`) is made natively when there is no NaN. */
function summariseDense(
  values: ArrayLike<number>,
  length: number,
  chunk: Float64Array | undefined,
): NumericSummary {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nan = 0;
  for (let index = 0; index < length; index++) {
    const value = values[index] as number;
    if (Number.isNaN(value)) {
      nan++;
      continue;
    }
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (chunk && nan === 0 && ArrayBuffer.isView(values)) {
    // The Arrow buffer may run past this batch's rows.
    chunk.set((values as unknown as Float64Array).subarray(0, length));
  } else if (chunk && nan === 0) {
    for (let index = 0; index < length; index++) chunk[index] = values[index] as number;
  } else if (chunk) {
    let kept = 0;
    for (let index = 0; index < length; index++) {
      const value = values[index] as number;
      if (!Number.isNaN(value)) chunk[kept++] = value;
    }
  }
  return { count: length - nan, sum, min, max, nan };
}

/** A batch with nulls: present values only. */
function summariseWithNulls(
  values: ArrayLike<number>,
  length: number,
  validity: Uint8Array,
  validityOffset: number,
  chunk: Float64Array | undefined,
): NumericSummary {
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nan = 0;
  for (let index = 0; index < length; index++) {
    const bit = validityOffset + index;
    if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    const value = values[index] as number;
    if (Number.isNaN(value)) {
      nan++;
      continue;
    }
    if (chunk) chunk[count] = value;
    count++;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { count, sum, min, max, nan };
}

/**
 * Count, sum, min and max of a batch stored as 64-bit integers, read from their halves: the
 * same doubles, summed in the same order, as the float64 loops give.
 */
function summariseInt64(
  int64: Int64Values,
  length: number,
  validity: Uint8Array | null,
  validityOffset: number,
): NumericSummary {
  const { lo, hi, scale } = int64;
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  if (validity === null) {
    if (hi instanceof Int32Array && scale === 1) {
      const small = summariseInt32Words(hi, length);
      if (small !== undefined) return small;
    }
    // No NaN and no -0 can come out of the halves, so Math.min/max agree with `<` and `>`, and
    // V8 compiles them without a branch.
    for (let index = 0; index < length; index++) {
      const value = ((hi[2 * index + 1] as number) * TWO_TO_32 + (lo[2 * index] as number)) * scale;
      sum += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    return { count: length, sum, min, max, nan: 0 };
  }
  for (let index = 0; index < length; index++) {
    const bit = validityOffset + index;
    if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    const value = ((hi[2 * index + 1] as number) * TWO_TO_32 + (lo[2 * index] as number)) * scale;
    count++;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { count, sum, min, max, nan: 0 };
}

/**
 * {@link summariseInt64} of a null-free int64 batch whose values all fit in 32 bits (checked as
 * it goes: each high word must be its low word's sign), on the low words alone, in the same
 * order; `undefined` when one does not fit.
 */
function summariseInt32Words(words: Int32Array, length: number): NumericSummary | undefined {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let misfit = 0;
  for (let index = 0; index < length; index++) {
    const word = words[2 * index] as number;
    misfit |= (words[2 * index + 1] as number) ^ (word >> 31);
    sum += word;
    min = Math.min(min, word);
    max = Math.max(max, word);
  }
  return misfit === 0 ? { count: length, sum, min, max, nan: 0 } : undefined;
}

/** {@link squaredDeviations} of a batch stored as 64-bit integers, on their halves. */
function squaredDeviationsInt64(
  int64: Int64Values,
  length: number,
  validity: Uint8Array | null,
  validityOffset: number,
  mean: number,
): number {
  const { lo, hi, scale } = int64;
  let m2 = 0;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const deviation =
      ((hi[2 * index + 1] as number) * TWO_TO_32 + (lo[2 * index] as number)) * scale - mean;
    m2 += deviation * deviation;
  }
  return m2;
}

/** Sum of squared deviations from `mean` over the present, non-NaN values. */
function squaredDeviations(
  values: ArrayLike<number>,
  length: number,
  validity: Uint8Array | null,
  validityOffset: number,
  mean: number,
): number {
  let m2 = 0;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const deviation = (values[index] as number) - mean;
    // NaN deviations come from NaN values, which are missing.
    if (!Number.isNaN(deviation)) m2 += deviation * deviation;
  }
  return m2;
}

/** A Map key for a value: structs and lists are keyed by their JSON text. */
export function keyOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
}
