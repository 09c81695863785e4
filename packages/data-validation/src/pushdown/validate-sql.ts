import {
  InvalidInputError,
  type SqlQueryOptions,
  type SqlTable,
  TimeoutError,
} from '@ballast/contracts';
import {
  type SelectItem,
  type SqlFragment,
  sqlDialect,
  sqlNumber,
  sqlParameters,
} from '@ballast/kit';
import { anomalyCodes } from '../anomaly-codes';
import { createEvaluator } from '../engine/evaluators/create-evaluator';
import type { EvaluationOutcome } from '../engine/expectation-evaluator';
import {
  appliesInEnvironment,
  compileCondition,
  type DataValidationReport,
  defaultMaxRetainedValues,
  type RunSuiteOptions,
  reportOf,
  toResult,
  type ValidationResult,
} from '../engine/run-suite';
import { type ResultFormat, type ResultLimits, resultLimitsFor } from '../engine/unexpected-tally';
import { defaultMaxPatternInputLength } from '../patterns/linear-pattern';
import type { ExpectationConfiguration, ExpectationSuite } from '../suite/expectation-schemas';
import { parseSuite } from '../suite/parse-suite';
import { mapPushdowns } from './map-pushdowns';
import { multicolumnPushdowns } from './multicolumn-pushdowns';
import type { FinishContext, PushdownCompiler, PushdownPlan } from './pushdown-plan';
import { rowConditionSql, UnsupportedCondition } from './row-condition-sql';
import { arrowSchemaOf, readSqlColumns } from './sql-columns';
import {
  finishInput,
  schemaExpectationTypes,
  statisticsExpectationTypes,
  statisticsPlan,
} from './statistics-pushdowns';

/** Options of a pushed-down run: the Arrow engine's options that apply, plus cancellation. */
export interface ValidateSqlOptions
  extends Omit<RunSuiteOptions, 'schema' | 'maxRetainedValues' | 'maxPatternInputLength'> {
  /** Cancels the running query on the engine; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Deadline for the whole run in milliseconds, shared by its queries; past it a `TimeoutError`. */
  timeoutMs?: number;
}

const compilers: Record<string, PushdownCompiler> = { ...mapPushdowns, ...multicolumnPushdowns };

/** The expectation types `validate` can push down to a SQL engine (see docs/warehouse.md). */
export const pushdownExpectationTypes: readonly string[] = Object.freeze(
  [...Object.keys(compilers), ...statisticsExpectationTypes, ...schemaExpectationTypes].sort(),
);

/** One expectation the engine cannot run, named in the `PUSHDOWN_UNSUPPORTED` error. */
export interface UnsupportedExpectation {
  /** Path in the suite, e.g. `expectations[3]`. */
  readonly path: string;
  readonly type: string;
  readonly reason: string;
}

function unsupportedError(
  unsupported: readonly UnsupportedExpectation[],
  dialect: string,
): InvalidInputError {
  const list = unsupported.map(item => `${item.path} ${item.type}: ${item.reason}`).join('; ');
  return new InvalidInputError({
    code: 'PUSHDOWN_UNSUPPORTED',
    message: `${unsupported.length} expectation${unsupported.length === 1 ? '' : 's'} cannot be pushed down to ${dialect}: ${list}. Validate those on Arrow data (validate(suite, table) with a Table or a file reader) or remove them from the suite.`,
    details: { path: unsupported[0]?.path, expectations: unsupported },
  });
}

interface Entry {
  readonly index: number;
  readonly path: string;
  readonly expectation: ExpectationConfiguration;
  readonly evaluator: ReturnType<typeof createEvaluator>;
  readonly condition?: NonNullable<ReturnType<typeof compileCondition>>;
  missingColumns: string[];
  plan?: PushdownPlan;
}

/**
 * Validates a table in a SQL engine without moving its rows: the suite is compiled into one
 * aggregate query (every expectation's counts and statistics side by side, row conditions as
 * CASE filters), plus small follow-up queries only where needed (at most the listed unexpected
 * values with LIMIT, distinct values, exact order statistics for quantiles). Returns the same
 * ValidationReport as the Arrow engine on the same data, except that row indices are not
 * reported (a warehouse table has no row order). Expectations the engine cannot express are
 * named in an InvalidInputError (`PUSHDOWN_UNSUPPORTED`) before any scan runs.
 *
 * @example
 * ```ts
 * const engine = await createDuckDbEngine();
 * const report = await validateSql(suite, sqlTable(engine, 'analytics.flights'), { timeoutMs: 60_000 });
 * ```
 */
export async function validateSql(
  suite: ExpectationSuite | string | object,
  table: SqlTable,
  options: ValidateSqlOptions = {},
): Promise<DataValidationReport> {
  const parsed = parseSuite(suite, options.parameters ? { parameters: options.parameters } : {});
  const { engine } = table;
  const dialect = sqlDialect(engine.dialect);
  const from = dialect.from(table);
  const format: ResultFormat = options.resultFormat ?? 'SUMMARY';
  const limits = resultLimitsFor(format, options.limits);
  const onEmpty = options.onEmpty ?? 'pass';
  const otherTableRowCounts = Object.fromEntries(
    Object.entries(options.otherTables ?? {}).map(([name, other]) => [
      name,
      typeof other === 'number' ? other : other.numRows,
    ]),
  );

  // 1. Compile what needs no data: evaluators (their kwarg checks), row conditions, support.
  const entries: Entry[] = [];
  const unsupported: UnsupportedExpectation[] = [];
  const conditions = new Map<string, NonNullable<ReturnType<typeof compileCondition>>>();
  parsed.expectations.forEach((expectation, index) => {
    if (!appliesInEnvironment(expectation, parsed, options.environment)) return;
    const path = `expectations[${index}]`;
    const evaluator = createEvaluator(expectation, {
      limits,
      maxPatternInputLength: defaultMaxPatternInputLength,
      maxRetainedValues: defaultMaxRetainedValues,
      path,
      ajv: () => {
        throw new Error('JSON Schema checks are not pushed down');
      },
    });
    const supported =
      expectation.type in compilers ||
      statisticsExpectationTypes.has(expectation.type) ||
      schemaExpectationTypes.has(expectation.type);
    if (!supported) {
      unsupported.push({ path, type: expectation.type, reason: 'no SQL form yet' });
      return;
    }
    entries.push({
      index,
      path,
      expectation,
      evaluator,
      missingColumns: [],
      ...(expectation.row_condition === undefined
        ? {}
        : { condition: compileCondition(expectation, path, conditions) }),
    });
  });
  if (unsupported.length > 0) throw unsupportedError(unsupported, dialect.name);

  // 2. The column list (a query that reads no rows), then each expectation's SQL.
  const deadline =
    options.timeoutMs === undefined ? undefined : Date.now() + Math.max(0, options.timeoutMs);
  const queryOptions = (): SqlQueryOptions => {
    options.signal?.throwIfAborted();
    if (deadline === undefined) return options.signal ? { signal: options.signal } : {};
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new TimeoutError({
        code: 'QUERY_TIMEOUT',
        message: `validate: the pushed-down run took longer than timeoutMs (${options.timeoutMs} ms)`,
      });
    }
    return { timeoutMs: remaining, ...(options.signal ? { signal: options.signal } : {}) };
  };
  const run = async (statement: SqlFragment) =>
    (await engine.query(dialect.render(statement), queryOptions())).rows;

  const columns = await readSqlColumns(engine, dialect, from, queryOptions());
  const columnMap = new Map(columns.map(column => [column.name, column]));
  const schema = arrowSchemaOf(columns);
  for (const entry of entries) {
    const needed = [...entry.evaluator.columns, ...(entry.condition?.columns ?? [])];
    entry.missingColumns = [...new Set(needed)].filter(name => !columnMap.has(name));
    if (entry.missingColumns.length > 0) continue;
    let aliasCount = 0;
    let condition: SqlFragment | undefined;
    if (entry.condition) {
      try {
        condition = rowConditionSql(entry.condition.condition, dialect, columnMap);
      } catch (error) {
        if (!(error instanceof UnsupportedCondition)) throw error;
        unsupported.push({
          path: entry.path,
          type: entry.expectation.type,
          reason: `row_condition: ${error.message}`,
        });
        continue;
      }
    }
    const context = {
      dialect,
      from,
      columns: columnMap,
      limits,
      onEmpty,
      path: entry.path,
      condition,
      conditionKey: entry.condition?.key ?? '',
      alias: (name: string) => `e${entry.index}_${name}_${aliasCount++}`,
    };
    const type = entry.expectation.type;
    const plan = schemaExpectationTypes.has(type)
      ? ({
          aggregates: [],
          finish: async finish =>
            entry.evaluator.finish(finishInput(context, finish, schema, finish.rowCount)),
        } satisfies PushdownPlan)
      : (statisticsPlan(entry.expectation, context, entry.evaluator, schema) ??
        (compilers[type] as PushdownCompiler)(entry.expectation, context));
    if (typeof plan === 'string') {
      unsupported.push({ path: entry.path, type, reason: plan });
      continue;
    }
    entry.plan = plan;
  }
  if (unsupported.length > 0) throw unsupportedError(unsupported, dialect.name);

  // 3. One scan for every aggregate, then each expectation's follow-ups, one at a time.
  // Expectations on one column ask for the same counts: each distinct aggregate is computed once.
  const aggregates: SelectItem[] = [['rows', dialect.countAll()]];
  const firstAlias = new Map<string, string>([[JSON.stringify(dialect.countAll().chunks), 'rows']]);
  const repeated: [alias: string, first: string][] = [];
  for (const [alias, expression] of entries.flatMap(entry => entry.plan?.aggregates ?? [])) {
    const key = JSON.stringify(expression.chunks);
    const first = firstAlias.get(key);
    if (first === undefined) {
      firstAlias.set(key, alias);
      aggregates.push([alias, expression]);
    } else repeated.push([alias, first]);
  }
  const scanned: Record<string, unknown> = {};
  for (const select of aggregateBatches(aggregates)) {
    const [part = {}] = await run(dialect.select({ select, from }));
    Object.assign(scanned, part);
  }
  const row: Record<string, unknown> = { ...scanned };
  for (const [alias, first] of repeated) row[alias] = scanned[first];
  const rowCount = sqlNumber(row.rows) ?? 0;
  const memo = new Map<string, Promise<unknown>>();
  const finishContext: FinishContext = {
    row,
    rowCount,
    columns,
    otherTableRowCounts,
    run,
    memo: <Value>(key: string, compute: () => Promise<Value>) => {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as Promise<Value>;
    },
  };
  const results: ValidationResult[] = [];
  for (const entry of entries) {
    const outcome: EvaluationOutcome =
      entry.missingColumns.length > 0
        ? {
            success: false,
            code: anomalyCodes.columnMissing,
            message: `column${entry.missingColumns.length > 1 ? 's' : ''} ${entry.missingColumns.join(', ')} not found`,
            result: { element_count: rowCount, details: { missing_columns: entry.missingColumns } },
          }
        : await (entry.plan as PushdownPlan).finish(finishContext);
    results.push(resultOf(entry.expectation, outcome, limits, format));
  }
  return reportOf(parsed.name, results, options.createdAt);
}

/**
 * Select items per aggregate query and bound values per query: PostgreSQL refuses a target list
 * of more than 1664 entries (its planner counts every aggregate's inputs and the columns they
 * read, not only the select items) and more than 65535 parameters in one statement, so a wide
 * suite scans the table a few times rather than failing.
 */
const MAX_AGGREGATES_PER_QUERY = 500;
const MAX_PARAMETERS_PER_QUERY = 30_000;

/** Splits the aggregates into queries within both limits (one batch whenever they fit). */
function aggregateBatches(aggregates: readonly SelectItem[]): SelectItem[][] {
  const batches: SelectItem[][] = [];
  let batch: SelectItem[] = [];
  let parameters = 0;
  for (const item of aggregates) {
    const count = sqlParameters(item[1]).length;
    if (
      batch.length > 0 &&
      (batch.length >= MAX_AGGREGATES_PER_QUERY || parameters + count > MAX_PARAMETERS_PER_QUERY)
    ) {
      batches.push(batch);
      batch = [];
      parameters = 0;
    }
    batch.push(item);
    parameters += count;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * A result in the Arrow engine's shape (its own `toResult`), without row indices: a SQL table
 * has no row order, so `partial_unexpected_index_list` and `unexpected_index_list` mean nothing.
 */
function resultOf(
  expectation: ExpectationConfiguration,
  outcome: EvaluationOutcome,
  limits: ResultLimits,
  format: ResultFormat,
): ValidationResult {
  // toResult reads only the expectation of the compiled entry.
  const result = toResult(
    { expectation } as Parameters<typeof toResult>[0],
    outcome,
    limits,
    format,
  );
  delete result.result.partial_unexpected_index_list;
  delete result.result.unexpected_index_list;
  return result;
}
