import type { SqlEngine, SqlQuery, SqlResult } from '@ballast/contracts';
import { defineEngine, rowsToObjects } from '../engine/define-engine';
import { textParameter } from '../engine/text-parameter';
import { normalizeValue, parseNumericText } from '../engine/normalize-value';
import { clientError } from './client-errors';
import { requireClient, requireString } from './require-option';

/** A statement, as `snowflake-sdk`'s `RowStatement`. */
export interface SnowflakeStatementLike {
  cancel(callback?: (error?: unknown) => void): void;
  getColumns?(): readonly { getName(): string; getType?(): string }[] | undefined;
}

/** The part of a connected `snowflake-sdk` `Connection` the engine uses. */
export interface SnowflakeConnectionLike {
  execute(options: {
    readonly sqlText: string;
    readonly binds?: readonly unknown[];
    readonly fetchAsString?: readonly string[];
    readonly complete: (
      error: unknown,
      statement: SnowflakeStatementLike,
      rows?: readonly Record<string, unknown>[],
    ) => void;
  }): SnowflakeStatementLike;
}

/** Options of {@link createSnowflakeEngine}. */
export interface SnowflakeEngineOptions {
  /** A connected `snowflake-sdk` connection. */
  readonly client: SnowflakeConnectionLike;
  /** The account identifier `{organization}-{account}` (as in `myorg-myaccount.snowflakecomputing.com`), for lineage. */
  readonly account: string;
  /** Database unqualified names belong to (the connection's database). */
  readonly database?: string;
  /** Schema unqualified names belong to (the connection's schema). Default `PUBLIC`. */
  readonly schema?: string;
}

/**
 * Wraps a Snowflake connection as a {@link SqlEngine} with the `snowflake` dialect. Parameters (`?`)
 * are Snowflake binds (a `Date` as an ISO-8601 UTC string, a `bigint` as text: cast where the
 * type matters); numbers are fetched as text and parsed exactly (`number` while safe, else
 * `bigint`); `timeoutMs` and `signal` cancel the statement. Tested with a fake client here.
 *
 * @example
 * ```ts
 * import snowflake from 'snowflake-sdk';
 * import { createSnowflakeEngine } from '@ballast/warehouse/clients';
 *
 * const connection = snowflake.createConnection({ account: 'myorg-myaccount', username, password, database: 'ANALYTICS' });
 * await new Promise((resolve, reject) => connection.connect(error => (error ? reject(error) : resolve(undefined))));
 * const engine = createSnowflakeEngine({ client: connection, account: 'myorg-myaccount', database: 'ANALYTICS' });
 * ```
 */
export function createSnowflakeEngine(options: SnowflakeEngineOptions): SqlEngine {
  requireClient(
    'createSnowflakeEngine',
    options?.client,
    ['execute'],
    'a connected snowflake-sdk Connection',
  );
  const account = requireString(
    'createSnowflakeEngine',
    'account',
    options.account,
    "the account identifier, e.g. 'myorg-myaccount'",
  );
  const { client } = options;
  return defineEngine({
    name: 'Snowflake engine',
    dialect: 'snowflake',
    lineageNamespace: `snowflake://${account
      .trim()
      .toLowerCase()
      .replace(/\.snowflakecomputing\.com$/, '')}`,
    ...(options.database === undefined ? {} : { database: options.database }),
    schema: options.schema ?? 'PUBLIC',
    execute(query: SqlQuery, onCancel): Promise<SqlResult> {
      return new Promise<SqlResult>((resolve, reject) => {
        const parameters = query.parameters ?? [];
        try {
          const statement = client.execute({
            sqlText: query.text,
            ...(parameters.length === 0
              ? {}
              : {
                  binds: parameters.map(value =>
                    textParameter(value, { infinity: ['inf', '-inf'] }),
                  ),
                }),
            fetchAsString: ['Number'],
            complete: (error, done, rows) => {
              if (error) {
                reject(clientError('snowflake', query.text, error));
                return;
              }
              const described = done?.getColumns?.() ?? [];
              const names =
                described.length > 0
                  ? described.map(column => column.getName())
                  : Object.keys(rows?.[0] ?? {});
              const numeric = described.map(column =>
                /^(number|fixed|real|float|decimal)/i.test(column.getType?.() ?? ''),
              );
              resolve({
                columns:
                  described.length > 0
                    ? described.map(column => ({
                        name: column.getName(),
                        ...(column.getType ? { type: column.getType() } : {}),
                      }))
                    : names.map(name => ({ name })),
                rows: rowsToObjects(
                  names,
                  (rows ?? []).map(row =>
                    names.map((name, index) => numberText(row[name], numeric[index] ?? false)),
                  ),
                  normalizeValue,
                ),
              });
            },
          });
          onCancel(() => new Promise<void>(done => statement.cancel(() => done())));
        } catch (cause) {
          reject(clientError('snowflake', query.text, cause));
        }
      });
    },
    release: () => {},
  });
}

/** Numbers arrive as text (`fetchAsString`) so that NUMBER(38,0) keeps every digit. */
function numberText(value: unknown, numeric: boolean): unknown {
  if (typeof value !== 'string' || !numeric) return value;
  if (value === 'inf') return Number.POSITIVE_INFINITY;
  if (value === '-inf') return Number.NEGATIVE_INFINITY;
  return parseNumericText(value);
}
