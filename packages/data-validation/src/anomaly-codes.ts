/**
 * Stable anomaly codes carried by every failed expectation, named in the style of TFDV's
 * `AnomalyInfo.Type` so they can be switched on across releases and mapped onto policy gates.
 */
export const anomalyCodes = {
  /** The column (or dot path) named by the expectation is not in the data. */
  columnMissing: 'COLUMN_MISSING',
  /** The column has an Arrow or logical type other than the one expected. */
  unexpectedType: 'UNEXPECTED_TYPE',
  /** Null (or NaN) values where none, or fewer, were expected. */
  nullValues: 'NULL_VALUES',
  /** Non-null values where nulls were expected. */
  nonNullValues: 'NON_NULL_VALUES',
  /** Values outside `[min_value, max_value]`. */
  valueOutOfRange: 'VALUE_OUT_OF_RANGE',
  /** Values outside `value_set`. */
  valueNotInSet: 'VALUE_NOT_IN_SET',
  /** Values inside a forbidden `value_set`. */
  valueInForbiddenSet: 'VALUE_IN_FORBIDDEN_SET',
  /** Strings that do not match the required regular expression. */
  patternMismatch: 'PATTERN_MISMATCH',
  /** Strings that match a forbidden regular expression. */
  forbiddenPattern: 'FORBIDDEN_PATTERN',
  /** Repeated values in a column expected to be unique. */
  duplicateValues: 'DUPLICATE_VALUES',
  /** Repeated value combinations across columns expected to be jointly unique. */
  duplicateRows: 'DUPLICATE_ROWS',
  /** String or list lengths outside the expected bounds. */
  valueLengthOutOfRange: 'VALUE_LENGTH_OUT_OF_RANGE',
  /** An aggregate statistic (min, max, mean, median, quantile, stdev, sum, ...) out of bounds. */
  statisticOutOfRange: 'STATISTIC_OUT_OF_RANGE',
  /** No non-missing values to compute a statistic from. */
  statisticsNotAvailable: 'STATS_NOT_AVAILABLE',
  /** Distinct values outside the allowed set. */
  unexpectedDistinctValues: 'UNEXPECTED_DISTINCT_VALUES',
  /** Required distinct values absent from the column. */
  missingDistinctValues: 'MISSING_DISTINCT_VALUES',
  /** The proportion or number of unique values is out of bounds. */
  uniquenessOutOfRange: 'UNIQUENESS_OUT_OF_RANGE',
  /** The most common value is not in the allowed set. */
  mostCommonValueNotInSet: 'MOST_COMMON_VALUE_NOT_IN_SET',
  /** Values not above (or, without `strictly`, below) the previous non-missing value. */
  valuesNotIncreasing: 'VALUES_NOT_INCREASING',
  /** Values not below (or, without `strictly`, above) the previous non-missing value. */
  valuesNotDecreasing: 'VALUES_NOT_DECREASING',
  /** Values whose z-score is not below the threshold (in absolute value when double-sided). */
  zScoreOutOfRange: 'Z_SCORE_OUT_OF_RANGE',
  /** Rows where column A is not greater than column B. */
  columnPairOrderViolated: 'COLUMN_PAIR_ORDER_VIOLATED',
  /** Rows whose multicolumn sum differs from the expected total. */
  rowSumMismatch: 'ROW_SUM_MISMATCH',
  /** Fewer rows than the lower bound (TFDV `DATASET_LOW_NUM_EXAMPLES`). */
  datasetLowNumExamples: 'DATASET_LOW_NUM_EXAMPLES',
  /** More rows than the upper bound (TFDV `DATASET_HIGH_NUM_EXAMPLES`). */
  datasetHighNumExamples: 'DATASET_HIGH_NUM_EXAMPLES',
  /** The row count differs from the expected count or from another table's. */
  rowCountMismatch: 'ROW_COUNT_MISMATCH',
  /** The other table named by `other_table_name` was not supplied. */
  otherTableMissing: 'OTHER_TABLE_MISSING',
  /** The table's column set differs from the expected set. */
  columnSetMismatch: 'COLUMN_SET_MISMATCH',
  /** The table's columns are not in the expected order. */
  columnOrderMismatch: 'COLUMN_ORDER_MISMATCH',
  /** Strings that cannot be parsed as dates or times. */
  unparseableDatetime: 'UNPARSEABLE_DATETIME',
  /** Strings that are not valid JSON documents. */
  unparseableJson: 'UNPARSEABLE_JSON',
  /** Rows whose pair of values differs, or is not among the allowed pairs. */
  columnPairMismatch: 'COLUMN_PAIR_MISMATCH',
  /** Rows in which a value repeats across the selected columns. */
  duplicateWithinRecord: 'DUPLICATE_WITHIN_RECORD',
  /** The share of non-null values is out of bounds. */
  completenessOutOfRange: 'COMPLETENESS_OUT_OF_RANGE',
  /** Values that do not satisfy the JSON Schema. */
  jsonSchemaMismatch: 'JSON_SCHEMA_MISMATCH',
  /** A string longer than the regex length guard; it is counted as unexpected, never matched. */
  valueTooLongForPattern: 'VALUE_TOO_LONG_FOR_PATTERN',
  /** A record failed a JSON Schema or Standard Schema check. */
  recordInvalid: 'RECORD_INVALID',
  /** Categorical training/serving skew above the L-infinity threshold. */
  comparatorLInftyHigh: 'COMPARATOR_L_INFTY_HIGH',
  /** Numeric training/serving skew above the Jensen-Shannon threshold. */
  comparatorJensenShannonDivergenceHigh: 'COMPARATOR_JENSEN_SHANNON_DIVERGENCE_HIGH',
  /** A feature expected in this environment is absent from the serving data. */
  schemaMissingColumn: 'SCHEMA_MISSING_COLUMN',
  /** The expectation threw while evaluating; the rest of the suite still ran. */
  evaluationError: 'EVALUATION_ERROR',
  /** An exact statistic needs more retained values than `maxRetainedValues` allows. */
  retentionLimitExceeded: 'RETENTION_LIMIT_EXCEEDED',
} as const;

/** One of the stable anomaly codes in {@link anomalyCodes}. */
export type AnomalyCode = (typeof anomalyCodes)[keyof typeof anomalyCodes];
