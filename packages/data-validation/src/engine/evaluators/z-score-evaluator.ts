import { anomalyCodes } from '../../anomaly-codes';
import type { ExpectationKwargs } from '../../suite/expectation-schemas';
import { presentNumbers, rowOf } from '../column-view';
import { type ExpectationEvaluator, mapOutcome } from '../expectation-evaluator';
import { UnexpectedTally } from '../unexpected-tally';
import type { EvaluatorContext } from './evaluator-context';

/** The non-missing numbers of one batch and, unless they are rows 0..n-1, their batch rows. */
interface RetainedBatch {
  rowOffset: number;
  values: Float64Array;
  rows: Int32Array | null;
}

/**
 * Great Expectations' `expect_column_value_z_scores_to_be_less_than` as its pandas backend
 * computes it: z = (x - mean) / stdev with the sample standard deviation (ddof = 1) over the
 * non-missing values; a value is expected when `|z| < |threshold|` (`double_sided`) or
 * `z < threshold`. When the standard deviation is undefined (fewer than two values, an infinite
 * value) or zero, every z-score is undefined and, as current GX, every value passes.
 *
 * The z-scores need the mean and deviation of the whole column before any value can be judged,
 * so a stream is read twice in effect: `observe` keeps each batch's non-missing numbers (and
 * their rows when a batch has gaps) up to `maxRetainedValues`, and `finish` computes the mean,
 * then the squared deviations (two passes, as pandas' `nanvar`), then the z-scores. Past the
 * limit the numbers are dropped and the expectation fails with `RETENTION_LIMIT_EXCEEDED`.
 */
export function zScoreEvaluator(
  kwargs: ExpectationKwargs<'expect_column_value_z_scores_to_be_less_than'>,
  context: EvaluatorContext,
): ExpectationEvaluator {
  const { column, threshold, double_sided: doubleSided } = kwargs;
  const tally = new UnexpectedTally(context.limits);
  let retained: RetainedBatch[] | undefined = [];
  let retainedCount = 0;
  let mismatch: string | undefined;
  return {
    columns: [column],
    observe({ view, rowOffset }) {
      const columnView = view(column)!;
      if (columnView.kind !== 'number' || columnView.temporal) {
        mismatch = `the z-scores of column ${column} (${columnView.arrowType}) are not defined`;
        return;
      }
      tally.elementCount += columnView.length - columnView.excludedCount;
      const { values: kept, indices, nan } = presentNumbers(columnView);
      tally.missingCount += columnView.nullCount - columnView.excludedCount + nan;
      const count = kept.length;
      // Batch rows are kept only when they are not simply 0..count-1.
      const identity = columnView.rows === undefined && count === columnView.length;
      const rows = identity ? null : indices.map(index => rowOf(columnView, index));
      retainedCount += count;
      if (retained === undefined) return;
      if (retainedCount > context.maxRetainedValues) {
        retained = undefined;
        return;
      }
      retained.push({ rowOffset, values: kept, rows });
    },
    finish({ onEmpty }) {
      if (mismatch !== undefined)
        return { success: false, code: anomalyCodes.unexpectedType, message: mismatch, result: {} };
      if (retained === undefined) {
        return {
          success: false,
          code: anomalyCodes.retentionLimitExceeded,
          message: `the z-scores of column ${column} need all ${retainedCount} non-missing numbers, more than maxRetainedValues allows; raise it to evaluate this expectation`,
          result: { element_count: tally.elementCount, missing_count: tally.missingCount },
        };
      }
      let sum = 0;
      for (const batch of retained) for (const value of batch.values) sum += value;
      const mean = sum / retainedCount;
      let squares = 0;
      for (const batch of retained)
        for (const value of batch.values) squares += (value - mean) * (value - mean);
      const deviation = Math.sqrt(squares / (retainedCount - 1));
      const defined = retainedCount > 1 && Number.isFinite(deviation) && deviation > 0;
      const limit = doubleSided ? Math.abs(threshold) : threshold;
      if (defined) {
        for (const { rowOffset, values, rows } of retained) {
          for (let index = 0; index < values.length; index++) {
            const value = values[index] as number;
            const z = (value - mean) / deviation;
            if ((doubleSided ? Math.abs(z) : z) < limit || Number.isNaN(z)) continue;
            if (tally.listsFull) tally.unexpectedCount++;
            else tally.record(rowOffset + (rows === null ? index : (rows[index] as number)), value);
          }
        }
      }
      const outcome = mapOutcome(tally, kwargs.mostly, anomalyCodes.zScoreOutOfRange, onEmpty);
      const details = {
        mean: retainedCount === 0 ? null : mean,
        standard_deviation: retainedCount > 1 && Number.isFinite(deviation) ? deviation : null,
        z_scores_defined: defined,
      };
      return { ...outcome, result: { ...outcome.result, details } };
    },
  };
}
