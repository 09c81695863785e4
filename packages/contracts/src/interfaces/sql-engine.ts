import { InvalidInputError } from '../errors/invalid-input-error';

/**
 * SQL dialects Ballast generates queries for. `duckdb` and `postgres` are tested against live
 * engines; the others are tested on the SQL they produce.
 */
export type SqlDialectName = 'duckdb' | 'postgres' | 'trino' | 'spark' | 'bigquery' | 'snowflake';

/** A value bound to a query parameter; never spliced into the SQL text. */
export type SqlValue = string | number | bigint | boolean | null | Date;

/** A statement with its bound parameters, written in the engine's placeholder style. */
export interface SqlQuery {
  /** The statement. Identifiers are already quoted; values appear only as placeholders. */
  readonly text: string;
  /** Values for the placeholders, in order. */
  readonly parameters?: readonly SqlValue[];
}

/** How one query runs. */
export interface SqlQueryOptions {
  /** Cancels the query on the engine when aborted; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Deadline in milliseconds; past it the query is cancelled and the promise rejects with a `TimeoutError`. */
  readonly timeoutMs?: number;
}

/** A column of a result set. */
export interface SqlColumn {
  /** Column name as the engine returned it. */
  readonly name: string;
  /** The engine's type name (for example `BIGINT`, `double precision`), for diagnostics. */
  readonly type?: string;
}

/** Rows returned by {@link SqlEngineV1.query}. */
export interface SqlResult {
  /** Result columns in order. */
  readonly columns: readonly SqlColumn[];
  /** One object per row keyed by column name. Integers beyond 2^53 may arrive as `bigint`. */
  readonly rows: readonly Record<string, unknown>[];
}

/**
 * A SQL engine that Ballast pushes scans down to: it runs a query and returns the aggregates,
 * so rows never travel to Node. Adapters: `createDuckDbEngine`, `createPostgresEngine` and the
 * others in `@ballast/warehouse`.
 *
 * @example
 * ```ts
 * const engine: SqlEngine = createDuckDbEngine();
 * const { rows } = await engine.query({ text: 'select count(*) as n from t where x > $1', parameters: [0] });
 * ```
 */
export interface SqlEngineV1 {
  /** Which version of this interface the implementation follows. */
  readonly specificationVersion: 'v1';
  /** The dialect generated SQL must be written in. */
  readonly dialect: SqlDialectName;
  /**
   * OpenLineage dataset namespace of this engine, for example `postgres://db.example:5432`
   * or `duckdb://` plus the database file path.
   */
  readonly lineageNamespace: string;
  /** Database (catalog) that unqualified table names belong to, used in lineage dataset names. */
  readonly database?: string;
  /** Schema that unqualified table names belong to (for example `public`, `main`), used in lineage dataset names. */
  readonly schema?: string;
  /** Runs one statement. Rejects with a `TimeoutError` past `timeoutMs`, with the reason when `signal` aborts. */
  query(query: SqlQuery, options?: SqlQueryOptions): Promise<SqlResult>;
  /** Releases connections. Queries after `close` reject. */
  close(): Promise<void>;
}

/** The current {@link SqlEngineV1}. */
export type SqlEngine = SqlEngineV1;

/**
 * What to read from an engine: a table (name parts, unquoted) or a query used as a subquery.
 * Build one with {@link sqlTable}.
 */
export type SqlTable =
  | {
      readonly kind: 'sql-table';
      readonly engine: SqlEngine;
      /** Name parts, for example `['analytics', 'flights']`; quoted by the dialect when used. */
      readonly table: readonly string[];
      readonly query?: undefined;
    }
  | {
      readonly kind: 'sql-table';
      readonly engine: SqlEngine;
      readonly table?: undefined;
      /** A SELECT statement used as a derived table. */
      readonly query: string;
    };

const selectPattern = /^\s*\(?\s*(select|with|from|values|table)\b/i;

/**
 * Names what an engine should read: a table (`'schema.table'`, parts split on dots; use
 * `{ table: [...] }` for names that contain dots) or a SELECT statement (a string starting with
 * `select`/`with`, or `{ query }`). The name is only data: it is quoted by the dialect, never
 * pasted into SQL.
 *
 * @example
 * ```ts
 * const table = sqlTable(engine, 'analytics.flights');
 * const recent = sqlTable(engine, "select * from flights where date >= '2024-01-01'");
 * ```
 */
export function sqlTable(
  engine: SqlEngine,
  source: string | { readonly table: string | readonly string[] } | { readonly query: string },
): SqlTable {
  if (!engine || typeof engine.query !== 'function' || typeof engine.dialect !== 'string') {
    throw new InvalidInputError({
      code: 'INVALID_ENGINE',
      message:
        'sqlTable: the first argument must be a SqlEngine (for example createDuckDbEngine()).',
    });
  }
  if (typeof source === 'string') {
    if (selectPattern.test(source)) return { kind: 'sql-table', engine, query: source };
    return { kind: 'sql-table', engine, table: tableParts(source.split('.')) };
  }
  if (
    source &&
    typeof source === 'object' &&
    'query' in source &&
    typeof source.query === 'string'
  ) {
    if (source.query.trim() === '') throw emptyName('query');
    return { kind: 'sql-table', engine, query: source.query };
  }
  if (source && typeof source === 'object' && 'table' in source) {
    const parts = typeof source.table === 'string' ? source.table.split('.') : [...source.table];
    return { kind: 'sql-table', engine, table: tableParts(parts) };
  }
  throw new InvalidInputError({
    code: 'INVALID_TABLE',
    message:
      "sqlTable: pass a table name ('schema.table'), a SELECT statement, { table } or { query }.",
  });
}

/** True when `value` was built by {@link sqlTable}. */
export function isSqlTable(value: unknown): value is SqlTable {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'sql-table' &&
    typeof (value as { engine?: { query?: unknown } }).engine?.query === 'function'
  );
}

function tableParts(parts: readonly string[]): readonly string[] {
  if (
    parts.length === 0 ||
    parts.length > 3 ||
    parts.some(part => typeof part !== 'string' || part === '')
  ) {
    throw emptyName('table');
  }
  return Object.freeze([...parts]);
}

function emptyName(what: 'table' | 'query'): InvalidInputError {
  return new InvalidInputError({
    code: 'INVALID_TABLE',
    message:
      what === 'table'
        ? 'sqlTable: a table name has one to three non-empty parts (table, schema.table or catalog.schema.table).'
        : 'sqlTable: the query is empty.',
  });
}
