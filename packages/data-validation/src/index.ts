export { type AnomalyCode, anomalyCodes } from './anomaly-codes';
export {
  type ExpectationCommonFields,
  type ExpectationConfiguration,
  type ExpectationKwargs,
  type ExpectationSuite,
  type ExpectationType,
  expectationConfigurationSchema,
  expectationKwargsSchemas,
  expectationSuiteSchema,
  expectationTypes,
} from './suite/expectation-schemas';
export { type ParseSuiteOptions, parseSuite, type SuiteIssue } from './suite/parse-suite';
export {
  resolveSuiteParameters,
  type SuiteParameters,
  type UnresolvedParameter,
} from './suite/suite-parameters';
export {
  type ComparisonOperator,
  type ConditionColumn,
  type ConditionLiteral,
  type ConditionParser,
  conditionColumns,
  conditionParsers,
  parseRowCondition,
  type RowCondition,
  unconditionalExpectationTypes,
} from './suite/row-condition';
export { defineSuite, type SuiteBuilder } from './suite/suite-builder';
export {
  compileGuardedPattern,
  defaultMaxPatternInputLength,
  type GuardedPattern,
} from './regex-guard';
export { ColumnStatistics, type StatisticNeeds } from './engine/column-statistics';
export type { EmptyPolicy, ExpectationResultDetail } from './engine/expectation-evaluator';
export {
  appliesInEnvironment,
  type DataValidationReport,
  type RunSuiteOptions,
  runSuite,
  type ValidationResult,
} from './engine/run-suite';
export {
  defaultResultLimits,
  partialUnexpectedCounts,
  type ResultFormat,
  type ResultLimits,
  resultLimitsFor,
} from './engine/unexpected-tally';
export { type DatasetInput, toBatchSource, validate } from './validate';
export { type ReadArrowIpcOptions, readArrowIpc } from './io/read-arrow-ipc';
export { type ParquetWasmModule, type ReadParquetOptions, readParquet } from './io/read-parquet';
export { readCsv } from './io/read-csv';
export { type ReadTextOptions, readJsonLines } from './io/read-json-lines';
export { readDatasetFile } from './io/read-dataset-file';
export { recordsToTable } from './records/records-to-arrow';
export { renderSummary } from './report/render-summary';
export { parseDateTime } from './statistics/parse-datetime';
export {
  medianOf,
  type QuantileInterpolation,
  quantileOfSorted,
  quantilesOf,
} from './statistics/quantile';
export {
  type JsonSchema,
  type SuiteJsonSchema,
  suiteToJsonSchema,
} from './records/suite-to-json-schema';
export {
  compileRecordSchema,
  type RecordError,
  type RecordRules,
  type RecordValidationResult,
  type ValidateRecordsOptions,
  validateRecords,
} from './records/validate-records';
export { type InferSuiteOptions, inferSuite } from './inference/infer-suite';
export { normalQuantile, wilsonLowerBound } from './inference/wilson-lower-bound';
export {
  histogramCounts,
  leafColumnPaths,
  type ProfileOptions,
  profileDataset,
} from './skew/profile-dataset';
export {
  type DetectSkewOptions,
  detectSkew,
  type SkewAnomaly,
  type SkewReport,
} from './skew/detect-skew';
export { jensenShannonDivergence, lInfinityDistance } from './statistics/distribution-distance';
