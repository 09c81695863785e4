import type { ColumnProfile, LogicalType } from '@ballast/contracts';
import {
  isArrowVectorLike,
  isNumericChunk,
  isStringChunk,
  readNumbersInto,
  StringCounter,
  stringCountMap,
} from '@ballast/kit';
import {
  type CategoricalColumn,
  type CategoricalInput,
  toCategoricalColumn,
} from '../input/categorical-column';
import { type NumericColumn, type NumericInput, toNumericColumn } from '../input/numeric-column';
import { KllSketch, upperBound } from '../sketch/kll-sketch';
import { binCounts } from './bin-counts';
import { capCategoryCounts } from './category-counts';
import { sortBatchInPlace } from './sort-batch';
import { assertValidEdges, type ProfileBinning, referenceEdges } from './histogram-edges';
import { emptyMoments, mergeMoments, type Moments, momentsOf } from './moments';
import { type ColumnSource, type PreparedColumn, prepareColumn } from './profile-input';

/**
 * Evidently treats a numeric column with at most this many distinct reference values as
 * categories when binning; a profile keeps such a column's exact value counts.
 */
export const NUMERIC_CATEGORY_LIMIT = 20;

/** Per-column settings of one profiling run. */
export interface ColumnAccumulatorOptions {
  categoryCap: number;
  sketchK: number;
  exactLimit: number;
  exactTail: number;
  seed: number;
  binning: ProfileBinning;
  edges: readonly number[] | undefined;
}

/** Index of the first element of ascending `values` not below `value`. */
function lowerBound(values: Float64Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A histogram on fixed edges, counted batch by batch on sorted values (a binary search per edge
 * instead of one per value). Values below the first edge, equal to the last and above it are
 * counted apart, so the edges can be widened to the column's range at the end exactly as
 * `binCounts` over the widened edges would count (numpy's convention: the last bin is closed).
 */
class FixedHistogram {
  private readonly inner: Float64Array;
  private below = 0;
  private atLast = 0;
  private above = 0;

  constructor(private readonly edges: Float64Array) {
    this.inner = new Float64Array(edges.length - 1);
  }

  addSorted(sorted: Float64Array): void {
    const { edges, inner } = this;
    const last = edges.length - 1;
    let previous = lowerBound(sorted, edges[0] as number);
    this.below += previous;
    for (let edge = 1; edge <= last; edge += 1) {
      const next = lowerBound(sorted, edges[edge] as number);
      inner[edge - 1] = (inner[edge - 1] as number) + next - previous;
      previous = next;
    }
    const afterLast = upperBound(sorted, edges[last] as number);
    this.atLast += afterLast - previous;
    this.above += sorted.length - afterLast;
  }

  /** Edges widened to [min, max] when the data reach beyond them, and the counts per bin. */
  finish(min: number, max: number): { edges: number[]; counts: number[] } {
    const edges = [...this.edges];
    const counts = [...this.inner];
    if (max > (edges[edges.length - 1] as number)) {
      edges.push(max);
      counts.push(this.atLast + this.above);
    } else counts[counts.length - 1] = (counts[counts.length - 1] as number) + this.atLast;
    if (min < (edges[0] as number)) {
      edges.unshift(min);
      counts.unshift(this.below);
    }
    return { edges, counts };
  }
}

/**
 * Value counts of a numeric column while it has at most {@link NUMERIC_CATEGORY_LIMIT}
 * distinct values, read from each sorted batch as runs of equal values.
 */
class DistinctValues {
  private counts: Map<number, number> | undefined = new Map();

  addSorted(sorted: Float64Array): void {
    const counts = this.counts;
    if (counts === undefined) return;
    let start = 0;
    while (start < sorted.length) {
      const value = sorted[start] as number;
      let end = start + 1;
      while (end < sorted.length && sorted[end] === value) end += 1;
      counts.set(value, (counts.get(value) ?? 0) + end - start);
      if (counts.size > NUMERIC_CATEGORY_LIMIT) {
        this.counts = undefined;
        return;
      }
      start = end;
    }
  }

  result(): Map<string, number> | undefined {
    return this.counts && new Map([...this.counts].map(([value, count]) => [String(value), count]));
  }
}

/**
 * Summarises one numeric column batch by batch: counts, moments (per batch, merged with Chan's
 * update), and — from one sorted copy of the batch — the KLL sketch (bulk update), the exact
 * values beside it, the distinct-value counts and, with fixed edges, the histogram. Memory is
 * the sketch and a few counters, whatever the number of batches.
 */
export class NumericColumnAccumulator {
  private total = 0;
  private missing = 0;
  private moments: Moments = emptyMoments();
  private readonly sketch: KllSketch;
  private readonly distinct = new DistinctValues();
  private readonly histogram: FixedHistogram | undefined;

  constructor(
    readonly name: string,
    readonly type: LogicalType,
    private readonly options: ColumnAccumulatorOptions,
  ) {
    this.sketch = KllSketch.create({
      k: options.sketchK,
      seed: options.seed,
      exactLimit: options.exactLimit,
      exactTail: options.exactTail,
    });
    if (options.edges) {
      assertValidEdges(options.edges, `edges.${name}`);
      this.histogram = new FixedHistogram(Float64Array.from(options.edges));
    }
  }

  /** Entries that were missing from the start (a batch where the column was all null). */
  addMissing(count: number): void {
    this.total += count;
    this.missing += count;
  }

  /** Adds one batch (finite values and missing count, as `toNumericColumn` gives them). */
  add(chunk: NumericColumn): void {
    this.addOwned(chunk.values.slice(), chunk.total);
  }

  /**
   * Adds one batch of any numeric input. Arrow chunks are read straight from their buffers into
   * a reused scratch array (64-bit integers from their 32-bit halves, no BigInt per row).
   */
  addInput(input: NumericInput): void {
    if (!isArrowVectorLike(input) || !input.data.every(isNumericChunk)) {
      this.add(toNumericColumn(input, this.name));
      return;
    }
    for (const chunk of input.data) {
      const scratch = scratchOf(chunk.length);
      const valid = readNumbersInto(chunk, scratch, 0, { finiteOnly: true }, this.name);
      this.addOwned(scratch.subarray(0, valid), chunk.length);
    }
  }

  // `values` belongs to the accumulator for the call: it is sorted in place.
  private addOwned(values: Float64Array, total: number): void {
    this.total += total;
    this.missing += total - values.length;
    if (values.length === 0) return;
    this.moments = mergeMoments(this.moments, momentsOf(values));
    // One sorted array feeds the sketch, the exact values, the distinct counts and the histogram.
    // Runs of at most `sortRun` values keep the sort's scratch buffers reused (no allocation per
    // batch); the sketch takes any number of runs within its error bound.
    for (let start = 0; start < values.length; start += sortRun) {
      const sorted = sortBatchInPlace(values.subarray(start, start + sortRun));
      this.sketch.updateSorted(sorted);
      this.distinct.addSorted(sorted);
      this.histogram?.addSorted(sorted);
    }
  }

  /**
   * The column's profile. Without fixed edges, `rescan` reads the column's batches again for
   * the histogram on edges derived from the whole column (`binning`).
   */
  finish(rescan?: () => Iterable<NumericColumn>): ColumnProfile {
    const { name, type, total, missing, moments, sketch } = this;
    const base = { name, type, count: total, missing };
    if (moments.count === 0) return base;
    let histogram: { edges: number[]; counts: number[] };
    if (this.histogram) histogram = this.histogram.finish(moments.min, moments.max);
    else {
      const edges = referenceEdges(sketch, this.options.binning);
      const counts = new Float64Array(edges.length - 1);
      for (const chunk of rescan?.() ?? []) binCounts(chunk.values, edges, 'drop', counts);
      histogram = { edges, counts: [...counts] };
    }
    const distinct = this.distinct.result();
    return {
      ...base,
      moments: { ...moments },
      ...(distinct === undefined
        ? {}
        : { categories: capCategoryCounts(distinct, this.options.categoryCap) }),
      quantiles: sketch.toJSON(),
      histogram,
    };
  }
}

/** Values sorted at a time (the radix sort keeps its scratch buffers up to this length). */
const sortRun = 65_536;

// One scratch buffer per thread for the values of the batch being profiled: columns are
// profiled one after the other, and nothing keeps a view of it past `addOwned`.
let scratch = new Float64Array(0);
function scratchOf(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, 2 * scratch.length));
  return scratch;
}

/**
 * Summarises one categorical (or boolean) column batch by batch: category counts. Arrow string
 * and dictionary chunks are counted on their bytes (kit's `StringCounter`: only distinct values
 * are decoded); other inputs through `toCategoricalColumn`.
 */
export class CategoricalColumnAccumulator {
  private readonly counts = new Map<string, number>();
  private strings: StringCounter | undefined;
  private total = 0;
  private missing = 0;

  constructor(
    readonly name: string,
    readonly type: LogicalType,
    private readonly options: ColumnAccumulatorOptions,
  ) {}

  /** Entries that were missing from the start (a batch where the column was all null). */
  addMissing(count: number): void {
    this.total += count;
    this.missing += count;
  }

  /** Adds one batch's category counts. */
  add(chunk: CategoricalColumn): void {
    for (const [key, count] of chunk.counts)
      this.counts.set(key, (this.counts.get(key) ?? 0) + count);
    this.total += chunk.total;
    this.missing += chunk.missing;
  }

  /** Adds one batch of any categorical input. */
  addInput(input: CategoricalInput): void {
    if (isArrowVectorLike(input) && input.data.every(isStringChunk)) {
      this.strings ??= new StringCounter();
      for (const chunk of input.data) this.strings.add(chunk, undefined, 0, this.name);
      return;
    }
    this.add(toCategoricalColumn(input, this.name));
  }

  /** The column's profile. */
  finish(): ColumnProfile {
    const { name, type, strings } = this;
    let { total, missing, counts } = this;
    if (strings) {
      const result = strings.result();
      total += result.total;
      missing += result.nulls;
      counts = new Map(counts);
      for (const [key, count] of stringCountMap(result))
        counts.set(key, (counts.get(key) ?? 0) + count);
    }
    return {
      name,
      type,
      count: total,
      missing,
      ...(counts.size > 0
        ? { categories: capCategoryCounts(counts, this.options.categoryCap) }
        : {}),
    };
  }
}

/**
 * Profiles one column chunk by chunk (one Arrow RecordBatch at a time): one pass for counts,
 * moments, the sketch, distinct values and — with fixed edges — the histogram; without them a
 * second pass counts the histogram on edges derived from the whole column.
 */
export function profileColumn(
  source: PreparedColumn,
  options: ColumnAccumulatorOptions,
): ColumnProfile {
  if (source.kind === 'categorical') {
    const accumulator = new CategoricalColumnAccumulator(source.name, source.type, options);
    for (const chunk of source.chunks()) accumulator.add(chunk);
    return accumulator.finish();
  }
  const accumulator = new NumericColumnAccumulator(source.name, source.type, options);
  for (const chunk of source.chunks()) accumulator.add(chunk);
  return accumulator.finish(() => source.chunks());
}

/**
 * {@link profileColumn} straight from an input column: Arrow chunks are read by the
 * accumulators' fast paths (numbers into a scratch buffer, strings counted on their bytes);
 * the histogram's second pass, when edges are not fixed, reads the column again.
 */
export function profileColumnSource(
  source: ColumnSource,
  options: ColumnAccumulatorOptions,
): ColumnProfile {
  if (source.kind === 'categorical') {
    const accumulator = new CategoricalColumnAccumulator(source.name, source.type, options);
    for (const chunk of source.chunks()) accumulator.addInput(chunk as CategoricalInput);
    return accumulator.finish();
  }
  const accumulator = new NumericColumnAccumulator(source.name, source.type, options);
  for (const chunk of source.chunks()) accumulator.addInput(chunk as NumericInput);
  return accumulator.finish(() => {
    const prepared = prepareColumn(source);
    return prepared.kind === 'numeric' ? prepared.chunks() : [];
  });
}
