import {
  InvalidInputError,
  type SqlEngine,
  type SqlQuery,
  type SqlResult,
  TimeoutError,
  UnavailableDependencyError,
} from '@ballast/contracts';
import { loadOptionalPeer, type PeerModule, sleep } from '@ballast/kit';
import { defineEngine, rowsToObjects } from '../engine/define-engine';
import { normalizeValue } from '../engine/normalize-value';
import { notSent } from '../engine/not-sent';
import { queryFailed } from '../engine/query-failed';
import { textParameter } from '../engine/text-parameter';
import type { PgModuleLike, PgPoolClientLike, PgPoolLike, PgResultLike } from './pg-peer';
import { ballastPgTypes, pgTypeNames } from './pg-types';
import { postgresLocation } from './postgres-location';

/** Options of {@link createPostgresEngine}: a connection string, or a pool the application owns. */
export type PostgresEngineOptions = PostgresEngineCommonOptions &
  (
    | {
        /** `postgres://user:password@host:5432/database`; the engine creates and ends its own pool. */
        readonly connectionString: string;
        readonly pool?: undefined;
        /** Connections in the engine's pool. Default 4. */
        readonly max?: number;
        /**
         * Server-side `statement_timeout` of the engine's connections, in milliseconds: a backstop
         * for statements whose caller gave no `timeoutMs`. Default: the server's.
         */
        readonly statementTimeoutMs?: number;
      }
    | {
        /** A `pg.Pool` (or compatible) the application created; `close()` leaves it open. */
        readonly pool: PgPoolLike;
        readonly connectionString?: undefined;
        readonly max?: undefined;
        readonly statementTimeoutMs?: undefined;
      }
  );

/** Options shared by both forms of {@link PostgresEngineOptions}. */
export interface PostgresEngineCommonOptions {
  /** The `pg` module, or a loader; imported lazily when omitted. */
  readonly pg?: PeerModule<unknown>;
  /** Schema unqualified table names resolve to (your `search_path`), for lineage names. Default `public`. */
  readonly schema?: string;
}

/**
 * Connects to PostgreSQL as a {@link SqlEngine}. Parameters are `$1`, `$2`, … and always travel
 * separately from the statement (extended protocol). `timeoutMs` and `signal` cancel the running
 * statement on the server (`pg_cancel_backend` from a side connection), and the connection is
 * returned to the pool only once the statement has stopped.
 *
 * Results: `bigint` and `numeric` columns are a `number` while exact and a `bigint` beyond 2^53
 * (fractional `numeric` the nearest double); `timestamp` is read as UTC, `timestamptz` and
 * `date` are `Date`s. A `Date` parameter is sent as an ISO-8601 UTC instant; an untyped parameter
 * is text to PostgreSQL, so cast where the type matters (`$1::double precision`).
 *
 * @example
 * ```ts
 * import { createPostgresEngine } from '@ballast/warehouse/postgres';
 *
 * const engine = await createPostgresEngine({ connectionString: process.env.DATABASE_URL! });
 * const { rows } = await engine.query(
 *   { text: 'select count(*) as n from analytics.flights where delay > $1', parameters: [30] },
 *   { timeoutMs: 60_000 },
 * );
 * await engine.close();
 * ```
 */
export async function createPostgresEngine(options: PostgresEngineOptions): Promise<SqlEngine> {
  const ownsPool = options?.pool === undefined;
  if (
    ownsPool &&
    (typeof options?.connectionString !== 'string' || options.connectionString === '')
  ) {
    throw new InvalidInputError({
      code: 'INVALID_ENGINE_OPTION',
      message:
        'createPostgresEngine: pass { connectionString: "postgres://user:password@host:5432/db" } or { pool }.',
    });
  }
  const loaded = await loadOptionalPeer('pg', options.pg, () => import('pg') as Promise<unknown>);
  const pg = ((loaded as { default?: PgModuleLike }).default ?? loaded) as PgModuleLike;
  const pool: PgPoolLike = options.pool ?? createPool(pg, options);
  const config = (pool.options as Readonly<Record<string, unknown>> | undefined) ?? {
    connectionString: options.connectionString,
  };
  const location = postgresLocation(config);
  const types = ballastPgTypes(pg.types);

  async function cancelBackend(processId: number): Promise<void> {
    // A side connection, not one from the pool: the pool may be exhausted by the very
    // statements we are cancelling.
    const client = new pg.Client({ ...config, statement_timeout: undefined });
    client.on?.('error', () => {});
    try {
      await client.connect();
      await client.query('select pg_cancel_backend($1)', [processId]);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /**
   * A cancel request that reaches the backend before it has read the statement is discarded by
   * the server, so it is repeated (every second, five times at most) until the statement ends.
   */
  async function cancelUntilEnded(processId: number, ended: AbortSignal): Promise<void> {
    for (let attempt = 0; attempt < 5 && !ended.aborted; attempt += 1) {
      await cancelBackend(processId).catch(() => {});
      await sleep(1000, ended).catch(() => {});
    }
  }

  async function execute(
    query: SqlQuery,
    onCancel: (cancel: () => Promise<void>) => void,
    isStopped: () => boolean,
  ): Promise<SqlResult> {
    let client: PgPoolClientLike;
    try {
      client = await pool.connect();
    } catch (cause) {
      throw unavailable(location.host, location.port, cause);
    }
    // The caller gave up while the pool was busy: do not send the statement at all.
    if (isStopped()) {
      client.release();
      throw notSent();
    }
    let cancelling: Promise<void> | undefined;
    const statementEnded = new AbortController();
    const processId = client.processID;
    if (typeof processId === 'number') {
      onCancel(() => {
        cancelling = cancelUntilEnded(processId, statementEnded.signal);
        return cancelling;
      });
    }
    let broken = false;
    try {
      const answer = await client.query({
        text: query.text,
        values: (query.parameters ?? []).map(value => textParameter(value)),
        rowMode: 'array',
        types,
      });
      // A script of several statements (simple protocol, no parameters) answers with one result
      // per statement; the last one is the script's result.
      const result = Array.isArray(answer) ? (answer.at(-1) as PgResultLike) : answer;
      const fields = result?.fields ?? [];
      const columns = fields.map(field => ({
        name: field.name,
        type: pgTypeNames[field.dataTypeID] ?? `oid ${field.dataTypeID}`,
      }));
      const names = fields.map(field => field.name);
      return {
        columns,
        rows: rowsToObjects(names, (result?.rows ?? []) as unknown[][], normalizeValue),
      };
    } catch (cause) {
      broken = isConnectionError(cause);
      throw translateError(query.text, cause, location.host, location.port);
    } finally {
      statementEnded.abort();
      // Keep the connection until a cancel in flight has landed, so it cannot hit the next
      // statement run on this connection.
      if (cancelling) await cancelling.catch(() => {});
      client.release(broken || undefined);
    }
  }

  return defineEngine({
    name: 'PostgreSQL engine',
    dialect: 'postgres',
    lineageNamespace: `postgres://${location.host}:${location.port}`,
    database: location.database,
    schema: options.schema ?? 'public',
    execute,
    release: async () => {
      if (ownsPool) await pool.end();
    },
  });
}

function createPool(
  pg: PgModuleLike,
  options: {
    readonly connectionString?: string;
    readonly max?: number;
    readonly statementTimeoutMs?: number;
  },
): PgPoolLike {
  const max = options.max ?? 4;
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new InvalidInputError({
      code: 'INVALID_ENGINE_OPTION',
      message: `createPostgresEngine: max must be a positive integer (got ${String(options.max)}).`,
    });
  }
  const timeout = options.statementTimeoutMs;
  if (timeout !== undefined && (!Number.isSafeInteger(timeout) || timeout <= 0)) {
    throw new InvalidInputError({
      code: 'INVALID_ENGINE_OPTION',
      message: `createPostgresEngine: statementTimeoutMs must be a positive integer (got ${String(timeout)}).`,
    });
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max,
    application_name: 'ballast',
    ...(timeout === undefined ? {} : { statement_timeout: timeout }),
  });
  // An idle connection dropped by the server emits 'error' on the pool; without a listener
  // Node would crash the process. The next query reports the failure instead.
  pool.on?.('error', () => {});
  return pool;
}

function isConnectionError(cause: unknown): boolean {
  const code = (cause as { code?: unknown })?.code;
  if (typeof code !== 'string') return true;
  // 08P01 is also how the server rejects a bind with the wrong number of parameters.
  if (code === '08P01') return false;
  return /^(08|57P|53)/.test(code) || /^E[A-Z]+$/.test(code);
}

function translateError(text: string, cause: unknown, host: string, port: number): Error {
  const code = (cause as { code?: unknown })?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (code === '57014' && /statement timeout/i.test(message)) {
    return new TimeoutError({
      code: 'QUERY_TIMEOUT',
      message: `postgres: the server cancelled the statement at its statement_timeout: ${message}`,
      cause,
    });
  }
  if (isConnectionError(cause)) return unavailable(host, port, cause);
  return queryFailed('postgres', text, cause);
}

function unavailable(host: string, port: number, cause: unknown): UnavailableDependencyError {
  const code = (cause as { code?: unknown })?.code;
  const authentication = typeof code === 'string' && code.startsWith('28');
  return new UnavailableDependencyError({
    code: 'ENGINE_UNAVAILABLE',
    isRetryable: !authentication,
    message: `postgres: could not reach the server at ${host}:${port}: ${cause instanceof Error ? cause.message : String(cause)}`,
    details: { host, port },
    cause,
  });
}
