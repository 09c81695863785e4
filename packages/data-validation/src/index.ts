/**
 * @ballast/data-validation: dataset and record validation with Great Expectations' vocabulary
 * over Arrow batches. This index lists what applications call; engine kernels and helpers are
 * on the `@ballast/data-validation/internals` subpath.
 */
export { type AnomalyCode, anomalyCodes } from './anomaly-codes';
export {
  type ExpectationCommonFields,
  type ExpectationConfiguration,
  type ExpectationKwargs,
  type ExpectationSuite,
  type ExpectationType,
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
  parseRowCondition,
  type RowCondition,
} from './suite/row-condition';
export { defineSuite, type SuiteBuilder } from './suite/suite-builder';
export { suiteColumns } from './suite/suite-columns';
export {
  type GxExpectationJson,
  type GxSuiteJson,
  toGxSuite,
} from './suite/great-expectations';
export type { EmptyPolicy, ExpectationResultDetail } from './engine/expectation-evaluator';
export {
  type DataValidationReport,
  type RunSuiteOptions,
  runSuite,
  type ValidationResult,
} from './engine/run-suite';
export type { ResultFormat, ResultLimits } from './engine/unexpected-tally';
export type { RecordBatchLike, TableLike } from './arrow/foreign-arrow';
export { type DatasetInput, validate } from './validate';
export {
  pushdownExpectationTypes,
  type UnsupportedExpectation,
  type ValidateSqlOptions,
  validateSql,
} from './pushdown/validate-sql';
export { type ReadArrowIpcOptions, readArrowIpc } from './io/read-arrow-ipc';
export { type ParquetWasmModule, type ReadParquetOptions, readParquet } from './io/read-parquet';
export { type ReadCsvOptions, readCsv } from './io/read-csv';
export { type ReadTextOptions, readJsonLines } from './io/read-json-lines';
export { readDatasetFile } from './io/read-dataset-file';
export { recordsToTable } from './records/records-to-arrow';
export { renderSummary } from './report/render-summary';
export {
  type JsonSchema,
  type SuiteJsonSchema,
  suiteToJsonSchema,
} from './records/suite-to-json-schema';
export {
  type RecordError,
  type RecordRules,
  type RecordValidationResult,
  type ValidateRecordsOptions,
  validateRecords,
} from './records/validate-records';
export { type InferSuiteOptions, inferSuite } from './inference/infer-suite';
export { leafColumnPaths } from './inference/summarize-reference';
