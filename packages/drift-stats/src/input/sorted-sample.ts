import { sortFloat64, sortFloat64InPlace } from '../sorting/sort-float64';
import { type NumericInput, toNumericColumn } from './numeric-column';

/**
 * A numeric column sorted once, so every statistic that needs order (KS, Wasserstein,
 * Cramér–von Mises, Anderson–Darling, energy distance, Mann–Whitney ranks, quantile bins)
 * reuses the same sorted copy.
 */
export interface SortedSample {
  readonly kind: 'sorted-sample';
  /** Finite values, ascending. */
  readonly sorted: Float64Array;
  /** Nulls, NaN and ±Infinity removed before sorting. */
  readonly missing: number;
  /** Entries in the original input. */
  readonly total: number;
}

/** Numeric statistics accept raw input or a {@link SortedSample} prepared once. */
export type NumericSampleInput = NumericInput | SortedSample;

/**
 * True when `value` is a {@link SortedSample}.
 */
export function isSortedSample(value: unknown): value is SortedSample {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { kind?: unknown }).kind === 'sorted-sample'
  );
}

/**
 * Removes missing values and sorts a numeric column once; pass the result to several
 * statistics to avoid sorting again.
 *
 * @example
 * ```ts
 * const reference = prepareSample(referenceColumn);
 * const current = prepareSample(currentColumn);
 * ks(reference, current);
 * wasserstein(reference, current);
 * ```
 */
export function prepareSample(input: NumericSampleInput, field = 'input'): SortedSample {
  if (isSortedSample(input)) return input;
  const column = toNumericColumn(input, field);
  return {
    kind: 'sorted-sample',
    // toNumericColumn returns a clean Float64Array input as is; only then is a copy needed.
    sorted:
      column.values === input ? sortFloat64(column.values) : sortFloat64InPlace(column.values),
    missing: column.missing,
    total: column.total,
  };
}
