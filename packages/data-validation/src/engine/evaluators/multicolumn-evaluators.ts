import { InvalidInputError } from '@ballast/contracts';
import { anomalyCodes } from '../../anomaly-codes';
import type { ExpectationKwargs } from '../../suite/expectation-schemas';
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
    const rule = kwargs.ignore_row_if ?? 'both_values_are_missing';
    const ignore =
      rule === 'neither'
        ? () => false
        : rule === 'either_value_is_missing'
          ? (missing: number) => missing > 0
          : (missing: number) => missing === 2;
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
