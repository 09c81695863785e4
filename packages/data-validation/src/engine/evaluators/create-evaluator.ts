import type { ExpectationConfiguration } from '../../suite/expectation-schemas';
import type { ExpectationEvaluator } from '../expectation-evaluator';
import { aggregateEvaluators } from './aggregate-evaluators';
import { columnMapEvaluators } from './column-map-evaluators';
import type { EvaluatorContext } from './evaluator-context';
import { monotonicEvaluators } from './monotonic-evaluators';
import { multicolumnEvaluators } from './multicolumn-evaluators';
import { patternListEvaluators } from './pattern-list-evaluators';
import { tableEvaluators } from './table-evaluators';
import { zScoreEvaluator } from './z-score-evaluator';

const factories = {
  ...columnMapEvaluators,
  ...patternListEvaluators,
  ...monotonicEvaluators,
  ...aggregateEvaluators,
  ...multicolumnEvaluators,
  ...tableEvaluators,
  expect_column_value_z_scores_to_be_less_than: zScoreEvaluator,
} satisfies Record<
  ExpectationConfiguration['type'],
  (kwargs: never, context: EvaluatorContext) => ExpectationEvaluator
>;

/**
 * Compiles one expectation. Problems in the expectation itself (an unsafe regex, an invalid
 * JSON Schema, an unparseable bound of a `parse_strings_as_datetimes` check) throw an
 * InvalidInputError naming its path before any data is read. A string bound that only turns
 * out to be a date once the column is seen to be temporal fails that expectation with
 * `EVALUATION_ERROR` instead.
 */
export function createEvaluator(
  expectation: ExpectationConfiguration,
  context: EvaluatorContext,
): ExpectationEvaluator {
  const factory = factories[expectation.type] as (
    kwargs: unknown,
    context: EvaluatorContext,
  ) => ExpectationEvaluator;
  return factory(expectation.kwargs, context);
}
