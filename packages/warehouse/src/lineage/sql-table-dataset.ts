import { InvalidInputError, type SqlEngine, type SqlTable } from '@ballast/contracts';
import { isAbsolute, resolve } from 'node:path';
import { sha256Hex } from '@ballast/kit';

/**
 * An OpenLineage dataset identifier. A type alias rather than an interface so that it can be
 * passed where an event's open-ended dataset object is expected.
 */
export type LineageDatasetName = {
  /** The datasource, for example `postgres://db.internal:5432` or `file`. */
  readonly namespace: string;
  /** The dataset within it, for example `analytics.public.flights`. */
  readonly name: string;
};

/** Default schema per dialect when neither the name nor the engine gives one. */
const defaultSchemas: Partial<Record<SqlEngine['dialect'], string>> = {
  duckdb: 'main',
  postgres: 'public',
  spark: 'default',
  snowflake: 'PUBLIC',
};

const fileReaders =
  /^\s*select\s+\*\s+from\s+(?:read_(?:parquet|csv|csv_auto|json|json_auto|ndjson)\s*\(\s*)?'((?:[^']|'')+)'\s*\)?\s*;?\s*$/i;
const singleTable =
  /^\s*select\s+[\s\S]+?\s+from\s+((?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)){0,2})(?:\s+(?:as\s+)?[A-Za-z_]\w*)?\s*(?:\s(?:where|group\s+by|order\s+by|limit|qualify|having)\b[\s\S]*)?;?\s*$/i;

/**
 * The OpenLineage dataset a {@link SqlTable} reads, following the OpenLineage naming spec:
 * the engine's namespace (`postgres://{host}:{port}`, `trino://{host}:{port}`, `bigquery`,
 * `snowflake://{org}-{account}`, `databricks://{workspace}`, `duckdb://{file}`) and the name
 * `{database}.{schema}.{table}` (`{catalog}.{schema}.{table}`, `{project}.{dataset}.{table}`),
 * missing parts filled from the engine's `database` and `schema`.
 *
 * A query names what it reads when that is plain: `select … from one_table where …` names the
 * table, and a DuckDB `select * from read_parquet('path')` names the file (`file` namespace, the
 * absolute path as name; `s3://` and `gs://` paths name the bucket and key). Any other query names a derived dataset in the engine's namespace,
 * `query_{sha256 of the text, 16 hex}`, stable across runs of the same query.
 *
 * @example
 * ```ts
 * const { namespace, name } = sqlTableDataset(sqlTable(engine, 'public.flights'));
 * // postgres://db.internal:5432 + analytics.public.flights
 * ```
 */
export function sqlTableDataset(table: SqlTable): LineageDatasetName {
  const engine = table?.engine;
  if (!engine || typeof engine.lineageNamespace !== 'string') {
    throw new InvalidInputError({
      code: 'INVALID_TABLE',
      message: 'sqlTableDataset: pass a SqlTable built with sqlTable(engine, nameOrQuery).',
    });
  }
  if (table.table !== undefined) return tableDataset(engine, table.table);
  const text = table.query;
  if (engine.dialect === 'duckdb') {
    const file = fileReaders.exec(text)?.[1];
    if (file !== undefined) return fileDataset(file.replaceAll("''", "'"));
  }
  const single = singleTable.exec(text)?.[1];
  if (single !== undefined && !/\b(join|select)\b|,|\(/i.test(single)) {
    return tableDataset(engine, splitIdentifier(single));
  }
  return {
    namespace: engine.lineageNamespace,
    name: `query_${sha256Hex(text.trim().replace(/\s+/g, ' ')).slice(0, 16)}`,
  };
}

/** A file DuckDB read: `s3://bucket` + key, `gs://bucket` + key, or `file` + absolute path. */
function fileDataset(path: string): LineageDatasetName {
  const remote = /^(s3|gs|gcs|s3a):\/\/([^/]+)\/?(.*)$/i.exec(path);
  if (remote) {
    const scheme = (remote[1] as string).toLowerCase();
    return {
      namespace: `${scheme === 'gcs' ? 'gs' : scheme === 's3a' ? 's3' : scheme}://${remote[2]}`,
      name: remote[3] as string,
    };
  }
  return { namespace: 'file', name: isAbsolute(path) ? path : resolve(path) };
}

function tableDataset(engine: SqlEngine, parts: readonly string[]): LineageDatasetName {
  const schema = engine.schema ?? defaultSchemas[engine.dialect];
  const full =
    parts.length >= 3
      ? parts
      : parts.length === 2
        ? [engine.database, ...parts]
        : [engine.database, schema, ...parts];
  return {
    namespace: engine.lineageNamespace,
    name: full.filter((part): part is string => typeof part === 'string' && part !== '').join('.'),
  };
}

/** Splits `a."b.c".d` into `['a', 'b.c', 'd']`, unquoting. */
function splitIdentifier(text: string): string[] {
  const parts: string[] = [];
  const pattern = /\s*(?:"((?:[^"]|"")+)"|([A-Za-z_][\w$]*))\s*(?:\.|$)/gy;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    parts.push(match[1] !== undefined ? match[1].replaceAll('""', '"') : (match[2] as string));
    if (pattern.lastIndex >= text.length) break;
  }
  return parts;
}
