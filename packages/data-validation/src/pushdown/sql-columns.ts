import type { SqlEngine, SqlQueryOptions } from '@ballast/contracts';
import { type SqlDialect, type SqlFragment, sql } from '@ballast/kit';
import {
  Binary,
  Bool,
  type DataType,
  DateDay,
  Field,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  Schema,
  TimestampMicrosecond,
  Utf8,
} from 'apache-arrow';

/**
 * How the pushdown treats a column, from the engine's type name: `float` columns can hold NaN
 * (missing, as in pandas), `temporal` and `other` columns only support the checks that do not
 * read their values.
 */
export type SqlColumnKind = 'integer' | 'float' | 'string' | 'boolean' | 'temporal' | 'other';

/** One column of the table, as the engine describes it. */
export interface SqlColumnInfo {
  readonly name: string;
  /** The engine's type name, for messages. */
  readonly type: string;
  readonly kind: SqlColumnKind;
}

const patterns: readonly (readonly [RegExp, SqlColumnKind])[] = [
  [/^(bool|boolean)$/i, 'boolean'],
  [
    /^(tinyint|smallint|integer|int|bigint|hugeint|utinyint|usmallint|uinteger|ubigint|uhugeint|int[1248]|int64|long|short|byte)$/i,
    'integer',
  ],
  [/^(number|numeric|decimal)\(\s*\d+\s*,\s*0\s*\)$/i, 'integer'],
  [
    /^(double|double precision|float|float4|float8|float64|real|numeric|decimal|number)\b/i,
    'float',
  ],
  [/^(timestamp|date|datetime|time)\b/i, 'temporal'],
  [/^(varchar|text|string|char|character|character varying|bpchar|uuid|nvarchar)\b/i, 'string'],
];

/** The kind of an engine type name (DuckDB, PostgreSQL, Trino, Spark, BigQuery, Snowflake spellings). */
export function columnKindOf(type: string | undefined): SqlColumnKind {
  const name = (type ?? '').trim();
  for (const [pattern, kind] of patterns) if (pattern.test(name)) return kind;
  return 'other';
}

/**
 * The columns of a table in order, from a query that returns no rows: one cheap round trip
 * that scans nothing.
 */
export async function readSqlColumns(
  engine: SqlEngine,
  dialect: SqlDialect,
  from: SqlFragment,
  options: SqlQueryOptions,
): Promise<SqlColumnInfo[]> {
  const { columns } = await engine.query(
    dialect.render(sql`SELECT * FROM ${from} LIMIT 0`),
    options,
  );
  return columns.map(column => ({
    name: column.name,
    type: column.type ?? 'unknown',
    kind: columnKindOf(column.type),
  }));
}

/**
 * The Arrow type the Arrow engine would see for a column of this engine type (DuckDB's and
 * PostgreSQL's spellings; others by kind), so the shared evaluators judge types and word
 * their messages exactly as they do for Arrow data.
 */
export function arrowTypeOf(column: SqlColumnInfo): DataType {
  const name = column.type.trim().toLowerCase();
  switch (column.kind) {
    case 'boolean':
      return new Bool();
    case 'integer':
      if (/^(tinyint|int1|byte)$/.test(name)) return new Int8();
      if (/^(smallint|int2|short)$/.test(name)) return new Int16();
      if (/^(integer|int|int4)$/.test(name)) return new Int32();
      return new Int64();
    case 'float':
      return /^(real|float4|float)$/.test(name) ? new Float32() : new Float64();
    case 'string':
      return new Utf8();
    case 'temporal':
      return name === 'date' ? new DateDay() : new TimestampMicrosecond();
    default:
      return new Binary();
  }
}

/** An Arrow schema standing for the table's columns (nullable, in table order). */
export function arrowSchemaOf(columns: readonly SqlColumnInfo[]): Schema {
  return new Schema(columns.map(column => new Field(column.name, arrowTypeOf(column), true)));
}
