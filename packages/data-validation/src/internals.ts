/**
 * `@ballast/data-validation/internals`: the engine's kernels and helpers, for tools built on
 * the engine (custom runners, benchmarks, parity checks). Not covered by semver as strictly as
 * the root entry: names here may change in a minor release, and the changeset says so.
 */
export {
  expectationConfigurationSchema,
  expectationKwargsSchemas,
} from './suite/expectation-schemas';
export {
  conditionColumns,
  conditionParsers,
  unconditionalExpectationTypes,
} from './suite/row-condition';
export {
  compileGuardedPattern,
  defaultMaxPatternInputLength,
  type GuardedPattern,
} from './patterns/linear-pattern';
export { ColumnStatistics, type StatisticNeeds } from './engine/column-statistics';
export { appliesInEnvironment } from './engine/run-suite';
export {
  defaultResultLimits,
  partialUnexpectedCounts,
  resultLimitsFor,
} from './engine/unexpected-tally';
export { toBatchSource } from './validate';
export { parseDateTime } from './statistics/parse-datetime';
export {
  medianOf,
  type QuantileInterpolation,
  quantileOfSorted,
  quantilesOf,
} from './statistics/quantile';
export { compileRecordSchema } from './records/validate-records';
export { normalQuantile, wilsonLowerBound } from './inference/wilson-lower-bound';
export {
  type ColumnStatisticsFacts,
  type ParquetStatisticsFacts,
  parquetStatisticsMetadataKey,
  statisticsFactsOf,
} from './pushdown/parquet-statistics';
