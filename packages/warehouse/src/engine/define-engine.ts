import type {
  SqlDialectName,
  SqlEngine,
  SqlQuery,
  SqlQueryOptions,
  SqlResult,
} from '@ballast/contracts';
import { EngineLifecycle } from './engine-lifecycle';
import { runCancellable } from './run-cancellable';
import { validateParameters } from './validate-parameters';

/** What an adapter supplies; {@link defineEngine} adds validation, deadlines, cancellation and `close`. */
export interface EngineDefinition {
  readonly name: string;
  readonly dialect: SqlDialectName;
  readonly lineageNamespace: string;
  readonly database?: string;
  readonly schema?: string;
  /**
   * Runs one validated statement; calls `onCancel` with how to stop it once it is running, and
   * checks `isStopped()` before sending it (the caller may have given up while it waited for a
   * connection).
   */
  execute(
    query: SqlQuery,
    onCancel: (cancel: () => void | Promise<void>) => void,
    isStopped: () => boolean,
  ): Promise<SqlResult>;
  /** Releases what the engine owns, after running statements settled. */
  release(): void | Promise<void>;
}

/**
 * Builds a {@link SqlEngine} from an adapter's `execute`: every engine checks its parameters,
 * honours `timeoutMs` and `signal` and refuses queries after `close` the same way.
 */
export function defineEngine(definition: EngineDefinition): SqlEngine {
  const lifecycle = new EngineLifecycle(definition.name);
  return {
    specificationVersion: 'v1',
    dialect: definition.dialect,
    lineageNamespace: definition.lineageNamespace,
    ...(definition.database === undefined ? {} : { database: definition.database }),
    ...(definition.schema === undefined ? {} : { schema: definition.schema }),
    query(query: SqlQuery, options: SqlQueryOptions = {}): Promise<SqlResult> {
      try {
        lifecycle.assertOpen();
        validateParameters(definition.dialect, query);
      } catch (error) {
        return Promise.reject(error);
      }
      const run = runCancellable(definition.dialect, options ?? {}, (onCancel, isStopped) =>
        definition.execute(query, onCancel, isStopped),
      );
      lifecycle.track(run.settled, run.abandon);
      return run.result;
    },
    close(): Promise<void> {
      return lifecycle.close(() => definition.release());
    },
  };
}

/** Turns positional rows into objects keyed by column name, values normalised. */
export function rowsToObjects(
  names: readonly string[],
  rows: readonly (readonly unknown[])[],
  normalize: (value: unknown) => unknown,
): Record<string, unknown>[] {
  return rows.map(values => {
    const row: Record<string, unknown> = {};
    values.forEach((value, index) => {
      row[names[index] ?? String(index)] = normalize(value);
    });
    return row;
  });
}
