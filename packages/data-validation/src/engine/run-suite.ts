import {
  type ExpectationResult,
  InvalidInputError,
  SPEC_VERSION,
  type ValidationReport,
} from '@ballast/contracts';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { type RecordBatch, Schema } from 'apache-arrow';
import { anomalyCodes } from '../anomaly-codes';
import { defaultMaxPatternInputLength, linearRegExpEngine } from '../patterns/linear-pattern';
import {
  checkStatisticsRows,
  type ParquetStatisticsFacts,
  statisticsEvaluator,
  statisticsFactsOf,
} from '../pushdown/parquet-statistics';
import type { ExpectationConfiguration, ExpectationSuite } from '../suite/expectation-schemas';
import type { SuiteParameters } from '../suite/suite-parameters';
import {
  conditionColumns,
  parseRowCondition,
  type RowCondition,
  unconditionalExpectationTypes,
} from '../suite/row-condition';
import { ColumnStatistics, type StatisticNeeds } from './column-statistics';
import {
  type ColumnView,
  createColumnView,
  findField,
  packRowSelection,
  type RowSelection,
} from './column-view';
import { evaluateRowCondition } from './condition-mask';
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
   * Most non-missing numbers kept per column for exact medians, quantiles and z-scores (default
   * 25,000,000, i.e. 200 MB). Past it the numbers are dropped, memory stays bounded, and those
   * expectations fail with `RETENTION_LIMIT_EXCEEDED`; `Infinity` keeps everything. A z-score
   * check keeps its own copy (plus 4 bytes per value of batches with missing values).
   */
  maxRetainedValues?: number;
  /** Schema to use when the stream has no batches. */
  schema?: Schema;
  /**
   * Values for the suite's `{ "$PARAMETER": name }` placeholders (GX suite parameters), filled
   * when `validate` parses the suite; `runSuite` takes a suite already parsed (see `parseSuite`).
   */
  parameters?: SuiteParameters;
  /** Fixed `createdAt`, for reproducible reports. */
  createdAt?: string;
}

/** One validation result: the contract's shape with the extra Great Expectations fields. */
export type ValidationResult = ExpectationResult & {
  expectation: ExpectationResult['expectation'] & {
    /** The expectation's `meta`, as written in the suite. */
    meta?: Record<string, unknown>;
    /** The expectation's `notes` (GX 1.x), as written in the suite. */
    notes?: string | string[];
  };
  result: ExpectationResultDetail;
};

/** The report produced by a run: the ValidationReport contract with richer results. */
export type DataValidationReport = ValidationReport & { results: ValidationResult[] };

/**
 * TFDV's environment rule: with an environment given, an expectation applies when the
 * environment is in its `in_environment` or the suite's `default_environment` (or neither is
 * set) and is not in its `not_in_environment`.
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

/** One distinct row condition of a suite, evaluated once per batch for all its expectations. */
interface CompiledCondition {
  /** Canonical form of the parsed condition: equal conditions written differently share it. */
  key: string;
  condition: RowCondition;
  columns: string[];
  /** Rows selected so far; the row count its expectations see. */
  selectedRows: number;
  /** Whether an expectation or statistic still needs the condition in this run. */
  used: boolean;
  /** A type error met while evaluating it (fails its expectations with `EVALUATION_ERROR`). */
  error?: unknown;
}

interface CompiledExpectation {
  expectation: ExpectationConfiguration;
  /** Where it sits in the suite, e.g. `expectations[3]`. */
  path: string;
  evaluator: ExpectationEvaluator;
  condition?: CompiledCondition;
  missingColumns: string[];
  error?: unknown;
}

/** Statistics of a column under a row condition are kept apart from its unconditioned ones. */
function statisticsKey(column: string, condition: CompiledCondition | undefined): string {
  return condition === undefined ? column : `${column}\u0000${condition.key}`;
}

/**
 * Parses an expectation's row condition (suites that did not come through `parseSuite` are
 * checked here too) and returns the shared compiled condition for its canonical form.
 */
export function compileCondition(
  expectation: ExpectationConfiguration,
  path: string,
  conditions: Map<string, CompiledCondition>,
): CompiledCondition | undefined {
  const text = expectation.row_condition;
  if (text === undefined) return undefined;
  if (unconditionalExpectationTypes.has(expectation.type)) {
    throw new InvalidInputError({
      code: 'INVALID_SUITE',
      message: `${path}.row_condition: ${expectation.type} reads the schema, not rows, and takes no row_condition`,
      details: { path: `${path}.row_condition` },
    });
  }
  if (expectation.condition_parser === undefined) {
    throw new InvalidInputError({
      code: 'INVALID_SUITE',
      message: `${path}.condition_parser is required with a row_condition ("pandas" or "great_expectations")`,
      details: { path: `${path}.condition_parser` },
    });
  }
  const condition = parseRowCondition(text, expectation.condition_parser, `${path}.row_condition`);
  const key = JSON.stringify(condition);
  let compiled = conditions.get(key);
  if (!compiled) {
    compiled = {
      key,
      condition,
      columns: conditionColumns(condition),
      selectedRows: 0,
      used: false,
    };
    conditions.set(key, compiled);
  }
  return compiled;
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

export function toResult(
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
      // Great Expectations lists the condition among the kwargs of a result.
      kwargs:
        expectation.row_condition === undefined
          ? (expectation.kwargs as Record<string, unknown>)
          : {
              ...expectation.kwargs,
              row_condition: expectation.row_condition,
              condition_parser: expectation.condition_parser,
            },
      ...(expectation.id === undefined ? {} : { id: expectation.id }),
      ...(expectation.meta === undefined ? {} : { meta: expectation.meta }),
      ...(expectation.notes === undefined ? {} : { notes: expectation.notes }),
    },
    success: outcome.success,
    severity: expectation.severity ?? 'error',
    ...(outcome.code === undefined ? {} : { code: outcome.code }),
    ...(outcome.message === undefined ? {} : { message: outcome.message }),
    result,
  };
}

/**
 * One batch as evaluators see it, with typed views built once per column; with `rowSelection`
 * (a row condition's mask) the views exclude the unselected rows.
 */
function batchInput(
  batch: RecordBatch,
  rowOffset: number,
  rowSelection?: RowSelection,
): BatchInput {
  const views = new Map<string, ColumnView | undefined>();
  return {
    batch,
    rowOffset,
    view(path) {
      if (!views.has(path)) views.set(path, createColumnView(batch, path, rowSelection));
      return views.get(path);
    },
  };
}

let sharedAjv: Ajv | undefined;

/**
 * One ajv for column JSON Schemas: errors are not collected (`allErrors` off), no `$data`, and
 * `pattern` runs on the linear-time engine.
 */
function columnAjv(): Ajv {
  if (!sharedAjv) {
    sharedAjv = new Ajv({
      allErrors: false,
      strict: false,
      $data: false,
      code: { regExp: linearRegExpEngine },
    });
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
  const conditions = new Map<string, CompiledCondition>();
  suite.expectations.forEach((expectation, index) => {
    if (!appliesInEnvironment(expectation, suite, options.environment)) return;
    const path = `expectations[${index}]`;
    const condition = compileCondition(expectation, path, conditions);
    const evaluator = createEvaluator(expectation, {
      limits,
      maxPatternInputLength: options.maxPatternInputLength ?? defaultMaxPatternInputLength,
      maxRetainedValues: options.maxRetainedValues ?? defaultMaxRetainedValues,
      path,
      ajv: columnAjv,
    });
    compiled.push({
      expectation,
      path,
      evaluator,
      missingColumns: [],
      ...(condition === undefined ? {} : { condition }),
    });
  });

  interface StatisticTarget {
    key: string;
    column: string;
    condition: CompiledCondition | undefined;
    needs: StatisticNeeds;
  }
  const statisticTargets = new Map<string, StatisticTarget>();
  for (const { evaluator, condition } of compiled) {
    for (const [column, needs] of evaluator.statisticNeeds ?? []) {
      const key = statisticsKey(column, condition);
      const merged = statisticTargets.get(key)?.needs ?? {};
      statisticTargets.set(key, {
        key,
        column,
        condition,
        needs: {
          values: merged.values || needs.values,
          valueCounts: merged.valueCounts || needs.valueCounts,
          variance: merged.variance || needs.variance,
          maxRetained: options.maxRetainedValues ?? defaultMaxRetainedValues,
        },
      });
    }
  }
  const statistics = new Map<string, ColumnStatistics>();
  let schema = options.schema;
  let rowCount = 0;
  let active: CompiledExpectation[] = [];
  let activeStatistics: StatisticTarget[] = [];
  let activeConditions: CompiledCondition[] = [];
  let prepared = false;
  let answeredFrom: ParquetStatisticsFacts | undefined;

  const prepare = (batchSchema: Schema) => {
    prepared = true;
    schema = batchSchema;
    const exists = (column: string) => findField(batchSchema, column) !== undefined;
    // Columns readParquet left undecoded: their expectations are answered from the footer.
    const facts = statisticsFactsOf(batchSchema);
    for (const entry of facts ? compiled : []) {
      const evaluator = statisticsEvaluator(entry.expectation, entry.path, facts!, exists);
      if (evaluator === undefined) continue;
      entry.evaluator = evaluator;
      answeredFrom = facts;
    }
    for (const entry of compiled) {
      const columns = [...entry.evaluator.columns, ...(entry.condition?.columns ?? [])];
      entry.missingColumns = [...new Set(columns)].filter(column => !exists(column));
      if (entry.condition && entry.missingColumns.length === 0) entry.condition.used = true;
    }
    active = compiled.filter(entry => entry.missingColumns.length === 0 && entry.evaluator.observe);
    activeStatistics = [...statisticTargets.values()].filter(
      target => exists(target.column) && (target.condition?.columns.every(exists) ?? true),
    );
    for (const target of activeStatistics) {
      statistics.set(target.key, new ColumnStatistics(target.needs));
      if (target.condition) target.condition.used = true;
    }
    activeConditions = [...conditions.values()].filter(condition => condition.used);
  };

  for await (const batch of batches) {
    if (!prepared) prepare(batch.schema);
    const input = batchInput(batch, rowCount);
    // Each distinct condition is evaluated once per batch into a row mask; its expectations
    // then read views in which the other rows are excluded.
    const conditionInputs = new Map<CompiledCondition, BatchInput>();
    for (const condition of activeConditions) {
      if (condition.error !== undefined) continue;
      try {
        const { mask } = evaluateRowCondition(condition.condition, batch.numRows, input.view);
        const selection = packRowSelection(mask);
        condition.selectedRows += selection.selected;
        conditionInputs.set(condition, batchInput(batch, rowCount, selection));
      } catch (error) {
        condition.error = error;
      }
    }
    const inputFor = (condition: CompiledCondition | undefined) =>
      condition === undefined ? input : conditionInputs.get(condition);
    for (const target of activeStatistics) {
      const view = inputFor(target.condition)?.view(target.column);
      if (view) statistics.get(target.key)!.observe(view);
    }
    for (const entry of active) {
      const entryInput = inputFor(entry.condition);
      if (entry.error !== undefined || entryInput === undefined) continue;
      try {
        entry.evaluator.observe!(entryInput);
      } catch (error) {
        // Malformed Arrow data is the input's fault, not one expectation's: the run fails, as
        // it does when the column's statistics meet it.
        if (isMalformedInput(error)) throw error;
        entry.error = error;
      }
    }
    rowCount += batch.numRows;
  }
  if (!schema) schema = new Schema([]);
  if (!prepared) prepare(schema);
  if (answeredFrom) checkStatisticsRows(answeredFrom, rowCount);

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
    const { condition } = entry;
    try {
      if (condition?.error !== undefined) throw condition.error;
      if (entry.error !== undefined) throw entry.error;
      const outcome = entry.evaluator.finish({
        rowCount: condition === undefined ? rowCount : condition.selectedRows,
        schema: finalSchema,
        limits,
        onEmpty,
        otherTableRowCounts,
        statistics: column =>
          statistics.get(statisticsKey(column, condition)) ?? new ColumnStatistics(),
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
  return reportOf(suite.name, results, options.createdAt);
}

/** Errors of malformed Arrow input, which fail the whole run rather than one expectation. */
function isMalformedInput(error: unknown): boolean {
  return error instanceof InvalidInputError && error.code === 'DICTIONARY_INDEX_OUT_OF_RANGE';
}

/** The report around a run's results: success unless an error-severity expectation failed, and the counts. */
export function reportOf(
  suiteName: string,
  results: ValidationResult[],
  createdAt: string | undefined,
): DataValidationReport {
  const successful = results.filter(result => result.success).length;
  return {
    kind: 'ValidationReport',
    specVersion: SPEC_VERSION,
    suite: suiteName,
    createdAt: createdAt ?? new Date().toISOString(),
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
