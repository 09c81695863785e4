import type { SqlEngine, SqlQuery, SqlResult } from '@ballast/contracts';
import { defineEngine, rowsToObjects } from '../engine/define-engine';
import { normalizeValue } from '../engine/normalize-value';
import { clientError } from './client-errors';
import { requireClient, requireString } from './require-option';
import { hostAndPort } from './trino-engine';

/** A running statement, as `@databricks/sql`'s `IOperation`. */
export interface DatabricksOperationLike {
  fetchAll(): Promise<readonly Record<string, unknown>[]>;
  getSchema?(): Promise<{
    readonly columns?: readonly { readonly columnName: string; readonly typeDesc?: unknown }[];
  } | null>;
  cancel(): Promise<unknown>;
  close(): Promise<unknown>;
}

/** A session, as `@databricks/sql`'s `IDBSQLSession`. */
export interface DatabricksSessionLike {
  executeStatement(
    statement: string,
    options?: { readonly ordinalParameters?: readonly unknown[]; readonly runAsync?: boolean },
  ): Promise<DatabricksOperationLike>;
  close(): Promise<unknown>;
}

/** A connected `DBSQLClient` from `@databricks/sql`. */
export interface DatabricksClientLike {
  openSession(request?: {
    readonly initialCatalog?: string;
    readonly initialSchema?: string;
  }): Promise<DatabricksSessionLike>;
}

/** Options of {@link createDatabricksEngine}. */
export interface DatabricksEngineOptions {
  /** A connected `DBSQLClient` (`await new DBSQLClient().connect({ host, path, token })`). */
  readonly client: DatabricksClientLike;
  /** The workspace host (`dbc-1234.cloud.databricks.com`), for the lineage namespace. */
  readonly host: string;
  /** Catalog unqualified names belong to (the session's initial catalog). */
  readonly catalog?: string;
  /** The session's initial schema. */
  readonly schema?: string;
}

/**
 * Wraps a Databricks SQL client as a {@link SqlEngine} with the `spark` dialect. The engine opens
 * one session (closed by `close()`; the client stays yours); parameters (`?`) are sent as
 * Databricks ordinal parameters; `timeoutMs` and `signal` cancel the operation. Tested with a
 * fake client here.
 *
 * @example
 * ```ts
 * import { DBSQLClient } from '@databricks/sql';
 * import { createDatabricksEngine } from '@ballast/warehouse/clients';
 *
 * const host = 'dbc-1234.cloud.databricks.com';
 * const client = await new DBSQLClient().connect({ host, path: '/sql/1.0/warehouses/abc', token });
 * const engine = createDatabricksEngine({ client, host, catalog: 'main' });
 * ```
 */
export function createDatabricksEngine(options: DatabricksEngineOptions): SqlEngine {
  requireClient(
    'createDatabricksEngine',
    options?.client,
    ['openSession'],
    'a connected @databricks/sql DBSQLClient',
  );
  const host = requireString(
    'createDatabricksEngine',
    'host',
    options.host,
    "the workspace host, e.g. 'dbc-1234.cloud.databricks.com'",
  );
  const { client } = options;
  let session: Promise<DatabricksSessionLike> | undefined;
  const openSession = (): Promise<DatabricksSessionLike> => {
    session ??= client.openSession({
      ...(options.catalog === undefined ? {} : { initialCatalog: options.catalog }),
      ...(options.schema === undefined ? {} : { initialSchema: options.schema }),
    });
    session.catch(() => {
      session = undefined;
    });
    return session;
  };
  return defineEngine({
    name: 'Databricks engine',
    dialect: 'spark',
    lineageNamespace: `databricks://${hostAndPort(host, 443).replace(/:443$/, '')}`,
    ...(options.catalog === undefined ? {} : { database: options.catalog }),
    schema: options.schema ?? 'default',
    async execute(query: SqlQuery, onCancel): Promise<SqlResult> {
      let operation: DatabricksOperationLike | undefined;
      try {
        const open = await openSession();
        const parameters = query.parameters ?? [];
        operation = await open.executeStatement(query.text, {
          runAsync: true,
          ...(parameters.length === 0 ? {} : { ordinalParameters: [...parameters] }),
        });
        const running = operation;
        onCancel(() => running.cancel().then(() => {}));
        const rows = await operation.fetchAll();
        const schema = await operation.getSchema?.();
        const names =
          schema?.columns?.map(column => column.columnName) ?? Object.keys(rows[0] ?? {});
        const columns =
          schema?.columns?.map(column => ({
            name: column.columnName,
            ...typeName(column.typeDesc),
          })) ?? names.map(name => ({ name }));
        return {
          columns,
          rows: rowsToObjects(
            names,
            rows.map(row => names.map(name => row[name])),
            normalizeValue,
          ),
        };
      } catch (cause) {
        throw clientError('spark', query.text, cause);
      } finally {
        await operation?.close().catch(() => {});
      }
    },
    release: async () => {
      if (session) await (await session.catch(() => undefined))?.close();
    },
  });
}

function typeName(typeDesc: unknown): { type?: string } {
  const entry = (typeDesc as { types?: { primitiveEntry?: { type?: unknown } }[] })?.types?.[0]
    ?.primitiveEntry?.type;
  return entry === undefined ? {} : { type: String(entry) };
}
