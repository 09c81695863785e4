import { InvalidInputError } from '@ballast/contracts';
import {
  type CategoricalColumn,
  type CategoricalInput,
  toCategoricalColumn,
} from '../input/categorical-column';
import { type NumericSampleInput, prepareSample, type SortedSample } from '../input/sorted-sample';
import { doaneEdges } from './doane-edges';
import { fillEmptyShares } from './fill-empty-shares';
import { histogramCounts } from './histogram-counts';
import { quantileEdges } from './quantile-edges';
import { linspaceEdges, sturgesEdges } from './sturges-edges';

/** How numeric values are grouped into bins before a binned distance is computed. */
export type BinningStrategy =
  /**
   * Evidently: Sturges equal-width bins over the pooled sample when the reference has more than
   * 20 unique values, each value its own category otherwise. `integer` (default: true when every
   * value is an integer) reproduces numpy's integer dtype, whose Sturges bins are at least 1 wide.
   */
  | { strategy: 'evidently'; integer?: boolean }
  /** `count` equal-width bins over the pooled range. */
  | { strategy: 'equal-width'; count: number }
  /** `count` bins at reference quantiles; the outer edges are open (±Infinity) so nothing falls outside. */
  | { strategy: 'quantile'; count: number }
  /** Caller-given ascending edges; values outside `[edges[0], edges[last]]` are not counted (numpy semantics). */
  | { strategy: 'fixed'; edges: ReadonlyArray<number> }
  /**
   * NannyML: Doane bins over the reference only, plus one extra bin holding the current values
   * outside the reference range (its reference share is 0). Use with `jensenShannon(..., { base: 2 })`
   * to reproduce NannyML's continuous Jensen–Shannon.
   */
  | { strategy: 'doane-reference' };

/** Options of {@link binnedShares}. */
export interface BinnedSharesOptions {
  /** `'numeric'` bins values; `'categorical'` counts categories. Default `'numeric'`. */
  featureType?: 'numeric' | 'categorical';
  /** Apply Evidently's empty-bin smoothing to both sides. Default `false`. */
  smoothing?: boolean;
  /** Numeric binning. Default `{ strategy: 'evidently' }`. */
  bins?: BinningStrategy;
}

/** Per-bin counts and shares of both sides over the same bins. */
export interface BinnedShares {
  referenceCounts: Float64Array;
  currentCounts: Float64Array;
  /** Counts divided by the number of non-missing values (then smoothed when asked). */
  referenceShares: Float64Array;
  currentShares: Float64Array;
  /** Bin edges when the values were binned numerically. */
  edges?: Float64Array;
  /** Category keys (one per bin) when the values were treated as categories. */
  categories?: string[];
}

/**
 * Distinct values of an ascending sample, counting stops once it exceeds `cap`.
 */
export function distinctSortedCount(sorted: Float64Array, cap = Number.POSITIVE_INFINITY): number {
  let distinct = sorted.length > 0 ? 1 : 0;
  for (let index = 1; index < sorted.length && distinct <= cap; index++) {
    if (sorted[index] !== sorted[index - 1]) distinct++;
  }
  return distinct;
}

/**
 * Counts each distinct value of a sorted numeric sample as a category (Evidently treats
 * numeric columns with few unique values this way).
 */
export function numericCategoryCounts(sample: SortedSample): CategoricalColumn {
  const counts = new Map<string, number>();
  const { sorted } = sample;
  let start = 0;
  for (let index = 1; index <= sorted.length; index++) {
    if (index === sorted.length || sorted[index] !== sorted[start]) {
      counts.set(String(sorted[start]), index - start);
      start = index;
    }
  }
  return { counts, missing: sample.missing, total: sample.total };
}

function divide(counts: Float64Array, total: number): Float64Array {
  const shares = new Float64Array(counts.length);
  for (let index = 0; index < counts.length; index++) {
    shares[index] = total === 0 ? 0 : (counts[index] as number) / total;
  }
  return shares;
}

function finish(
  referenceCounts: Float64Array,
  currentCounts: Float64Array,
  referenceSize: number,
  currentSize: number,
  smoothing: boolean,
  labels: { edges?: Float64Array; categories?: string[] },
): BinnedShares {
  let referenceShares = divide(referenceCounts, referenceSize);
  let currentShares = divide(currentCounts, currentSize);
  if (smoothing) {
    referenceShares = fillEmptyShares(referenceShares);
    currentShares = fillEmptyShares(currentShares);
  }
  return { referenceCounts, currentCounts, referenceShares, currentShares, ...labels };
}

/**
 * Counts of two categorical columns over the union of their categories (sorted keys).
 */
export function categoryCountsOverUnion(
  reference: CategoricalColumn,
  current: CategoricalColumn,
): { categories: string[]; referenceCounts: Float64Array; currentCounts: Float64Array } {
  const categories = [...new Set([...reference.counts.keys(), ...current.counts.keys()])].sort();
  const referenceCounts = Float64Array.from(categories, key => reference.counts.get(key) ?? 0);
  const currentCounts = Float64Array.from(categories, key => current.counts.get(key) ?? 0);
  return { categories, referenceCounts, currentCounts };
}

function categoricalShares(
  reference: CategoricalColumn,
  current: CategoricalColumn,
  smoothing: boolean,
): BinnedShares {
  const { categories, referenceCounts, currentCounts } = categoryCountsOverUnion(
    reference,
    current,
  );
  return finish(
    referenceCounts,
    currentCounts,
    reference.total - reference.missing,
    current.total - current.missing,
    smoothing,
    { categories },
  );
}

/** True when every value is an integer (a column numpy would hold as an integer dtype). */
export function allIntegers(values: Float64Array): boolean {
  for (let index = 0; index < values.length; index++) {
    if (!Number.isInteger(values[index] as number)) return false;
  }
  return true;
}

function numericEdges(
  reference: SortedSample,
  current: SortedSample,
  bins: BinningStrategy,
): Float64Array {
  const pooledMinimum = Math.min(reference.sorted[0] as number, current.sorted[0] as number);
  const pooledMaximum = Math.max(
    reference.sorted.at(-1) as number,
    current.sorted.at(-1) as number,
  );
  switch (bins.strategy) {
    case 'evidently':
      return sturgesEdges(
        pooledMinimum,
        pooledMaximum,
        reference.sorted.length + current.sorted.length,
        bins.integer ?? (allIntegers(reference.sorted) && allIntegers(current.sorted)),
      );
    case 'equal-width':
      return pooledMinimum === pooledMaximum
        ? linspaceEdges(pooledMinimum - 0.5, pooledMaximum + 0.5, bins.count)
        : linspaceEdges(pooledMinimum, pooledMaximum, bins.count);
    case 'quantile':
      return quantileEdges(reference.sorted, bins.count);
    case 'fixed':
      return Float64Array.from(bins.edges);
    case 'doane-reference':
      return doaneEdges(reference.sorted);
  }
}

function validateBins(bins: BinningStrategy): void {
  if (bins.strategy === 'fixed') {
    const edges = bins.edges;
    const increasing = edges.every(
      (edge, index) => index === 0 || edge > (edges[index - 1] as number),
    );
    if (edges.length < 2 || !increasing) {
      throw new InvalidInputError({
        code: 'INVALID_BIN_EDGES',
        message: 'bins.edges must hold at least two strictly increasing numbers.',
        details: { path: 'bins.edges' },
      });
    }
  } else if (
    (bins.strategy === 'quantile' || bins.strategy === 'equal-width') &&
    !(Number.isInteger(bins.count) && bins.count >= 1)
  ) {
    throw new InvalidInputError({
      code: 'INVALID_BIN_COUNT',
      message: `bins.count must be a positive integer; received ${String(bins.count)}.`,
      details: { path: 'bins.count', received: bins.count },
    });
  }
}

function emptySideError(side: string): InvalidInputError {
  return new InvalidInputError({
    code: 'EMPTY_SAMPLE',
    message: `${side} has no non-missing values; a binned distance needs at least one on each side.`,
    details: { path: side },
  });
}

/**
 * Reference and current shares over the same bins, following Evidently's conventions by
 * default (`get_binned_data`): numeric columns whose reference has more than 20 unique values
 * are cut into Sturges equal-width bins over the pooled sample, everything else is counted per
 * category over the union of categories; shares divide by the non-missing count; optional
 * empty-bin smoothing. `bins` selects quantile, equal-width or fixed bins instead (then
 * numeric columns are always binned).
 *
 * @example
 * ```ts
 * const { referenceShares, currentShares } = binnedShares(reference, current, { smoothing: true });
 * ```
 */
export function binnedShares(
  reference: NumericSampleInput | CategoricalInput | CategoricalColumn,
  current: NumericSampleInput | CategoricalInput | CategoricalColumn,
  options: BinnedSharesOptions = {},
): BinnedShares {
  const smoothing = options.smoothing ?? false;
  const bins = options.bins ?? { strategy: 'evidently' };
  validateBins(bins);
  if (options.featureType === 'categorical') {
    return categoricalShares(
      asCategorical(reference, 'reference'),
      asCategorical(current, 'current'),
      smoothing,
    );
  }
  const referenceSample = prepareSample(reference as NumericSampleInput, 'reference');
  const currentSample = prepareSample(current as NumericSampleInput, 'current');
  if (referenceSample.sorted.length === 0) throw emptySideError('reference');
  if (currentSample.sorted.length === 0) throw emptySideError('current');
  if (bins.strategy === 'evidently' && distinctSortedCount(referenceSample.sorted, 20) <= 20) {
    return categoricalShares(
      numericCategoryCounts(referenceSample),
      numericCategoryCounts(currentSample),
      smoothing,
    );
  }
  const edges = numericEdges(referenceSample, currentSample, bins);
  let referenceCounts = histogramCounts(referenceSample.sorted, edges);
  let currentCounts = histogramCounts(currentSample.sorted, edges);
  if (bins.strategy === 'doane-reference') {
    const outside =
      currentSample.sorted.length - currentCounts.reduce((sum, count) => sum + count, 0);
    if (outside > 0) {
      referenceCounts = Float64Array.of(...referenceCounts, 0);
      currentCounts = Float64Array.of(...currentCounts, outside);
    }
  }
  return finish(
    referenceCounts,
    currentCounts,
    referenceSample.sorted.length,
    currentSample.sorted.length,
    smoothing,
    { edges },
  );
}

function isCategoricalColumn(value: unknown): value is CategoricalColumn {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { counts?: unknown }).counts instanceof Map
  );
}

/**
 * A counted categorical column from raw categorical input, or the input itself when it is
 * already counted.
 */
export function asCategorical(
  input: NumericSampleInput | CategoricalInput | CategoricalColumn,
  field: string,
): CategoricalColumn {
  if (isCategoricalColumn(input)) return input;
  return toCategoricalColumn(input as CategoricalInput, field);
}
