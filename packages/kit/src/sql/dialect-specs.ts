import type { SqlDialectName } from '@ballast/contracts';
import { rawSql, type SqlFragment, sql } from './sql-fragment';

/** Calendar units of {@link DialectSpec.dateTrunc}. */
export type DateUnit = 'day' | 'week' | 'month' | 'year';

/** The SQL types Ballast casts to. */
export type SqlType = 'double' | 'bigint' | 'text' | 'boolean' | 'timestamp' | 'date';

/**
 * What differs between engines, as data. Functions receive fragments (quoted identifiers, bound
 * parameters) and return fragments; fractions are numbers checked by the caller to lie in [0, 1].
 */
export interface DialectSpec {
  readonly name: SqlDialectName;
  /** `dollar`: `$1, $2` (DuckDB, PostgreSQL); `question`: `?` in order (the JDBC-style clients). */
  readonly placeholders: 'dollar' | 'question';
  /** Opening and closing quote of an identifier, and how an embedded character is escaped. */
  readonly quote: '"' | '`';
  /** BigQuery's quoted identifiers read backslash escapes, so a backslash must be doubled too. */
  readonly backslashInIdentifiers: boolean;
  readonly types: Readonly<Record<SqlType, string>>;
  /** A partial (search) regular-expression match of `value` against `pattern`. */
  regexMatch(value: SqlFragment, pattern: SqlFragment): SqlFragment;
  /** `value LIKE pattern` with backslash as the escape character. */
  like(value: SqlFragment, pattern: SqlFragment): SqlFragment;
  /** Length in characters (code points), not bytes. */
  charLength(value: SqlFragment): SqlFragment;
  /** Exact linear-interpolated quantile (numpy's default), or undefined when the engine has none as an aggregate. */
  exactQuantile?(value: SqlFragment, fraction: number): SqlFragment;
  /** True when a double is NaN (NULL for NULL). */
  isNaN(value: SqlFragment): SqlFragment;
  /** True when a double is neither NaN nor infinite (NULL for NULL). */
  isFinite(value: SqlFragment): SqlFragment;
  /** Milliseconds since 1970-01-01 UTC of a timestamp or date, with sub-millisecond fractions. */
  epochMillis(value: SqlFragment): SqlFragment;
  /** Truncates a timestamp to the start of its day, ISO week (Monday), month or year. */
  dateTrunc(unit: DateUnit, value: SqlFragment): SqlFragment;
  /** The engine's approximate quantile sketch, or undefined when it has none. */
  approximateQuantile?(value: SqlFragment, fraction: number): SqlFragment;
  /** One line on how approximate quantiles are computed and how far off they can be. */
  readonly approximationNote: string;
}

/** A number written into the SQL text: callers pass only finite numbers they computed or checked. */
function literal(value: number): SqlFragment {
  return rawSql(String(value));
}

const ansiTypes = {
  double: 'DOUBLE',
  bigint: 'BIGINT',
  text: 'VARCHAR',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
} as const;

// Engines where NaN = NaN holds (PostgreSQL, Snowflake) test NaN and infinities by equality.
const nanLiteral = (type: string) => rawSql(`CAST('NaN' AS ${type})`);
const equalityNaN = (type: string) => (value: SqlFragment) => sql`(${value} = ${nanLiteral(type)})`;
const equalityFinite = (type: string) => (value: SqlFragment) =>
  sql`(${value} NOT IN (${nanLiteral(type)}, ${rawSql(`CAST('Infinity' AS ${type})`)}, ${rawSql(`CAST('-Infinity' AS ${type})`)}))`;
const ansiTrunc = (unit: DateUnit, value: SqlFragment) =>
  sql`date_trunc(${rawSql(`'${unit}'`)}, ${value})`;

const withinGroup = (value: SqlFragment, fraction: number) =>
  sql`percentile_cont(${literal(fraction)}) WITHIN GROUP (ORDER BY ${value})`;

/** The six dialects. */
export const dialectSpecs: Readonly<Record<SqlDialectName, DialectSpec>> = {
  duckdb: {
    name: 'duckdb',
    epochMillis: value => sql`(epoch_us(CAST(${value} AS TIMESTAMP)) / 1000.0)`,
    isNaN: value => sql`isnan(${value})`,
    isFinite: value => sql`isfinite(${value})`,
    dateTrunc: ansiTrunc,
    placeholders: 'dollar',
    quote: '"',
    backslashInIdentifiers: false,
    types: ansiTypes,
    regexMatch: (value, pattern) => sql`regexp_matches(${value}, ${pattern})`,
    like: (value, pattern) => sql`${value} LIKE ${pattern} ESCAPE '\\'`,
    charLength: value => sql`length(${value})`,
    exactQuantile: (value, fraction) => sql`quantile_cont(${value}, ${literal(fraction)})`,
    approximateQuantile: (value, fraction) => sql`approx_quantile(${value}, ${literal(fraction)})`,
    approximationNote:
      'approx_quantile is a T-Digest; exact quantile_cont is used unless approximate is asked for.',
  },
  postgres: {
    name: 'postgres',
    epochMillis: value => sql`(EXTRACT(EPOCH FROM ${value}) * 1000)`,
    isNaN: equalityNaN('DOUBLE PRECISION'),
    isFinite: equalityFinite('DOUBLE PRECISION'),
    dateTrunc: ansiTrunc,
    placeholders: 'dollar',
    quote: '"',
    backslashInIdentifiers: false,
    types: { ...ansiTypes, double: 'DOUBLE PRECISION', text: 'TEXT' },
    regexMatch: (value, pattern) => sql`(${value} ~ ${pattern})`,
    like: (value, pattern) => sql`${value} LIKE ${pattern} ESCAPE '\\'`,
    charLength: value => sql`char_length(${value})`,
    exactQuantile: withinGroup,
    approximationNote: 'PostgreSQL has no quantile sketch: quantiles are exact (percentile_cont).',
  },
  trino: {
    name: 'trino',
    epochMillis: value => sql`(to_unixtime(CAST(${value} AS TIMESTAMP)) * 1000)`,
    isNaN: value => sql`is_nan(${value})`,
    isFinite: value => sql`is_finite(${value})`,
    dateTrunc: ansiTrunc,
    placeholders: 'question',
    quote: '"',
    backslashInIdentifiers: false,
    types: ansiTypes,
    regexMatch: (value, pattern) => sql`regexp_like(${value}, ${pattern})`,
    like: (value, pattern) => sql`${value} LIKE ${pattern} ESCAPE '\\'`,
    charLength: value => sql`length(${value})`,
    approximateQuantile: (value, fraction) =>
      sql`approx_percentile(${value}, ${literal(fraction)})`,
    approximationNote:
      'approx_percentile is a q-digest/T-Digest with about 1% rank error; Trino has no exact quantile aggregate.',
  },
  spark: {
    name: 'spark',
    epochMillis: value => sql`(unix_micros(CAST(${value} AS TIMESTAMP)) / 1000.0)`,
    isNaN: value => sql`isnan(${value})`,
    isFinite: value => sql`(NOT isnan(${value}) AND abs(${value}) <> CAST('Infinity' AS DOUBLE))`,
    dateTrunc: (unit, value) => sql`date_trunc(${rawSql(`'${unit.toUpperCase()}'`)}, ${value})`,
    placeholders: 'question',
    quote: '`',
    backslashInIdentifiers: false,
    types: { ...ansiTypes, text: 'STRING' },
    regexMatch: (value, pattern) => sql`(${value} RLIKE ${pattern})`,
    // Spark string literals read backslash escapes: '\\' is one backslash.
    like: (value, pattern) => sql`${value} LIKE ${pattern} ESCAPE '\\\\'`,
    charLength: value => sql`char_length(${value})`,
    exactQuantile: (value, fraction) => sql`percentile(${value}, ${literal(fraction)})`,
    approximateQuantile: (value, fraction) =>
      sql`percentile_approx(${value}, ${literal(fraction)})`,
    approximationNote:
      'percentile_approx (Greenwald-Khanna, accuracy 10000: rank error about 1/10000); percentile is exact.',
  },
  bigquery: {
    name: 'bigquery',
    epochMillis: value => sql`(UNIX_MICROS(CAST(${value} AS TIMESTAMP)) / 1000.0)`,
    isNaN: value => sql`IS_NAN(${value})`,
    isFinite: value => sql`(NOT IS_NAN(${value}) AND NOT IS_INF(${value}))`,
    // BigQuery weeks start on Sunday unless told; the others truncate to ISO (Monday) weeks.
    dateTrunc: (unit, value) =>
      sql`TIMESTAMP_TRUNC(CAST(${value} AS TIMESTAMP), ${rawSql(unit === 'week' ? 'WEEK(MONDAY)' : unit.toUpperCase())})`,
    placeholders: 'question',
    quote: '`',
    backslashInIdentifiers: true,
    types: {
      double: 'FLOAT64',
      bigint: 'INT64',
      text: 'STRING',
      boolean: 'BOOL',
      timestamp: 'TIMESTAMP',
      date: 'DATE',
    },
    regexMatch: (value, pattern) => sql`REGEXP_CONTAINS(${value}, ${pattern})`,
    // BigQuery has no ESCAPE clause; backslash is its escape character already.
    like: (value, pattern) => sql`${value} LIKE ${pattern}`,
    charLength: value => sql`CHAR_LENGTH(${value})`,
    approximateQuantile: (value, fraction) =>
      sql`APPROX_QUANTILES(${value}, 1000)[OFFSET(${literal(Math.round(fraction * 1000))})]`,
    approximationNote:
      'APPROX_QUANTILES(x, 1000): the fraction is rounded to 1/1000 and the sketch has an approximate rank error; BigQuery has no exact quantile aggregate.',
  },
  snowflake: {
    name: 'snowflake',
    epochMillis: value => sql`(DATE_PART(EPOCH_MICROSECOND, CAST(${value} AS TIMESTAMP)) / 1000.0)`,
    isNaN: equalityNaN('DOUBLE'),
    isFinite: equalityFinite('DOUBLE'),
    dateTrunc: (unit, value) => sql`DATE_TRUNC(${rawSql(`'${unit.toUpperCase()}'`)}, ${value})`,
    placeholders: 'question',
    quote: '"',
    backslashInIdentifiers: false,
    types: ansiTypes,
    // REGEXP_LIKE anchors the pattern at both ends in Snowflake; REGEXP_INSTR searches like the others.
    regexMatch: (value, pattern) => sql`(REGEXP_INSTR(${value}, ${pattern}) > 0)`,
    // Snowflake string literals read backslash escapes: '\\' is one backslash.
    like: (value, pattern) => sql`${value} LIKE ${pattern} ESCAPE '\\\\'`,
    charLength: value => sql`LENGTH(${value})`,
    exactQuantile: (value, fraction) =>
      sql`PERCENTILE_CONT(${literal(fraction)}) WITHIN GROUP (ORDER BY ${value})`,
    approximateQuantile: (value, fraction) =>
      sql`APPROX_PERCENTILE(${value}, ${literal(fraction)})`,
    approximationNote: 'APPROX_PERCENTILE is a T-Digest; PERCENTILE_CONT is exact.',
  },
};
