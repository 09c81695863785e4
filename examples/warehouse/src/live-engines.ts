// The live engines the warehouse tests run on: an in-memory DuckDB, and the PostgreSQL server that
// `.ci/run` starts (skipped locally when it is not running, a failure under CI; see
// @ballast/test-utils' postgresTestUrl). Each test file gets its own schema, dropped afterwards,
// so files sharing the server cannot see each other's tables.
import type { SqlEngine } from '@ballast/contracts';
import { postgresTestUrl } from '@ballast/test-utils/postgres-test-url';
import { createDuckDbEngine } from '@ballast/warehouse/duckdb';
import { createPostgresEngine } from '@ballast/warehouse/postgres';

export type LiveEngineName = 'duckdb' | 'postgres';

export const liveEngineNames: readonly LiveEngineName[] = ['duckdb', 'postgres'];

export interface LiveEngine {
  readonly engine: SqlEngine;
  /** A schema of this test file's own (created empty). */
  readonly schema: string;
  /** The PostgreSQL connection string (PostgreSQL only). */
  readonly url?: string;
  /** Drops the schema and closes the engine. */
  cleanup(): Promise<void>;
}

/** Opens `name` with a fresh schema named after `label`; undefined when PostgreSQL is not running locally. */
export async function openLiveEngine(
  name: LiveEngineName,
  label: string,
): Promise<LiveEngine | undefined> {
  if (name === 'duckdb') {
    const engine = await createDuckDbEngine();
    await engine.query({ text: `CREATE SCHEMA ${label}` });
    return { engine, schema: label, cleanup: () => engine.close() };
  }
  const url = await postgresTestUrl();
  if (!url) return undefined;
  const engine = await createPostgresEngine({ connectionString: url });
  const schema = `${label}_${process.pid}_${Date.now()}`;
  await engine.query({ text: `CREATE SCHEMA ${schema}` });
  return {
    engine,
    schema,
    url,
    cleanup: async () => {
      // Under load a DROP of a busy schema can take a while on the shared server.
      await engine.query({ text: `DROP SCHEMA ${schema} CASCADE` }, { timeoutMs: 60_000 });
      await engine.close();
    },
  };
}

/** One live engine per name, each opening a fresh schema with `table` qualified into it. */
export interface LiveTableCase {
  readonly name: LiveEngineName;
  open(): Promise<{ engine: SqlEngine; table: string; cleanup: () => Promise<void> } | undefined>;
}

/** A {@link LiveTableCase} per live engine: schema named after `label`, table `<schema>.<table>`. */
export function liveTableCases(label: string, table: string): LiveTableCase[] {
  return liveEngineNames.map(name => ({
    name,
    open: async () => {
      const live = await openLiveEngine(name, label);
      return live && { ...live, table: `${live.schema}.${table}` };
    },
  }));
}
