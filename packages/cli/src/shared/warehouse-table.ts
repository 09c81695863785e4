import { extname } from 'node:path';
import { type SqlEngine, type SqlTable, sqlTable } from '@ballast/contracts';
import { type Command, Option } from 'commander';
import { CliError } from './cli-error';
import { type CliContext, resolvePath } from './context';
import { parseNumber } from './options';

/** The engines `--engine` accepts. */
export const warehouseEngines = ['duckdb', 'postgres'] as const;

/** The warehouse options of `validate` and `profile`. */
export interface WarehouseOptions {
  engine?: (typeof warehouseEngines)[number];
  table?: string;
  connection?: string;
  database?: string;
  memoryLimit?: string;
  timeout?: string;
}

/** Adds `--engine`, `--table`, `--connection`, `--database` and `--memory-limit` to a command. */
export function addWarehouseOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--engine <engine>', 'run in this SQL engine instead of reading a file').choices(
        warehouseEngines,
      ),
    )
    .option(
      '--table <name|query>',
      'with --engine: a table (schema.table), a SELECT statement, or (duckdb) a Parquet/CSV/JSON file',
    )
    .option(
      '--connection <url>',
      'with --engine postgres: postgres://user:password@host:5432/db (default: $DATABASE_URL)',
    )
    .option('--database <file>', 'with --engine duckdb: database file (default: in memory)')
    .option('--memory-limit <size>', "with --engine duckdb: DuckDB's memory limit, e.g. 2GB")
    .option(
      '--timeout <seconds>',
      'with --engine: cancel the queries in the engine past this deadline',
    );
}

/** `--timeout <seconds>` as the `timeoutMs` of the pushed-down run (nothing without it). */
export function warehouseTimeout(options: WarehouseOptions): { timeoutMs?: number } {
  if (options.timeout === undefined) return {};
  const seconds = parseNumber(options.timeout, '--timeout');
  if (!(seconds > 0)) {
    throw new CliError({
      code: 'INVALID_OPTION',
      message: `--timeout expects a positive number of seconds, got "${options.timeout}".`,
      fix: 'pass for example --timeout 300',
    });
  }
  return { timeoutMs: Math.max(1, Math.round(seconds * 1000)) };
}

/** An engine and the table to read in it; `close` releases the engine. */
export interface OpenedWarehouseTable {
  readonly engine: SqlEngine;
  readonly table: SqlTable;
  close(): Promise<void>;
}

const duckDbReaders: Record<string, string> = {
  '.parquet': 'read_parquet',
  '.csv': 'read_csv',
  '.tsv': 'read_csv',
  '.json': 'read_json',
  '.jsonl': 'read_json',
  '.ndjson': 'read_json',
};

/**
 * Checks that a command got exactly one source, a data file or `--engine` with `--table`, and
 * returns whether it is the warehouse. Options that belong to the other source are rejected
 * rather than ignored.
 */
export function usesWarehouse(data: string | undefined, options: WarehouseOptions): boolean {
  const warehouse = options.engine !== undefined || options.table !== undefined;
  if (warehouse && data !== undefined) {
    throw usage(`got both a data file (${data}) and --engine/--table`, 'pass one or the other');
  }
  if (!warehouse) {
    if (data === undefined) {
      throw usage(
        'no data given',
        'pass a data file, or --engine duckdb|postgres --table <name|query>',
      );
    }
    for (const flag of ['connection', 'database', 'memoryLimit', 'timeout'] as const) {
      if (options[flag] !== undefined)
        throw usage(`--${kebab(flag)} needs --engine`, 'add --engine duckdb|postgres');
    }
    return false;
  }
  if (options.engine === undefined)
    throw usage('--table needs --engine', 'add --engine duckdb|postgres');
  if (options.table === undefined || options.table.trim() === '') {
    throw usage('--engine needs --table', 'add --table <schema.table | "select ...">');
  }
  if (
    options.engine === 'postgres' &&
    (options.database !== undefined || options.memoryLimit !== undefined)
  ) {
    throw usage(
      '--database and --memory-limit are DuckDB options',
      'use --connection for postgres',
    );
  }
  if (options.engine === 'duckdb' && options.connection !== undefined) {
    throw usage('--connection is a PostgreSQL option', 'use --database <file> for duckdb');
  }
  return true;
}

/** Opens the engine named by `--engine` and the table named by `--table`. */
export async function openWarehouseTable(
  context: CliContext,
  options: WarehouseOptions,
): Promise<OpenedWarehouseTable> {
  const engine = await openEngine(context, options);
  try {
    const table = sqlTable(engine, tableSource(context, engine, options.table as string));
    return { engine, table, close: () => engine.close() };
  } catch (error) {
    await engine.close();
    throw error;
  }
}

async function openEngine(context: CliContext, options: WarehouseOptions): Promise<SqlEngine> {
  if (options.engine === 'duckdb') {
    const { createDuckDbEngine } = await import('@ballast/warehouse/duckdb');
    return createDuckDbEngine({
      ...(options.database === undefined ? {} : { path: resolvePath(context, options.database) }),
      ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
    });
  }
  const connectionString = options.connection ?? context.env.DATABASE_URL;
  if (!connectionString) {
    throw usage(
      '--engine postgres needs a connection',
      'pass --connection postgres://user:password@host:5432/db or set DATABASE_URL',
    );
  }
  const { createPostgresEngine } = await import('@ballast/warehouse/postgres');
  return createPostgresEngine({ connectionString });
}

/**
 * DuckDB reads files in place: a `--table` naming a data file becomes a `read_*` query with the
 * path as a quoted string literal (its quotes doubled), so a file name cannot inject SQL.
 */
function tableSource(context: CliContext, engine: SqlEngine, table: string): string {
  const extension = extname(table).toLowerCase();
  if (engine.dialect === 'duckdb' && ['.arrow', '.feather', '.ipc'].includes(extension)) {
    throw usage(
      'DuckDB reads Arrow IPC files only with its community arrow extension',
      `leave out --engine (Ballast reads Arrow files itself), convert to Parquet, or with the extension pass --table "select * from read_arrow('${table}')"`,
    );
  }
  const reader = duckDbReaders[extension];
  if (engine.dialect !== 'duckdb' || reader === undefined) return table;
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(table) ? table : resolvePath(context, table);
  return `select * from ${reader}('${path.replaceAll("'", "''")}')`;
}

function usage(message: string, fix: string): CliError {
  return new CliError({ code: 'USAGE', message: `${message}.`, fix });
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}
