import type { LogicalType } from '@ballast/contracts';
import type { ColumnKind } from '../profile/profile-input';

/** How a pushed-down profile summarises a column of a given engine type. */
export interface SqlColumnKind {
  readonly kind: ColumnKind;
  readonly type: LogicalType;
}

const integerTypes =
  /^(tinyint|smallint|integer|int|bigint|hugeint|utinyint|usmallint|uinteger|ubigint|uhugeint|int[1248]|int16|int32|int64|serial[248]?|smallserial|bigserial|byteint)$/;
const floatTypes =
  /^(double|double precision|float|float[48]|float64|real|decimal|numeric|number)$/;
const stringTypes =
  /^(varchar|text|string|char|bpchar|character|character varying|nvarchar|nchar|name|citext)$/;

/**
 * Reads an engine's column type name (DuckDB `BIGINT`, `DECIMAL(18,3)`, `ENUM(...)`; PostgreSQL
 * `int8`, `float8`, `text`; Trino `varchar(20)`) as the profile's column kind and logical type,
 * matching what the in-process profile records for the same Arrow column: integers and floats
 * are numeric (decimals are read as doubles), booleans and strings categorical, enums
 * `categorical` like Arrow dictionaries, an all-NULL column `null`. Undefined for types a
 * pushed-down profile does not summarise (timestamps, dates, binary, nested).
 */
export function sqlColumnKind(engineType: string | undefined): SqlColumnKind | undefined {
  if (typeof engineType !== 'string') return undefined;
  const name = engineType
    .trim()
    .toLowerCase()
    .replace(/\s*\(.*\)$/s, '')
    .replace(/\s+unsigned$/, '');
  if (integerTypes.test(name)) return { kind: 'numeric', type: 'integer' };
  if (floatTypes.test(name)) return { kind: 'numeric', type: 'float' };
  if (name === 'boolean' || name === 'bool') return { kind: 'categorical', type: 'boolean' };
  if (stringTypes.test(name)) return { kind: 'categorical', type: 'string' };
  if (name === 'enum') return { kind: 'categorical', type: 'categorical' };
  if (name === 'null' || name === '"null"') return { kind: 'categorical', type: 'null' };
  return undefined;
}
