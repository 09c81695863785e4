import { anomalyCodes } from '../../anomaly-codes';
import type { ExpectationKwargs } from '../../suite/expectation-schemas';
import { presentNumbers, rowOf } from '../column-view';
import { type ExpectationEvaluator, mapOutcome } from '../expectation-evaluator';
import { UnexpectedTally } from '../unexpected-tally';
import type { EvaluatorContext } from './evaluator-context';

type MonotonicKwargs = ExpectationKwargs<'expect_column_values_to_be_increasing'>;

/**
 * Great Expectations' increasing/decreasing checks as its pandas backend computes them: nulls
 * and NaN are dropped first (they count as missing), then each value is compared with the
 * previous non-missing one (`Series.diff`). The first value passes, and so does a difference
 * that is NaN (two equal infinities), which pandas fills with a passing difference. The previous
 * value is carried from one batch to the next, so a stream is checked as one column; under a
 * row condition only the selected rows take part, as GX filters before the diff.
 */
function monotonicEvaluator(
  kwargs: MonotonicKwargs,
  direction: 1 | -1,
  context: EvaluatorContext,
): ExpectationEvaluator {
  const { column } = kwargs;
  const strictly = kwargs.strictly ?? false;
  const tally = new UnexpectedTally(context.limits);
  let previous: number | undefined;
  let mismatch: string | undefined;
  return {
    columns: [column],
    observe({ view, rowOffset }) {
      const columnView = view(column)!;
      if (columnView.kind !== 'number') {
        mismatch = `column ${column} (${columnView.arrowType}) is neither numeric nor temporal`;
        return;
      }
      tally.elementCount += columnView.length - columnView.excludedCount;
      const { values, indices, nan } = presentNumbers(columnView);
      // Excluded rows read as null; they are taken back out of the missing count.
      tally.missingCount += columnView.nullCount - columnView.excludedCount + nan;
      for (let position = 0; position < values.length; position++) {
        const value = values[position] as number;
        if (previous !== undefined) {
          const difference = (value - previous) * direction;
          const expected =
            Number.isNaN(difference) || (strictly ? difference > 0 : difference >= 0);
          if (!expected) {
            const index = indices[position] as number;
            if (tally.listsFull) tally.unexpectedCount++;
            else tally.record(rowOffset + rowOf(columnView, index), columnView.valueAt(index));
          }
        }
        previous = value;
      }
    },
    finish({ onEmpty }) {
      if (mismatch !== undefined)
        return { success: false, code: anomalyCodes.unexpectedType, message: mismatch, result: {} };
      return mapOutcome(
        tally,
        kwargs.mostly,
        direction === 1 ? anomalyCodes.valuesNotIncreasing : anomalyCodes.valuesNotDecreasing,
        onEmpty,
      );
    },
  };
}

/** Factories of the order expectations, keyed by Great Expectations name. */
export const monotonicEvaluators = {
  expect_column_values_to_be_increasing: (kwargs: MonotonicKwargs, context: EvaluatorContext) =>
    monotonicEvaluator(kwargs, 1, context),
  expect_column_values_to_be_decreasing: (
    kwargs: ExpectationKwargs<'expect_column_values_to_be_decreasing'>,
    context: EvaluatorContext,
  ) => monotonicEvaluator(kwargs, -1, context),
};
