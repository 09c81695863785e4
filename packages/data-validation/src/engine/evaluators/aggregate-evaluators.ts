import type { Field } from 'apache-arrow';
import { anomalyCodes } from '../../anomaly-codes';
import { parseDateTime } from '../../statistics/parse-datetime';
import type { ExpectationKwargs } from '../../suite/expectation-schemas';
import type { ColumnStatistics, StatisticNeeds } from '../column-statistics';
import { findField, logicalTypeOf } from '../column-view';
import {
  type Bounds,
  describeBounds,
  type EvaluationOutcome,
  type ExpectationEvaluator,
  type FinishInput,
  withinBounds,
} from '../expectation-evaluator';

type BetweenKwargs = ExpectationKwargs<'expect_column_mean_to_be_between'>;

function isTemporal(field: Field | undefined): boolean {
  const type = field ? logicalTypeOf(field.type) : undefined;
  return type === 'timestamp' || type === 'date';
}

function isNumeric(field: Field | undefined): boolean {
  const type = field ? logicalTypeOf(field.type) : undefined;
  return type === 'integer' || type === 'float' || type === 'timestamp' || type === 'date';
}

function boundValue(value: number | string | null | undefined): number | null | undefined {
  if (typeof value !== 'string') return value;
  return parseDateTime(value) ?? Number.NaN;
}

function countsOf(statistics: ColumnStatistics, rowCount: number) {
  return {
    element_count: rowCount,
    missing_count: statistics.missingCount,
    missing_percent: rowCount === 0 ? null : (statistics.missingCount / rowCount) * 100,
  };
}

const noData = (statistics: ColumnStatistics, rowCount: number): EvaluationOutcome => ({
  success: false,
  code: anomalyCodes.statisticsNotAvailable,
  message: 'no non-missing numeric values to compute the statistic from',
  result: { ...countsOf(statistics, rowCount), observed_value: null },
});

/**
 * A column aggregate between-check (min, max, mean, median, stdev, sum) reading the merged
 * statistics. Temporal columns report min/max/median as ISO strings and take ISO bounds.
 */
/**
 * The outcome of an exact order statistic whose column had more numbers than the run let it
 * keep (`maxRetainedValues`): a failure that says so, rather than a guess.
 */
function retentionExceeded(
  statistics: ColumnStatistics,
  rowCount: number,
  name: string,
  column: string,
): EvaluationOutcome {
  return {
    success: false,
    code: anomalyCodes.retentionLimitExceeded,
    message: `the exact ${name} of column ${column} needs all ${statistics.numericCount} non-missing numbers, more than maxRetainedValues allows; raise it to evaluate this expectation`,
    result: { ...countsOf(statistics, rowCount), observed_value: null },
  };
}

function statisticBetween(
  name: string,
  needs: StatisticNeeds,
  compute: (statistics: ColumnStatistics) => number,
  temporalAllowed: boolean,
) {
  return (kwargs: BetweenKwargs): ExpectationEvaluator => ({
    columns: [kwargs.column],
    statisticNeeds: [[kwargs.column, needs]],
    finish(input: FinishInput): EvaluationOutcome {
      const field = findField(input.schema, kwargs.column);
      const temporal = isTemporal(field);
      if (!isNumeric(field) || (temporal && !temporalAllowed)) {
        return {
          success: false,
          code: anomalyCodes.unexpectedType,
          message: `the ${name} of column ${kwargs.column} (${field?.type}) is not defined`,
          result: {},
        };
      }
      const statistics = input.statistics(kwargs.column);
      if (statistics.numericCount === 0) return noData(statistics, input.rowCount);
      if (needs.values && statistics.retentionExceeded)
        return retentionExceeded(statistics, input.rowCount, name, kwargs.column);
      const value = compute(statistics);
      if (Number.isNaN(value)) return noData(statistics, input.rowCount);
      const bounds: Bounds = {
        min: boundValue(kwargs.min_value),
        max: boundValue(kwargs.max_value),
        strictMin: kwargs.strict_min,
        strictMax: kwargs.strict_max,
      };
      const success = withinBounds(value, bounds);
      const observed = temporal ? new Date(value).toISOString() : value;
      const result = { ...countsOf(statistics, input.rowCount), observed_value: observed };
      if (success) return { success, result };
      return {
        success,
        code: anomalyCodes.statisticOutOfRange,
        message: `${name} ${observed} outside ${describeBounds({ ...bounds, min: kwargs.min_value as number, max: kwargs.max_value as number })}`,
        result,
      };
    },
  });
}

function quantileEvaluator(
  kwargs: ExpectationKwargs<'expect_column_quantile_values_to_be_between'>,
): ExpectationEvaluator {
  return {
    columns: [kwargs.column],
    statisticNeeds: [[kwargs.column, { values: true }]],
    finish(input) {
      const statistics = input.statistics(kwargs.column);
      if (
        !isNumeric(findField(input.schema, kwargs.column)) ||
        isTemporal(findField(input.schema, kwargs.column))
      ) {
        return {
          success: false,
          code: anomalyCodes.unexpectedType,
          message: `column ${kwargs.column} is not numeric`,
          result: {},
        };
      }
      if (statistics.numericCount === 0) return noData(statistics, input.rowCount);
      if (statistics.retentionExceeded)
        return retentionExceeded(statistics, input.rowCount, 'quantiles', kwargs.column);
      const interpolation = kwargs.allow_relative_error ?? 'nearest';
      const { quantiles, value_ranges } = kwargs.quantile_ranges;
      const values = statistics.quantiles(quantiles, interpolation);
      const failing = values.flatMap((value, index) => {
        const [min, max] = value_ranges[index] ?? [null, null];
        return withinBounds(value, { min, max }) ? [] : [quantiles[index]];
      });
      const result = {
        ...countsOf(statistics, input.rowCount),
        observed_value: { quantiles, values },
        details: {
          interpolation,
          success_details: values.map((_, index) => !failing.includes(quantiles[index])),
        },
      };
      if (failing.length === 0) return { success: true, result };
      return {
        success: false,
        code: anomalyCodes.statisticOutOfRange,
        message: `quantiles ${failing.join(', ')} outside their ranges`,
        result,
      };
    },
  };
}

function distinctValues(statistics: ColumnStatistics): unknown[] {
  return [...(statistics.valueCounts?.keys() ?? [])].sort((left, right) =>
    String(left) < String(right) ? -1 : String(left) > String(right) ? 1 : 0,
  );
}

const observedDistinctCap = 1000;

function distinctSetEvaluator(mode: 'in' | 'contain' | 'equal') {
  return (
    kwargs: ExpectationKwargs<'expect_column_distinct_values_to_be_in_set'>,
  ): ExpectationEvaluator => ({
    columns: [kwargs.column],
    statisticNeeds: [[kwargs.column, { valueCounts: true }]],
    finish(input) {
      const statistics = input.statistics(kwargs.column);
      const observed = distinctValues(statistics);
      const expected = new Set<unknown>(kwargs.value_set);
      const observedSet = new Set(observed);
      const unexpected = mode === 'contain' ? [] : observed.filter(value => !expected.has(value));
      const missing =
        mode === 'in' ? [] : kwargs.value_set.filter(value => !observedSet.has(value));
      const result = {
        ...countsOf(statistics, input.rowCount),
        observed_value: observed.slice(0, observedDistinctCap),
        details: {
          distinct_count: observed.length,
          unexpected_values: unexpected.slice(0, observedDistinctCap),
          missing_values: missing,
        },
      };
      if (unexpected.length === 0 && missing.length === 0) return { success: true, result };
      return {
        success: false,
        code:
          unexpected.length > 0
            ? anomalyCodes.unexpectedDistinctValues
            : anomalyCodes.missingDistinctValues,
        message:
          unexpected.length > 0
            ? `distinct values not in the set: ${JSON.stringify(unexpected.slice(0, 20))}`
            : `set values never seen: ${JSON.stringify(missing.slice(0, 20))}`,
        result,
      };
    },
  });
}

function uniquenessEvaluator(proportion: boolean) {
  return (
    kwargs: ExpectationKwargs<'expect_column_proportion_of_unique_values_to_be_between'>,
  ): ExpectationEvaluator => ({
    columns: [kwargs.column],
    statisticNeeds: [[kwargs.column, { valueCounts: true }]],
    finish(input) {
      const statistics = input.statistics(kwargs.column);
      const distinct = statistics.valueCounts?.size ?? 0;
      const nonMissing = statistics.count - statistics.missingCount;
      if (proportion && nonMissing === 0) return noData(statistics, input.rowCount);
      const value = proportion ? distinct / nonMissing : distinct;
      return observedBetween(
        value,
        kwargs,
        anomalyCodes.uniquenessOutOfRange,
        proportion ? 'proportion of unique values' : 'unique value count',
        countsOf(statistics, input.rowCount),
      );
    },
  });
}

function mostCommonEvaluator(
  kwargs: ExpectationKwargs<'expect_column_most_common_value_to_be_in_set'>,
): ExpectationEvaluator {
  return {
    columns: [kwargs.column],
    statisticNeeds: [[kwargs.column, { valueCounts: true }]],
    finish(input) {
      const statistics = input.statistics(kwargs.column);
      let best = 0;
      let modes: unknown[] = [];
      for (const [value, count] of statistics.valueCounts ?? []) {
        if (count > best) {
          best = count;
          modes = [value];
        } else if (count === best) modes.push(value);
      }
      if (modes.length === 0) return noData(statistics, input.rowCount);
      const expected = new Set<unknown>(kwargs.value_set);
      const matches = modes.filter(mode => expected.has(mode)).length;
      // Great Expectations: with ties_okay any mode may be in the set; otherwise there must be
      // exactly one mode and it must be in the set.
      const success = kwargs.ties_okay ? matches > 0 : modes.length === 1 && matches === 1;
      const result = {
        ...countsOf(statistics, input.rowCount),
        observed_value: modes.slice(0, 20),
        details: { mode_count: best },
      };
      if (success) return { success, result };
      return {
        success,
        code: anomalyCodes.mostCommonValueNotInSet,
        message: `most common value${modes.length > 1 ? 's' : ''} ${JSON.stringify(modes.slice(0, 20))} not in the set`,
        result,
      };
    },
  };
}

/** The outcome of an observed value checked against numeric between-kwargs. */
function observedBetween(
  value: number,
  kwargs: {
    min_value?: number | null | undefined;
    max_value?: number | null | undefined;
    strict_min?: boolean | undefined;
    strict_max?: boolean | undefined;
  },
  code: EvaluationOutcome['code'],
  what: string,
  counts: ReturnType<typeof countsOf>,
): EvaluationOutcome {
  const bounds = {
    min: kwargs.min_value,
    max: kwargs.max_value,
    strictMin: kwargs.strict_min,
    strictMax: kwargs.strict_max,
  };
  const result = { ...counts, observed_value: value };
  if (withinBounds(value, bounds)) return { success: true, result };
  return {
    success: false,
    code,
    message: `${what} ${value} outside ${describeBounds(bounds)}`,
    result,
  };
}

/**
 * GX 1.x's completeness check: non-null rows over all rows (NaN counts as null, as in pandas),
 * from the counts every column's statistics carry anyway.
 */
function nonNullProportionEvaluator(
  kwargs: ExpectationKwargs<'expect_column_proportion_of_non_null_values_to_be_between'>,
): ExpectationEvaluator {
  return {
    columns: [kwargs.column],
    statisticNeeds: [[kwargs.column, {}]],
    finish(input) {
      const statistics = input.statistics(kwargs.column);
      if (statistics.count === 0) {
        return {
          success: false,
          code: anomalyCodes.statisticsNotAvailable,
          message: 'no rows to compute the proportion of non-null values from',
          result: { ...countsOf(statistics, input.rowCount), observed_value: null },
        };
      }
      return observedBetween(
        (statistics.count - statistics.missingCount) / statistics.count,
        kwargs,
        anomalyCodes.completenessOutOfRange,
        'proportion of non-null values',
        countsOf(statistics, input.rowCount),
      );
    },
  };
}

/** Factories of the column aggregate expectations, keyed by Great Expectations name. */
export const aggregateEvaluators = {
  expect_column_min_to_be_between: statisticBetween('min', {}, statistics => statistics.min, true),
  expect_column_max_to_be_between: statisticBetween('max', {}, statistics => statistics.max, true),
  expect_column_mean_to_be_between: statisticBetween(
    'mean',
    {},
    statistics => statistics.mean,
    false,
  ),
  expect_column_median_to_be_between: statisticBetween(
    'median',
    { values: true },
    statistics => statistics.quantiles([0.5], 'linear')[0]!,
    true,
  ),
  expect_column_stdev_to_be_between: statisticBetween(
    'stdev',
    { variance: true },
    statistics => statistics.standardDeviation,
    false,
  ),
  expect_column_sum_to_be_between: statisticBetween('sum', {}, statistics => statistics.sum, false),
  expect_column_quantile_values_to_be_between: quantileEvaluator,
  expect_column_distinct_values_to_be_in_set: distinctSetEvaluator('in'),
  expect_column_distinct_values_to_contain_set: distinctSetEvaluator('contain'),
  expect_column_distinct_values_to_equal_set: distinctSetEvaluator('equal'),
  expect_column_proportion_of_unique_values_to_be_between: uniquenessEvaluator(true),
  expect_column_unique_value_count_to_be_between: uniquenessEvaluator(false),
  expect_column_most_common_value_to_be_in_set: mostCommonEvaluator,
  expect_column_proportion_of_non_null_values_to_be_between: nonNullProportionEvaluator,
};
