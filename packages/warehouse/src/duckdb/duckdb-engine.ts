import { resolve } from 'node:path';
import {
  InvalidInputError,
  type SqlEngine,
  type SqlQuery,
  type SqlResult,
  type SqlValue,
} from '@ballast/contracts';
import { loadOptionalPeer, type PeerModule } from '@ballast/kit';
import { defineEngine, rowsToObjects } from '../engine/define-engine';
import { normalizeValue, parseNumericText } from '../engine/normalize-value';
import { notSent } from '../engine/not-sent';
import { queryFailed } from '../engine/query-failed';
import type {
  DuckDbInstanceLike,
  DuckDbResultLike,
  DuckDbModuleLike,
  DuckDbPreparedStatementLike,
} from './duckdb-peer';

/** Options of {@link createDuckDbEngine}. */
export interface DuckDbEngineOptions {
  /** Database file; omitted or `':memory:'` for an in-memory database (files are still read in place). */
  readonly path?: string;
  /**
   * Memory DuckDB may use before it spills to `tempDirectory`, as DuckDB writes it (`'512MB'`,
   * `'4GB'`) or a number of bytes. Default: DuckDB's (80 % of RAM).
   */
  readonly memoryLimit?: string | number;
  /** Worker threads. Default: DuckDB's (one per core). */
  readonly threads?: number;
  /** Where larger-than-memory operators spill. Default: DuckDB's (`<path>.tmp`, or `.tmp` in memory). */
  readonly tempDirectory?: string;
  /** Opens the database file read-only, so several processes can read it. */
  readonly readOnly?: boolean;
  /** Further DuckDB settings passed when the database opens (for example `{ preserve_insertion_order: 'false' }`). */
  readonly config?: Readonly<Record<string, string>>;
  /** The `@duckdb/node-api` module, or a loader; imported lazily when omitted. */
  readonly duckdb?: PeerModule<unknown>;
}

const memoryPath = ':memory:';

/**
 * Opens an embedded DuckDB database as a {@link SqlEngine}: the default engine for pushdown, which
 * reads Parquet, CSV and Arrow files in place (`read_parquet('flights.parquet')`) and runs larger
 * than memory within `memoryLimit`. Parameters are `$1`, `$2`, …; every query runs on its own
 * connection so `timeoutMs` and `signal` interrupt exactly that query.
 *
 * Sessions run in UTC (`TimeZone`), whatever the process's time zone, unless `config` sets one.
 *
 * Results: integers are `number` while exact and `bigint` beyond 2^53; `DECIMAL` is a `number`
 * (nearest double); `TIMESTAMP`, `TIMESTAMPTZ` and `DATE` are `Date` (a `TIMESTAMP` is read as UTC).
 * Parameters: a `Date` binds as a UTC `TIMESTAMP`, an integral `number` as `BIGINT`, other numbers
 * as `DOUBLE`, a `bigint` as `BIGINT` (or `HUGEINT` past 64 bits).
 *
 * Temporary tables are per connection in DuckDB and so last one query here; create regular tables
 * (or views) in an in-memory database instead.
 *
 * @example
 * ```ts
 * import { createDuckDbEngine } from '@ballast/warehouse/duckdb';
 *
 * const engine = await createDuckDbEngine({ memoryLimit: '1GB' });
 * const { rows } = await engine.query({
 *   text: "select count(*) as n from read_parquet('flights.parquet') where delay > $1",
 *   parameters: [30],
 * });
 * await engine.close();
 * ```
 */
export async function createDuckDbEngine(options: DuckDbEngineOptions = {}): Promise<SqlEngine> {
  const config = duckDbConfig(options);
  const path = options.path === undefined || options.path === '' ? memoryPath : options.path;
  const duckdb = (await loadOptionalPeer(
    '@duckdb/node-api',
    options.duckdb,
    () => import('@duckdb/node-api') as Promise<unknown>,
  )) as DuckDbModuleLike;
  let instance: DuckDbInstanceLike;
  try {
    instance = await duckdb.DuckDBInstance.create(path, config);
  } catch (cause) {
    throw new InvalidInputError({
      code: 'DATABASE_OPEN_FAILED',
      message: `createDuckDbEngine: could not open ${path === memoryPath ? 'an in-memory database' : `"${path}"`}: ${cause instanceof Error ? cause.message : String(cause)}`,
      details: { path },
      cause,
    });
  }
  if (config.TimeZone === undefined) await useUtc(instance);
  const inMemory = path === memoryPath;

  async function execute(
    query: SqlQuery,
    onCancel: (cancel: () => void) => void,
    isStopped: () => boolean,
  ): Promise<SqlResult> {
    const connection = await instance.connect();
    onCancel(() => connection.interrupt());
    try {
      if (isStopped()) throw notSent();
      const parameters = query.parameters ?? [];
      let result: Awaited<ReturnType<DuckDbPreparedStatementLike['runAndReadAll']>>;
      try {
        if (parameters.length === 0) {
          result = await connection.runAndReadAll(query.text);
        } else {
          const statement = await connection.prepare(query.text);
          if (statement.parameterCount !== parameters.length) {
            throw new InvalidInputError({
              code: 'PARAMETER_COUNT_MISMATCH',
              message: `duckdb: the statement has ${statement.parameterCount} placeholder(s) but ${parameters.length} parameter(s) were given.`,
              details: { expected: statement.parameterCount, received: parameters.length },
            });
          }
          parameters.forEach((value, index) => {
            bind(duckdb, statement, index + 1, value);
          });
          result = await statement.runAndReadAll();
        }
      } catch (cause) {
        if (InvalidInputError.isInstance(cause)) throw cause;
        throw queryFailed('duckdb', query.text, cause);
      }
      const names = result.columnNames();
      const types = result.columnTypes();
      const columns = names.map((name, index) => ({ name, type: String(types[index]) }));
      return { columns, rows: rowsToObjects(names, readRows(result, columns), normalizeValue) };
    } finally {
      connection.closeSync();
    }
  }

  return defineEngine({
    name: 'DuckDB engine',
    dialect: 'duckdb',
    lineageNamespace: inMemory ? 'duckdb://memory' : `duckdb://${resolve(path)}`,
    database: inMemory ? 'memory' : databaseName(path),
    schema: 'main',
    execute,
    release: () => instance.closeSync(),
  });
}

/**
 * The rows as JavaScript values. DuckDB's own conversion turns every DECIMAL into a double, which
 * rounds a `DECIMAL(38, 0)` sum past 2^53; DECIMAL columns are read from their exact text instead.
 */
function readRows(result: DuckDbResultLike, columns: readonly { type: string }[]): unknown[][] {
  const rows = result.getRowsJS();
  const decimals = columns.flatMap((column, index) =>
    /^DECIMAL\b/.test(column.type) ? [index] : [],
  );
  if (decimals.length === 0 || rows.length === 0) return rows;
  const exact = result.getRows();
  return rows.map((row, rowIndex) => {
    const copy = [...row];
    for (const index of decimals) {
      const value = exact[rowIndex]?.[index];
      copy[index] = value === null || value === undefined ? null : parseNumericText(String(value));
    }
    return copy;
  });
}

/**
 * With the ICU extension loaded, DuckDB takes the process's time zone for `TIMESTAMPTZ`
 * arithmetic and casts; `Date` parameters are bound as UTC timestamps, so the sessions run in UTC
 * to compare them with `TIMESTAMPTZ` columns correctly wherever the process runs. (It cannot be
 * set at open time, before ICU is loaded. Without ICU, DuckDB is always UTC.)
 */
async function useUtc(instance: DuckDbInstanceLike): Promise<void> {
  const connection = await instance.connect();
  try {
    await connection.runAndReadAll("SET GLOBAL TimeZone = 'UTC'");
  } catch {
    // No ICU: time zones are UTC already.
  } finally {
    connection.closeSync();
  }
}

function bind(
  duckdb: DuckDbModuleLike,
  statement: DuckDbPreparedStatementLike,
  index: number,
  value: SqlValue,
): void {
  if (value === null) statement.bindNull(index);
  else if (typeof value === 'boolean') statement.bindBoolean(index, value);
  else if (typeof value === 'string') statement.bindVarchar(index, value);
  else if (typeof value === 'bigint') {
    if (value >= -(2n ** 63n) && value < 2n ** 63n) statement.bindBigInt(index, value);
    else statement.bindHugeInt(index, value);
  } else if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) statement.bindBigInt(index, BigInt(value));
    else statement.bindDouble(index, value);
  } else statement.bindTimestamp(index, duckdb.timestampValue(BigInt(value.getTime()) * 1000n));
}

function duckDbConfig(options: DuckDbEngineOptions): Record<string, string> {
  const config: Record<string, string> = { ...options.config };
  if (options.memoryLimit !== undefined) {
    const limit = options.memoryLimit;
    if (typeof limit === 'number') {
      if (!Number.isSafeInteger(limit) || limit <= 0) throw invalidOption('memoryLimit', limit);
      config.memory_limit = `${Math.max(1, Math.floor(limit / 1024))}KiB`;
    } else if (typeof limit === 'string' && /^\s*\d+(\.\d+)?\s*[a-z]*\s*$/i.test(limit)) {
      config.memory_limit = limit;
    } else throw invalidOption('memoryLimit', limit);
  }
  if (options.threads !== undefined) {
    if (!Number.isSafeInteger(options.threads) || options.threads < 1) {
      throw invalidOption('threads', options.threads);
    }
    config.threads = String(options.threads);
  }
  if (options.tempDirectory !== undefined) config.temp_directory = options.tempDirectory;
  if (options.readOnly) config.access_mode = 'READ_ONLY';
  return config;
}

function invalidOption(name: string, value: unknown): InvalidInputError {
  return new InvalidInputError({
    code: 'INVALID_ENGINE_OPTION',
    message: `createDuckDbEngine: ${name} ${
      name === 'memoryLimit'
        ? "must be a size such as '512MB' or '4GB', or a positive number of bytes"
        : 'must be a positive integer'
    } (got ${String(value)}).`,
    details: { [name]: value },
  });
}

/** DuckDB names an attached file's catalog after the file name without its extension. */
function databaseName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  const dot = base.indexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
