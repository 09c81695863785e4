import { type ExpectationResult, SPEC_VERSION, type ValidationReport } from '@ballast/contracts';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { type RecordBatch, Schema } from 'apache-arrow';
import { anomalyCodes } from '../anomaly-codes';
import { defaultMaxPatternInputLength } from '../regex-guard';
import type { ExpectationConfiguration, ExpectationSuite } from '../suite/expectation-schemas';
import { ColumnStatistics, type StatisticNeeds } from './column-statistics';
import { type ColumnView, createColumnView, findField } from './column-view';
import { createEvaluator } from './evaluators/create-evaluator';
import type {
  BatchInput,
  EmptyPolicy,
  ExpectationEvaluator,
  ExpectationResultDetail,
  EvaluationOutcome,
} from './expectation-evaluator';
import { type ResultFormat, type ResultLimits, resultLimitsFor } from './unexpected-tally';

/** Options shared by every way of running a suite. */
export interface RunSuiteOptions {
  /** TFDV environment (e.g. `SERVING`): expectations not in it are skipped. */
  environment?: string;
  /**
   * Great Expectations' result format (default `SUMMARY`): which lists results carry and how
   * long they may grow. See {@link ResultFormat}.
   */
  resultFormat?: ResultFormat;
  /**
   * Caps on `partial_unexpected_list`, `unexpected_index_list` and `unexpected_list`, over the
   * result format's (`SUMMARY`: 20, 1000, 0).
   */
  limits?: Partial<ResultLimits>;
  /** Map expectations over zero non-missing rows: `pass` (default, as Great Expectations) or `fail`. */
  onEmpty?: EmptyPolicy;
  /** Row counts (or tables) for `expect_table_row_count_to_equal_other_table`. */
  otherTables?: Record<string, number | { numRows: number }>;
  /** Longest string a regex is run against (default 10,000); longer ones count as unexpected. */
  maxPatternInputLength?: number;
  /**
   * Most non-missing numbers kept per column for exact medians and quantiles (default
   * 25,000,000, i.e. 200 MB). Past it the numbers are dropped, memory stays bounded, and those
   * expectations fail with `RETENTION_LIMIT_EXCEEDED`; `Infinity` keeps everything.
   */
  maxRetainedValues?: number;
  /** Schema to use when the stream has no batches. */
  schema?: Schema;
  /** Fixed `createdAt`, for reproducible reports. */
  createdAt?: string;
}

/** One validation result: the contract's shape with the extra Great Expectations fields. */
export type ValidationResult = ExpectationResult & { result: ExpectationResultDetail };

/** The report produced by a run: the ValidationReport contract with richer results. */
export type DataValidationReport = ValidationReport & { results: ValidationResult[] };

/**
 * TFDV's environment rule: with an environment given, an expectation applies when the
 * environment is in its `in_environment` or the suite's `default_environment` (or neither is
 * set) and is not in its `not_in_environment`.
 *
 * @example
 * ```ts
 * const active = suite.expectations.filter(expectation => appliesInEnvironment(expectation, suite, 'SERVING'));
 * ```
 */
export function appliesInEnvironment(
  expectation: ExpectationConfiguration,
  suite: ExpectationSuite,
  environment: string | undefined,
): boolean {
  if (environment === undefined) return true;
  if (expectation.not_in_environment?.includes(environment)) return false;
  const included = [...(expectation.in_environment ?? []), ...(suite.default_environment ?? [])];
  return included.length === 0 || included.includes(environment);
}

/** Default of {@link RunSuiteOptions.maxRetainedValues}: 200 MB of float64 per column. */
export const defaultMaxRetainedValues = 25_000_000;

interface CompiledExpectation {
  expectation: ExpectationConfiguration;
  evaluator: ExpectationEvaluator;
  missingColumns: string[];
  error?: unknown;
}

function emptyDetail(): ExpectationResultDetail {
  return {
    element_count: 0,
    missing_count: 0,
    missing_percent: null,
    unexpected_count: 0,
    unexpected_percent: null,
    unexpected_percent_total: null,
    unexpected_percent_nonmissing: null,
    partial_unexpected_list: [],
  };
}

function toResult(
  compiled: CompiledExpectation,
  outcome: EvaluationOutcome,
  limits: ResultLimits,
  format: ResultFormat,
): ValidationResult {
  const { expectation } = compiled;
  const result = { ...emptyDetail(), ...outcome.result };
  if (limits.unexpectedIndexCount === 0) delete result.unexpected_index_list;
  if (limits.unexpectedListCount === 0) delete result.unexpected_list;
  if (format === 'BOOLEAN_ONLY' || format === 'BASIC') {
    delete result.partial_unexpected_index_list;
    delete result.partial_unexpected_counts;
  }
  return {
    expectation: {
      type: expectation.type,
      kwargs: expectation.kwargs as Record<string, unknown>,
      ...(expectation.id === undefined ? {} : { id: expectation.id }),
    },
    success: outcome.success,
    severity: expectation.severity ?? 'error',
    ...(outcome.code === undefined ? {} : { code: outcome.code }),
    ...(outcome.message === undefined ? {} : { message: outcome.message }),
    result,
  };
}

let sharedAjv: Ajv | undefined;

/** One ajv for column JSON Schemas: errors are not collected (`allErrors` off), no `$data`. */
function columnAjv(): Ajv {
  if (!sharedAjv) {
    sharedAjv = new Ajv({ allErrors: false, strict: false, $data: false });
    addFormats(sharedAjv);
  }
  return sharedAjv;
}

/**
 * Runs a parsed suite over a sequence of record batches in one pass: per batch, column
 * statistics needed by aggregate expectations are accumulated (mergeable) and row
 * expectations run their vectorised kernels; then every expectation is finished from the
 * statistics and tallies. A missing column fails only its expectations (`COLUMN_MISSING`);
 * an expectation that throws fails with `EVALUATION_ERROR`; the rest of the suite still runs.
 *
 * @example
 * ```ts
 * const report = await runSuite(parseSuite(text), RecordBatchReader.from(stream), { environment: 'SERVING' });
 * ```
 */
export async function runSuite(
  suite: ExpectationSuite,
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  options: RunSuiteOptions = {},
): Promise<DataValidationReport> {
  const format = options.resultFormat ?? 'SUMMARY';
  const limits = resultLimitsFor(format, options.limits);
  const onEmpty = options.onEmpty ?? 'pass';
  const compiled: CompiledExpectation[] = [];
  suite.expectations.forEach((expectation, index) => {
    if (!appliesInEnvironment(expectation, suite, options.environment)) return;
    const evaluator = createEvaluator(expectation, {
      limits,
      maxPatternInputLength: options.maxPatternInputLength ?? defaultMaxPatternInputLength,
      path: `expectations[${index}]`,
      ajv: columnAjv,
    });
    compiled.push({ expectation, evaluator, missingColumns: [] });
  });

  const needsByColumn = new Map<string, StatisticNeeds>();
  for (const { evaluator } of compiled) {
    for (const [column, needs] of evaluator.statisticNeeds ?? []) {
      const merged = needsByColumn.get(column) ?? {};
      needsByColumn.set(column, {
        values: merged.values || needs.values,
        valueCounts: merged.valueCounts || needs.valueCounts,
        variance: merged.variance || needs.variance,
        maxRetained: options.maxRetainedValues ?? defaultMaxRetainedValues,
      });
    }
  }
  const statistics = new Map<string, ColumnStatistics>();
  let schema = options.schema;
  let rowCount = 0;
  let active: CompiledExpectation[] = [];
  let statisticColumns: string[] = [];
  let prepared = false;

  const prepare = (batchSchema: Schema) => {
    prepared = true;
    schema = batchSchema;
    for (const entry of compiled) {
      entry.missingColumns = entry.evaluator.columns.filter(
        column => findField(batchSchema, column) === undefined,
      );
    }
    active = compiled.filter(entry => entry.missingColumns.length === 0 && entry.evaluator.observe);
    statisticColumns = [...needsByColumn.keys()].filter(
      column => findField(batchSchema, column) !== undefined,
    );
    for (const column of statisticColumns)
      statistics.set(column, new ColumnStatistics(needsByColumn.get(column)));
  };

  for await (const batch of batches) {
    if (!prepared) prepare(batch.schema);
    const views = new Map<string, ColumnView | undefined>();
    const input: BatchInput = {
      batch,
      rowOffset: rowCount,
      view(path) {
        if (!views.has(path)) views.set(path, createColumnView(batch, path));
        return views.get(path);
      },
    };
    for (const column of statisticColumns) {
      const view = input.view(column);
      if (view) statistics.get(column)!.observe(view);
    }
    for (const entry of active) {
      if (entry.error !== undefined) continue;
      try {
        entry.evaluator.observe!(input);
      } catch (error) {
        entry.error = error;
      }
    }
    rowCount += batch.numRows;
  }
  if (!schema) schema = new Schema([]);
  if (!prepared) prepare(schema);

  const otherTableRowCounts = Object.fromEntries(
    Object.entries(options.otherTables ?? {}).map(([name, table]) => [
      name,
      typeof table === 'number' ? table : table.numRows,
    ]),
  );
  const finalSchema = schema;
  const results = compiled.map(entry => {
    if (entry.missingColumns.length > 0) {
      return toResult(
        entry,
        {
          success: false,
          code: anomalyCodes.columnMissing,
          message: `column${entry.missingColumns.length > 1 ? 's' : ''} ${entry.missingColumns.join(', ')} not found`,
          result: { element_count: rowCount, details: { missing_columns: entry.missingColumns } },
        },
        limits,
        format,
      );
    }
    try {
      if (entry.error !== undefined) throw entry.error;
      const outcome = entry.evaluator.finish({
        rowCount,
        schema: finalSchema,
        limits,
        onEmpty,
        otherTableRowCounts,
        statistics: column => statistics.get(column) ?? new ColumnStatistics(),
      });
      return toResult(entry, outcome, limits, format);
    } catch (error) {
      return toResult(
        entry,
        {
          success: false,
          code: anomalyCodes.evaluationError,
          message: `evaluation failed: ${(error as Error)?.message ?? String(error)}`,
          result: { element_count: rowCount },
        },
        limits,
        format,
      );
    }
  });
  const successful = results.filter(result => result.success).length;
  return {
    kind: 'ValidationReport',
    specVersion: SPEC_VERSION,
    suite: suite.name,
    createdAt: options.createdAt ?? new Date().toISOString(),
    success: results.every(result => result.success || result.severity !== 'error'),
    statistics: {
      evaluated: results.length,
      successful,
      unsuccessful: results.length - successful,
      successPercent: results.length === 0 ? null : (successful / results.length) * 100,
    },
    results,
  };
}
