import { InvalidInputError } from '@ballast/contracts';
import { anomalyCodes } from '../../anomaly-codes';
import type { ExpectationKwargs } from '../../suite/expectation-schemas';
import { keyOf } from '../column-statistics';
import { cellReader } from '../column-view';
import { type ExpectationEvaluator, mapOutcome } from '../expectation-evaluator';
import { UnexpectedTally } from '../unexpected-tally';
import { DuplicateTracker } from './duplicate-tracker';
import type { EvaluatorContext } from './evaluator-context';

/**
 * A row-wise check over several columns. `ignore` decides, from the missing flags of a row,
 * whether the row is left out (counted as missing); `check` returns false for an unexpected
 * row.
 */
function multicolumnEvaluator(
  columns: string[],
  mostly: number | undefined,
  code: (typeof anomalyCodes)[keyof typeof anomalyCodes],
  context: EvaluatorContext,
  ignore: (missing: number) => boolean,
  check: (values: unknown[], rowIndex: number, tally: UnexpectedTally) => void,
): ExpectationEvaluator {
  const tally = new UnexpectedTally(context.limits);
  return {
    columns,
    observe({ view, rowOffset }) {
      const views = columns.map(column => view(column)!);
      const length = views[0]?.length ?? 0;
      if (views.some(columnView => columnView.length !== length || columnView.rows !== undefined)) {
        throw new InvalidInputError({
          code: 'INCOMPATIBLE_COLUMNS',
          message: `columns ${columns.join(', ')} are not row-aligned (a path through a list addresses elements, not rows)`,
          details: { columns },
        });
      }
      const readers = views.map(columnView => cellReader(columnView));
      // Every view of one expectation carries the same row condition, hence the same selection.
      const selection = views[0]?.selection ?? null;
      tally.elementCount += length - (views[0]?.excludedCount ?? 0);
      const values: unknown[] = new Array(columns.length);
      for (let index = 0; index < length; index++) {
        if (selection !== null && selection[index] === 0) continue;
        let missing = 0;
        for (let position = 0; position < readers.length; position++) {
          const value = readers[position]!(index);
          values[position] = value;
          if (value === undefined) missing++;
        }
        if (ignore(missing)) {
          tally.missingCount++;
          continue;
        }
        check(values, rowOffset + index, tally);
      }
    },
    finish: ({ onEmpty }) => mapOutcome(tally, mostly, code, onEmpty),
  };
}

function rowIgnore(
  rule: 'all_values_are_missing' | 'any_value_is_missing' | 'never',
  columns: number,
) {
  if (rule === 'never') return () => false;
  if (rule === 'any_value_is_missing') return (missing: number) => missing > 0;
  return (missing: number) => missing === columns;
}

function asRecord(columns: string[], values: unknown[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((column, index) => [column, values[index] ?? null]));
}

/** The `ignore_row_if` rule of the column pair expectations (default `both_values_are_missing`). */
function pairIgnore(
  rule: 'both_values_are_missing' | 'either_value_is_missing' | 'neither' | undefined,
): (missing: number) => boolean {
  if (rule === 'neither') return () => false;
  if (rule === 'either_value_is_missing') return missing => missing > 0;
  return missing => missing === 2;
}

/**
 * A row-wise check of two columns whose unexpected values are `[A, B]` pairs, as GX lists them;
 * `expected` sees missing cells as `undefined`.
 */
function pairEvaluator(
  kwargs: {
    column_A: string;
    column_B: string;
    mostly?: number | undefined;
    ignore_row_if?: 'both_values_are_missing' | 'either_value_is_missing' | 'neither' | undefined;
  },
  context: EvaluatorContext,
  expected: (a: unknown, b: unknown) => boolean,
): ExpectationEvaluator {
  return multicolumnEvaluator(
    [kwargs.column_A, kwargs.column_B],
    kwargs.mostly,
    anomalyCodes.columnPairMismatch,
    context,
    pairIgnore(kwargs.ignore_row_if),
    (values, rowIndex, tally) => {
      const [a, b] = values;
      if (!expected(a, b)) tally.record(rowIndex, [a ?? null, b ?? null]);
    },
  );
}

/** A pair as a set key; missing reads as null, as GX's pandas backend maps NaN to None. */
function pairKey(a: unknown, b: unknown): string {
  return JSON.stringify([a ?? null, b ?? null]);
}

/**
 * Rows whose values repeat across `column_list` (pandas `nunique(dropna=False, axis=1)` below
 * the column count, as Great Expectations): two missing cells of one row count as a repeat.
 */
function uniqueWithinRecordEvaluator(
  kwargs: ExpectationKwargs<'expect_select_column_values_to_be_unique_within_record'>,
  context: EvaluatorContext,
): ExpectationEvaluator {
  const columns = kwargs.column_list;
  const seen = new Set<unknown>();
  const missingKey = Symbol('missing');
  return multicolumnEvaluator(
    columns,
    kwargs.mostly,
    anomalyCodes.duplicateWithinRecord,
    context,
    rowIgnore(kwargs.ignore_row_if ?? 'all_values_are_missing', columns.length),
    (values, rowIndex, tally) => {
      seen.clear();
      for (const value of values) seen.add(value === undefined ? missingKey : keyOf(value));
      if (seen.size < values.length)
        tally.record(rowIndex, tally.listsFull ? null : asRecord(columns, values));
    },
  );
}

/** Factories of the multicolumn expectations, keyed by Great Expectations name. */
export const multicolumnEvaluators = {
  expect_compound_columns_to_be_unique: (
    kwargs: ExpectationKwargs<'expect_compound_columns_to_be_unique'>,
    context: EvaluatorContext,
  ) => {
    const tracker = new DuplicateTracker();
    const columns = kwargs.column_list;
    return multicolumnEvaluator(
      columns,
      kwargs.mostly,
      anomalyCodes.duplicateRows,
      context,
      rowIgnore(kwargs.ignore_row_if ?? 'all_values_are_missing', columns.length),
      (values, rowIndex, tally) => {
        const key = JSON.stringify(values.map(value => value ?? null));
        tracker.add(key, rowIndex, tally.listsFull ? null : asRecord(columns, values), tally);
      },
    );
  },
  expect_column_pair_values_a_to_be_greater_than_b: (
    kwargs: ExpectationKwargs<'expect_column_pair_values_a_to_be_greater_than_b'>,
    context: EvaluatorContext,
  ) => {
    const columns = [kwargs.column_A, kwargs.column_B];
    const ignore = pairIgnore(kwargs.ignore_row_if);
    return multicolumnEvaluator(
      columns,
      kwargs.mostly,
      anomalyCodes.columnPairOrderViolated,
      context,
      ignore,
      (values, rowIndex, tally) => {
        const [a, b] = values as [number | string | undefined, number | string | undefined];
        const ok = a !== undefined && b !== undefined && (kwargs.or_equal ? a >= b : a > b);
        if (!ok) tally.record(rowIndex, [a ?? null, b ?? null]);
      },
    );
  },
  expect_column_pair_values_to_be_equal: (
    kwargs: ExpectationKwargs<'expect_column_pair_values_to_be_equal'>,
    context: EvaluatorContext,
  ) =>
    // pandas' `==`: a missing cell equals nothing, not even another missing cell.
    pairEvaluator(
      kwargs,
      context,
      (a, b) => a !== undefined && b !== undefined && keyOf(a) === keyOf(b),
    ),
  expect_column_pair_values_to_be_in_set: (
    kwargs: ExpectationKwargs<'expect_column_pair_values_to_be_in_set'>,
    context: EvaluatorContext,
  ) => {
    const allowed = new Set(kwargs.value_pairs_set.map(([a, b]) => pairKey(a, b)));
    return pairEvaluator(kwargs, context, (a, b) => allowed.has(pairKey(a, b)));
  },
  expect_select_column_values_to_be_unique_within_record: uniqueWithinRecordEvaluator,
  /** GX's older name of the same check. */
  expect_multicolumn_values_to_be_unique: uniqueWithinRecordEvaluator,
  expect_multicolumn_sum_to_equal: (
    kwargs: ExpectationKwargs<'expect_multicolumn_sum_to_equal'>,
    context: EvaluatorContext,
  ) => {
    const columns = kwargs.column_list;
    return multicolumnEvaluator(
      columns,
      kwargs.mostly,
      anomalyCodes.rowSumMismatch,
      context,
      rowIgnore(kwargs.ignore_row_if ?? 'all_values_are_missing', columns.length),
      (values, rowIndex, tally) => {
        // pandas `sum(axis=1)` skips missing values, so they count as 0.
        let sum = 0;
        for (const value of values) if (typeof value === 'number') sum += value;
        if (sum !== kwargs.sum_total)
          tally.record(rowIndex, tally.listsFull ? null : asRecord(columns, values));
      },
    );
  },
};
