import type { RecordBatch, Schema } from 'apache-arrow';
import type { AnomalyCode } from '../anomaly-codes';
import type { ColumnStatistics, StatisticNeeds } from './column-statistics';
import type { ColumnView } from './column-view';
import {
  partialUnexpectedCounts,
  type ResultLimits,
  type UnexpectedTally,
} from './unexpected-tally';

/**
 * The result fields of one expectation: Great Expectations' names, plus the denominators
 * (`unexpected_percent_total`, `unexpected_percent_nonmissing`) so percentages are unambiguous.
 * `unexpected_percent` is over non-missing rows, as in Great Expectations.
 */
export interface ExpectationResultDetail {
  element_count: number;
  missing_count: number;
  missing_percent: number | null;
  unexpected_count: number;
  unexpected_percent: number | null;
  unexpected_percent_total: number | null;
  unexpected_percent_nonmissing: number | null;
  observed_value?: unknown;
  partial_unexpected_list: unknown[];
  /** Row indices of `partial_unexpected_list`, pairwise (`SUMMARY` and `COMPLETE`). */
  partial_unexpected_index_list?: number[];
  /** Counts of the listed unexpected values (`SUMMARY` and `COMPLETE`). */
  partial_unexpected_counts?: Array<{ value: unknown; count: number }>;
  unexpected_index_list?: number[];
  /** Unexpected values, up to `limits.unexpectedListCount` (`COMPLETE`). */
  unexpected_list?: unknown[];
  details?: Record<string, unknown>;
}

/** What an evaluator decides; the validator adds severity, kwargs and the defaults. */
export interface EvaluationOutcome {
  success: boolean;
  code?: AnomalyCode;
  message?: string;
  result: Partial<ExpectationResultDetail>;
}

/** One batch as evaluators see it: typed column views cached for the batch. */
export interface BatchInput {
  readonly batch: RecordBatch;
  /** Index of the batch's first row in the whole dataset. */
  readonly rowOffset: number;
  view(path: string): ColumnView | undefined;
}

/** Whether map expectations pass (Great Expectations) or fail on zero non-missing rows. */
export type EmptyPolicy = 'pass' | 'fail';

/** What evaluators read once every batch has been seen. */
export interface FinishInput {
  readonly rowCount: number;
  readonly schema: Schema;
  readonly limits: ResultLimits;
  readonly onEmpty: EmptyPolicy;
  readonly otherTableRowCounts: Readonly<Record<string, number>>;
  statistics(path: string): ColumnStatistics;
}

/** The compiled form of one expectation. */
export interface ExpectationEvaluator {
  /** Column paths the expectation reads; a missing one fails it with `COLUMN_MISSING`. */
  readonly columns: readonly string[];
  /** Statistics the expectation reads from {@link FinishInput.statistics}. */
  readonly statisticNeeds?: ReadonlyArray<readonly [string, StatisticNeeds]>;
  /** Row-level work for one batch. */
  observe?(input: BatchInput): void;
  finish(input: FinishInput): EvaluationOutcome;
}

/** Percent with a zero denominator reported as null rather than NaN. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : (part / whole) * 100;
}

/**
 * Great Expectations' `mostly` rule for map expectations: with `n` non-missing rows (the
 * denominator, nulls excluded), success when `(n - unexpected) / n >= mostly`; with `n = 0`
 * the result follows `onEmpty` (Great Expectations: vacuously true).
 */
export function mapOutcome(
  tally: UnexpectedTally,
  mostly: number | undefined,
  code: AnomalyCode,
  onEmpty: EmptyPolicy,
  denominator: 'nonmissing' | 'all' = 'nonmissing',
): EvaluationOutcome {
  const { elementCount, missingCount, unexpectedCount } = tally;
  const nonMissing = elementCount - missingCount;
  const considered = denominator === 'all' ? elementCount : nonMissing;
  const threshold = mostly ?? 1;
  const success =
    considered === 0
      ? onEmpty === 'pass'
      : (considered - unexpectedCount) / considered >= threshold;
  const result: Partial<ExpectationResultDetail> = {
    element_count: elementCount,
    missing_count: missingCount,
    missing_percent: percent(missingCount, elementCount),
    unexpected_count: unexpectedCount,
    unexpected_percent: percent(unexpectedCount, considered),
    unexpected_percent_total: percent(unexpectedCount, elementCount),
    unexpected_percent_nonmissing: percent(unexpectedCount, nonMissing),
    partial_unexpected_list: tally.partialUnexpectedList,
    partial_unexpected_index_list: tally.partialUnexpectedIndexList,
    partial_unexpected_counts: partialUnexpectedCounts(tally.partialUnexpectedList),
    unexpected_index_list: [...tally.unexpectedIndexList].sort((left, right) => left - right),
    unexpected_list: tally.unexpectedList,
  };
  if (success) return { success, result };
  const message =
    considered === 0
      ? 'no non-missing values to check and onEmpty is "fail"'
      : `${unexpectedCount} of ${considered} values unexpected (${result.unexpected_percent?.toFixed(2)}%)${mostly === undefined ? '' : `, mostly ${mostly}`}`;
  return { success, code, message, result };
}

/** Bounds of a between check; `null`/`undefined` is an open bound, strict flags exclude it. */
export interface Bounds {
  min?: number | null | undefined;
  max?: number | null | undefined;
  strictMin?: boolean | undefined;
  strictMax?: boolean | undefined;
}

/** Whether `value` is within `bounds` (inclusive unless strict), as Great Expectations. */
export function withinBounds(value: number, bounds: Bounds): boolean {
  const { min, max } = bounds;
  if (min !== null && min !== undefined && (bounds.strictMin ? value <= min : value < min))
    return false;
  if (max !== null && max !== undefined && (bounds.strictMax ? value >= max : value > max))
    return false;
  return true;
}

/** Describes bounds as an interval, e.g. `[0, 10)`. */
export function describeBounds(bounds: Bounds): string {
  const low = bounds.min ?? '-inf';
  const high = bounds.max ?? '+inf';
  return `${bounds.strictMin ? '(' : '['}${low}, ${high}${bounds.strictMax ? ')' : ']'}`;
}
