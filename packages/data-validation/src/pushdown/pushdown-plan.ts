import type { SelectItem, SqlDialect, SqlFragment } from '@ballast/kit';
import type { EmptyPolicy, EvaluationOutcome } from '../engine/expectation-evaluator';
import type { ResultLimits } from '../engine/unexpected-tally';
import type { ExpectationConfiguration } from '../suite/expectation-schemas';
import type { SqlColumnInfo } from './sql-columns';

/** Everything a compiler needs to write SQL for one expectation. */
export interface PushdownContext {
  readonly dialect: SqlDialect;
  /** FROM source of the table. */
  readonly from: SqlFragment;
  /** Columns by name, in table order. */
  readonly columns: ReadonlyMap<string, SqlColumnInfo>;
  readonly limits: ResultLimits;
  readonly onEmpty: EmptyPolicy;
  /** Path of the expectation in the suite, e.g. `expectations[3]`. */
  readonly path: string;
  /** The expectation's row condition as SQL; undefined when it has none. */
  readonly condition: SqlFragment | undefined;
  /** Canonical key of the row condition ('' without one), for sharing follow-up queries. */
  readonly conditionKey: string;
  /** A unique alias for an aggregate of this expectation. */
  alias(name: string): string;
}

/** Runs one follow-up query (already bound to the caller's signal and timeout). */
export type RunQuery = (statement: SqlFragment) => Promise<readonly Record<string, unknown>[]>;

/** What the finisher of an expectation reads: the shared aggregate row and a query runner. */
export interface FinishContext {
  /** The row of the single aggregate query (every expectation's aggregates, by alias). */
  readonly row: Readonly<Record<string, unknown>>;
  /** Rows in the whole table (ignores row conditions). */
  readonly rowCount: number;
  readonly columns: readonly SqlColumnInfo[];
  readonly otherTableRowCounts: Readonly<Record<string, number>>;
  readonly run: RunQuery;
  /** Computes `key` once per run, so expectations on one column share a follow-up query. */
  memo<Value>(key: string, compute: () => Promise<Value>): Promise<Value>;
}

/** One expectation compiled to SQL: its share of the aggregate scan and how to finish it. */
export interface PushdownPlan {
  /** Aggregates added to the one scan of the table. */
  readonly aggregates: readonly SelectItem[];
  /** Reads the aggregates (and runs follow-up queries, e.g. a LIMITed unexpected list). */
  finish(context: FinishContext): Promise<EvaluationOutcome>;
}

/**
 * Compiles one expectation. It returns a string when the expectation cannot be pushed down
 * for this table (the reason, reported in a typed error before anything scans).
 */
export type PushdownCompiler = (
  expectation: ExpectationConfiguration,
  context: PushdownContext,
) => PushdownPlan | string;
