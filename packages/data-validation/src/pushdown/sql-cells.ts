import { type SqlDialect, type SqlFragment, sql, sqlNumber } from '@ballast/kit';
import { parseDateTime } from '../statistics/parse-datetime';
import type { SqlColumnInfo } from './sql-columns';

/**
 * A result cell as the Arrow engine reports the same value: numbers as numbers (whatever
 * integer width the driver used), dates as ISO strings, strings and booleans as they are.
 */
export function cellValue(value: unknown, column: SqlColumnInfo | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (column?.kind === 'integer' || column?.kind === 'float' || typeof value === 'bigint')
    return sqlNumber(value);
  return value;
}

/** A count from the aggregate row (drivers return BIGINT as number, bigint or string). */
export function countOf(row: Readonly<Record<string, unknown>>, alias: string): number {
  return sqlNumber(row[alias]) ?? 0;
}

/**
 * SQL for "this cell is missing": NULL, or NaN in a floating column (pandas treats NaN as
 * missing, and so does the Arrow engine).
 */
export function missingSql(dialect: SqlDialect, column: SqlColumnInfo): SqlFragment {
  const x = dialect.identifier(column.name);
  return column.kind === 'float'
    ? dialect.or(dialect.isNull(x), dialect.isNaN(x))
    : dialect.isNull(x);
}

/** SQL for "this cell is present" (the negation of {@link missingSql}). */
export function presentSql(dialect: SqlDialect, column: SqlColumnInfo): SqlFragment {
  const x = dialect.identifier(column.name);
  return column.kind === 'float'
    ? dialect.and(dialect.isNotNull(x), dialect.not(dialect.isNaN(x)))
    : dialect.isNotNull(x);
}

/** `condition` that is false, never NULL: NULL comparisons would otherwise escape a NOT. */
export function definitely(condition: SqlFragment): SqlFragment {
  return sql`COALESCE(${condition}, FALSE)`;
}

/** `a AND b` where `a` may be absent (no row condition). */
export function within(
  dialect: SqlDialect,
  condition: SqlFragment | undefined,
  ...rest: SqlFragment[]
): SqlFragment {
  return condition === undefined ? dialect.and(...rest) : dialect.and(condition, ...rest);
}

/**
 * A numeric or temporal column's values as the Arrow engine reads them: doubles, and for dates
 * and timestamps milliseconds since the epoch (fractions kept).
 */
export function numberSql(dialect: SqlDialect, column: SqlColumnInfo): SqlFragment {
  const x = dialect.identifier(column.name);
  return column.kind === 'temporal' ? dialect.epochMillis(x) : dialect.castDouble(x);
}

/** A date-time bound or set value as milliseconds (`undefined` when it is not a date-time). */
export function millisecondsOf(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return undefined;
  return parseDateTime(value);
}
