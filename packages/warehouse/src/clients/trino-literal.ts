import type { SqlValue } from '@ballast/contracts';

/**
 * A value as a Trino literal for `EXECUTE IMMEDIATE … USING`: the server binds it to the `?`
 * placeholder, so it is never part of the statement's text. Strings double their quotes (Trino
 * string literals have no backslash escapes, so that is the whole escaping); numbers and
 * timestamps are typed literals.
 */
export function trinoLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return trinoString(value);
  if (typeof value === 'bigint') {
    return value >= -(2n ** 63n) && value < 2n ** 63n ? `BIGINT '${value}'` : `DECIMAL '${value}'`;
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan()';
    if (value === Number.POSITIVE_INFINITY) return 'infinity()';
    if (value === Number.NEGATIVE_INFINITY) return '-infinity()';
    if (Number.isSafeInteger(value)) return `BIGINT '${value}'`;
    return `DOUBLE '${value}'`;
  }
  // A UTC wall-clock TIMESTAMP, as the DuckDB and PostgreSQL engines bind a Date.
  return `TIMESTAMP '${value.toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/** A Trino string literal. */
export function trinoString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
