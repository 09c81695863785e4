import type { SqlEngine, SqlQuery, SqlResult } from '@ballast/contracts';
import { defineEngine, rowsToObjects } from '../engine/define-engine';
import { normalizeValue, parseNumericText } from '../engine/normalize-value';
import { clientError } from './client-errors';
import { requireClient, requireString } from './require-option';
import { trinoLiteral, trinoString } from './trino-literal';

/** One page of a Trino result, as `trino-client`'s `QueryResult`. */
export interface TrinoQueryResultLike {
  readonly id?: string;
  readonly columns?: readonly { readonly name: string; readonly type?: string }[] | null;
  readonly data?: readonly (readonly unknown[])[] | null;
  readonly error?: { readonly message?: string; readonly errorName?: string } | null;
}

/** The part of a `trino-client` `Trino` instance the engine uses. */
export interface TrinoClientLike {
  query(
    query: string | { readonly query: string; readonly catalog?: string; readonly schema?: string },
  ): Promise<AsyncIterable<TrinoQueryResultLike>>;
  cancel(queryId: string): Promise<unknown>;
}

/** Options of {@link createTrinoEngine}. */
export interface TrinoEngineOptions {
  /** A `Trino` client (`Trino.create({ server, catalog, schema, auth })` from `trino-client`). */
  readonly client: TrinoClientLike;
  /** The coordinator's URL, for the lineage namespace `trino://{host}:{port}`. */
  readonly server: string;
  /** Catalog unqualified names belong to (the client's default catalog). */
  readonly catalog?: string;
  /** Schema unqualified names belong to. */
  readonly schema?: string;
}

/**
 * Wraps a Trino (or Presto-protocol) client as a {@link SqlEngine} with the `trino` dialect.
 * Parameters (`?` placeholders) are bound server-side with `EXECUTE IMMEDIATE … USING` (Trino 418
 * and later): the statement and each value are sent as separate literals, never spliced together.
 * `timeoutMs` and `signal` cancel the query on the coordinator. Tested with a fake client here.
 *
 * @example
 * ```ts
 * import { Trino, BasicAuth } from 'trino-client';
 * import { createTrinoEngine } from '@ballast/warehouse/clients';
 *
 * const server = 'http://trino.internal:8080';
 * const engine = createTrinoEngine({ client: Trino.create({ server, catalog: 'hive', auth: new BasicAuth('ml') }), server, catalog: 'hive' });
 * ```
 */
export function createTrinoEngine(options: TrinoEngineOptions): SqlEngine {
  requireClient(
    'createTrinoEngine',
    options?.client,
    ['query', 'cancel'],
    'a trino-client Trino instance',
  );
  const server = requireString(
    'createTrinoEngine',
    'server',
    options.server,
    "the coordinator URL, e.g. 'http://trino:8080'",
  );
  const { client } = options;
  return defineEngine({
    name: 'Trino engine',
    dialect: 'trino',
    lineageNamespace: `trino://${hostAndPort(server, 8080)}`,
    ...(options.catalog === undefined ? {} : { database: options.catalog }),
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    async execute(query: SqlQuery, onCancel): Promise<SqlResult> {
      const parameters = query.parameters ?? [];
      const text =
        parameters.length === 0
          ? query.text
          : `EXECUTE IMMEDIATE ${trinoString(query.text)} USING ${parameters.map(trinoLiteral).join(', ')}`;
      let columns: { name: string; type?: string }[] = [];
      const data: unknown[][] = [];
      try {
        const pages = await client.query({
          query: text,
          ...(options.catalog === undefined ? {} : { catalog: options.catalog }),
          ...(options.schema === undefined ? {} : { schema: options.schema }),
        });
        let cancelRegistered = false;
        for await (const page of pages) {
          if (!cancelRegistered && page.id) {
            const id = page.id;
            onCancel(() => client.cancel(id).then(() => {}));
            cancelRegistered = true;
          }
          if (page.error)
            throw Object.assign(new Error(page.error.message ?? 'Trino query failed'), page.error);
          if (page.columns && columns.length === 0)
            columns = page.columns.map(c => ({
              name: c.name,
              ...(c.type ? { type: c.type } : {}),
            }));
          if (page.data) for (const row of page.data) data.push([...row]);
        }
      } catch (cause) {
        throw clientError('trino', query.text, cause);
      }
      const decimal = columns.map(c => /^decimal/i.test(c.type ?? ''));
      const timestamp = columns.map(c => /^(timestamp|date)/i.test(c.type ?? ''));
      const rows = data.map(row =>
        row.map((value, index) => {
          if (typeof value === 'string' && decimal[index]) return parseNumericText(value);
          if (typeof value === 'string' && timestamp[index]) return trinoTimestamp(value);
          return value;
        }),
      );
      return {
        columns,
        rows: rowsToObjects(
          columns.map(c => c.name),
          rows,
          normalizeValue,
        ),
      };
    },
    release: () => {},
  });
}

/** `host:port` of a URL (or of a bare `host[:port]`), with the default port filled in. */
export function hostAndPort(address: string, defaultPort: number): string {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(address);
  const url = new URL(hasScheme ? address : `http://${address}`);
  const schemePort =
    url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : undefined;
  const port = url.port || (hasScheme ? (schemePort ?? String(defaultPort)) : String(defaultPort));
  return `${url.hostname}:${port}`;
}

/** Trino sends `timestamp` as `2024-01-02 03:04:05.678` (UTC wall clock) and `date` as `2024-01-02`. */
function trinoTimestamp(text: string): unknown {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?))?(?: (UTC|Z))?$/.exec(
    text,
  );
  if (!match) return text;
  const date = new Date(`${match[1]}T${match[2] ?? '00:00:00'}Z`);
  return Number.isNaN(date.getTime()) ? text : date;
}
