import {
  InvalidInputError,
  type SqlDialectName,
  type SqlQuery,
  type SqlTable,
  type SqlValue,
} from '@ballast/contracts';
import { type DateUnit, type DialectSpec, dialectSpecs, type SqlType } from './dialect-specs';
import { joinSql, rawSql, type SqlFragment, sql, sqlParameter } from './sql-fragment';

export type { DateUnit, SqlType } from './dialect-specs';

/** How out-of-range values are binned: `drop` ignores them (numpy), `count` adds a below and an above bin. */
export type OutOfRange = 'drop' | 'count';

/** One output column of a SELECT: its alias (quoted when rendered) and expression. */
export type SelectItem = readonly [alias: string, expression: SqlFragment];

/** A SELECT statement as parts; see {@link SqlDialect.select}. */
export interface SelectSpec {
  readonly select: readonly SelectItem[];
  readonly from: SqlFragment;
  readonly where?: SqlFragment | undefined;
  readonly groupBy?: readonly SqlFragment[] | undefined;
  readonly orderBy?:
    | readonly { readonly expression: SqlFragment; readonly descending?: boolean }[]
    | undefined;
  readonly limit?: number | undefined;
}

/** Options of {@link SqlDialect.topValues}. */
export interface TopValuesSpec {
  /** The grouped expression (usually a column). NULLs are not counted. */
  readonly value: SqlFragment;
  readonly from: SqlFragment;
  /** Row filter applied before grouping. */
  readonly where?: SqlFragment | undefined;
  /** At most this many values come back, most frequent first (ties by value). */
  readonly limit: number;
}

/** What an engine can compute as an aggregate. */
export interface SqlDialectCapabilities {
  /** An exact, linearly interpolated quantile aggregate (numpy's default method). */
  readonly exactQuantile: boolean;
  /** An approximate quantile sketch. */
  readonly approximateQuantile: boolean;
}

/**
 * SQL generation for one engine: quoting, placeholders, and the expressions Ballast's
 * pushdowns need. Every builder returns a {@link SqlFragment}; values are bound as parameters
 * and identifiers quoted, so names and values from users cannot change the statement.
 */
export interface SqlDialect {
  readonly name: SqlDialectName;
  readonly capabilities: SqlDialectCapabilities;
  /** How this engine's approximate quantiles are computed and how far off they can be. */
  readonly approximationNote: string;

  /** Quotes one name part, escaping embedded quote characters. */
  quoteIdentifier(name: string): string;
  /** A quoted, dot-joined name: `identifier('schema', 'table')`. */
  identifier(...parts: readonly string[]): SqlFragment;
  /** The placeholder of the `position`-th parameter (1-based). */
  placeholder(position: number): string;
  /** The FROM source of a table: its quoted name, or `(query) AS "t"`. */
  from(
    table: SqlTable | { readonly table?: readonly string[]; readonly query?: string },
  ): SqlFragment;
  /** Renders a fragment into a statement with this engine's placeholders, parameters in order. */
  render(statement: SqlFragment): SqlQuery;

  /** A bound value; with `type`, cast so that engines that infer parameter types infer this one. */
  value(value: SqlValue, type?: SqlType): SqlFragment;
  /** A finite number written as a literal (for constants engines require, such as LIMIT). */
  number(value: number): SqlFragment;
  /** `CAST(expression AS type)`. */
  cast(expression: SqlFragment, type: SqlType): SqlFragment;
  /** `CAST(expression AS <double>)`. */
  castDouble(expression: SqlFragment): SqlFragment;

  /** `count(*)`. */
  countAll(): SqlFragment;
  /** `count(expression)`: non-null values. */
  count(expression: SqlFragment): SqlFragment;
  /** `count(DISTINCT expression)`. */
  countDistinct(expression: SqlFragment): SqlFragment;
  /** Rows where `condition` is true (NULL counts as false); 0 on an empty table. */
  countIf(condition: SqlFragment): SqlFragment;
  /** `aggregate(CASE WHEN condition THEN expression END)`: an aggregate over the rows where `condition` holds. */
  aggregateIf(
    aggregate: (expression: SqlFragment) => SqlFragment,
    condition: SqlFragment,
    expression: SqlFragment,
  ): SqlFragment;
  /** `(expression IS NULL)`. */
  isNull(expression: SqlFragment): SqlFragment;
  /** `(expression IS NOT NULL)`. */
  isNotNull(expression: SqlFragment): SqlFragment;
  /** True when the value, cast to double, is NaN; NULL for NULL. */
  isNaN(expression: SqlFragment): SqlFragment;
  /** True when the value, cast to double, is neither NaN nor ±Infinity; NULL for NULL. */
  isFinite(expression: SqlFragment): SqlFragment;
  /** Milliseconds since 1970-01-01 UTC of a timestamp or date, as a double (fractions kept). */
  epochMillis(expression: SqlFragment): SqlFragment;
  /** Start of the day, ISO week (Monday), month or year of a timestamp or date. */
  dateTrunc(unit: DateUnit, expression: SqlFragment): SqlFragment;
  /** `(a AND b AND ...)`; `TRUE`-equivalent `(1 = 1)` when empty. */
  and(...conditions: readonly SqlFragment[]): SqlFragment;
  /** `(a OR b OR ...)`; `(1 = 0)` when empty. */
  or(...conditions: readonly SqlFragment[]): SqlFragment;
  /** `(NOT condition)`. */
  not(condition: SqlFragment): SqlFragment;

  /** Partial (search) regular-expression match, pattern bound as a parameter. Regex flavours differ per engine. */
  regexMatch(expression: SqlFragment, pattern: string): SqlFragment;
  /** `expression LIKE pattern` with `\` as the escape character, pattern bound. */
  like(expression: SqlFragment, pattern: string): SqlFragment;
  /** String length in characters. */
  charLength(expression: SqlFragment): SqlFragment;
  /** `expression IN (?, ?, ...)` with each value bound (cast to `type` when given); `(1 = 0)` for an empty list. */
  inList(expression: SqlFragment, values: readonly SqlValue[], type?: SqlType): SqlFragment;

  /** `min(expression)`. */
  min(expression: SqlFragment): SqlFragment;
  /** `max(expression)`. */
  max(expression: SqlFragment): SqlFragment;
  /** `sum(expression)`. */
  sum(expression: SqlFragment): SqlFragment;
  /** `avg(expression)`. */
  avg(expression: SqlFragment): SqlFragment;
  /** Sample standard deviation (n - 1). */
  stddevSamp(expression: SqlFragment): SqlFragment;
  /** Sample variance (n - 1). */
  varianceSamp(expression: SqlFragment): SqlFragment;
  /**
   * Quantile at `fraction` in [0, 1]: exact (linear interpolation) by default, the engine's sketch
   * with `approximate: true`. Falls back to the other kind when the engine has only one.
   */
  quantile(
    expression: SqlFragment,
    fraction: number,
    options?: { readonly approximate?: boolean },
  ): SqlFragment;

  /**
   * Bin index of a numeric expression on ascending `edges` with numpy's convention
   * (bin i holds edges[i] <= x < edges[i+1], the last bin also its right edge): 0..bins-1, or
   * with `outOfRange: 'count'` 0 = below, 1..bins, bins+1 = above. NULL for NULL, NaN or dropped values.
   */
  bucketIndex(
    expression: SqlFragment,
    edges: readonly number[],
    outOfRange: OutOfRange,
  ): SqlFragment;
  /** One `countIf` aggregate per bin of {@link SqlDialect.bucketIndex}, in bin order, for a single-scan histogram. */
  bucketCounts(
    expression: SqlFragment,
    edges: readonly number[],
    outOfRange: OutOfRange,
  ): SqlFragment[];

  /**
   * A SELECT statement; aliases are quoted so results come back under exactly these names. GROUP
   * BY and ORDER BY expressions that are also output columns are written by position.
   */
  select(spec: SelectSpec): SqlFragment;
  /**
   * Top values with counts: columns `value`, `count` and `distinct_values` (how many distinct
   * non-null values there are in all, even beyond `limit`).
   */
  topValues(spec: TopValuesSpec): SqlFragment;
}

/**
 * The SQL dialect of an engine.
 *
 * @example
 * ```ts
 * const d = sqlDialect('postgres');
 * const q = d.render(d.select({ select: [['n', d.countIf(d.isNull(d.identifier('age')))]], from: d.from(table) }));
 * // q.text: SELECT count(CASE WHEN ("age" IS NULL) THEN 1 END) AS "n" FROM "public"."people"
 * ```
 */
export function sqlDialect(name: SqlDialectName): SqlDialect {
  const spec = dialectSpecs[name as keyof typeof dialectSpecs];
  if (!spec || !Object.hasOwn(dialectSpecs, name)) {
    throw new InvalidInputError({
      code: 'UNKNOWN_SQL_DIALECT',
      message: `Unknown SQL dialect ${JSON.stringify(name)}; expected one of ${Object.keys(dialectSpecs).join(', ')}.`,
    });
  }
  return cache.get(spec) ?? buildDialect(spec);
}

const cache = new Map<DialectSpec, SqlDialect>();

function buildDialect(spec: DialectSpec): SqlDialect {
  const quoteIdentifier = (name: string): string => {
    if (typeof name !== 'string' || name === '' || name.includes('\u0000')) {
      throw new InvalidInputError({
        code: 'INVALID_SQL_IDENTIFIER',
        message: `SQL identifiers must be non-empty strings without NUL characters; got ${JSON.stringify(name)}.`,
      });
    }
    let escaped = spec.backslashInIdentifiers ? name.replaceAll('\\', '\\\\') : name;
    escaped = spec.backslashInIdentifiers
      ? escaped.replaceAll(spec.quote, `\\${spec.quote}`)
      : escaped.replaceAll(spec.quote, spec.quote + spec.quote);
    return spec.quote + escaped + spec.quote;
  };
  const identifier = (...parts: readonly string[]): SqlFragment =>
    rawSql(parts.map(quoteIdentifier).join('.'));
  const number = (value: number): SqlFragment => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidInputError({
        code: 'INVALID_SQL_VALUE',
        message: `Expected a finite number; got ${String(value)}.`,
      });
    }
    return rawSql(String(value));
  };
  const cast = (expression: SqlFragment, type: SqlType): SqlFragment =>
    sql`CAST(${expression} AS ${rawSql(spec.types[type])})`;
  const value = (bound: SqlValue, type?: SqlType): SqlFragment =>
    type === undefined ? sqlParameter(bound) : cast(sqlParameter(bound), type);
  const countIf = (condition: SqlFragment): SqlFragment =>
    sql`count(CASE WHEN ${condition} THEN 1 END)`;
  const call = (fn: string) => (expression: SqlFragment) => sql`${rawSql(fn)}(${expression})`;
  const and = (...conditions: readonly SqlFragment[]): SqlFragment =>
    conditions.length === 0 ? rawSql('(1 = 1)') : sql`(${joinSql(conditions, ' AND ')})`;
  const or = (...conditions: readonly SqlFragment[]): SqlFragment =>
    conditions.length === 0 ? rawSql('(1 = 0)') : sql`(${joinSql(conditions, ' OR ')})`;
  const checkEdges = (edges: readonly number[]): void => {
    const ok =
      Array.isArray(edges) &&
      edges.length >= 2 &&
      edges.every(edge => typeof edge === 'number' && Number.isFinite(edge)) &&
      edges.every((edge, index) => index === 0 || (edges[index - 1] as number) < edge);
    if (!ok) {
      throw new InvalidInputError({
        code: 'INVALID_HISTOGRAM_EDGES',
        message: 'Histogram edges must be at least two finite, strictly ascending numbers.',
      });
    }
  };
  // Bin conditions on a double. DuckDB and PostgreSQL order NaN above every number (so it would
  // land in the above-range bin) and hold NaN = NaN, so NaN is excluded with the engine's test.
  const binConditions = (
    expression: SqlFragment,
    edges: readonly number[],
    outOfRange: OutOfRange,
  ): SqlFragment[] => {
    checkEdges(edges);
    const x = castDouble(expression);
    const edge = (index: number) => value(edges[index] as number, 'double');
    const numeric = sql`(NOT ${spec.isNaN(x)})`;
    const conditions: SqlFragment[] = [];
    const bins = edges.length - 1;
    if (outOfRange === 'count') conditions.push(and(numeric, sql`${x} < ${edge(0)}`));
    for (let index = 0; index < bins; index += 1) {
      const upper =
        index === bins - 1 ? sql`${x} <= ${edge(index + 1)}` : sql`${x} < ${edge(index + 1)}`;
      conditions.push(and(sql`${x} >= ${edge(index)}`, upper));
    }
    if (outOfRange === 'count') conditions.push(and(numeric, sql`${x} > ${edge(bins)}`));
    return conditions;
  };
  const castDouble = (expression: SqlFragment) => cast(expression, 'double');
  const checkFraction = (fraction: number): void => {
    if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
      throw new InvalidInputError({
        code: 'INVALID_QUANTILE',
        message: `Quantile fractions lie in [0, 1]; got ${String(fraction)}.`,
      });
    }
  };
  const checkLimit = (limit: number): void => {
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new InvalidInputError({
        code: 'INVALID_SQL_VALUE',
        message: `LIMIT must be a non-negative integer; got ${String(limit)}.`,
      });
    }
  };

  const dialect: SqlDialect = {
    name: spec.name,
    capabilities: Object.freeze({
      exactQuantile: spec.exactQuantile !== undefined,
      approximateQuantile: spec.approximateQuantile !== undefined,
    }),
    approximationNote: spec.approximationNote,
    quoteIdentifier,
    identifier,
    placeholder: position => (spec.placeholders === 'dollar' ? `$${position}` : '?'),
    from: table => {
      if (table.table !== undefined) return identifier(...table.table);
      if (typeof table.query === 'string' && table.query.trim() !== '') {
        // Trailing semicolons are harmless at top level but break a derived table; the closing
        // parenthesis goes on its own line so a trailing `-- comment` cannot swallow it.
        const query = table.query.trim().replace(/(?:\s*;)+\s*$/, '');
        return sql`(${rawSql(query)}\n) AS ${identifier('t')}`;
      }
      throw new InvalidInputError({
        code: 'INVALID_TABLE',
        message: 'A SQL source needs a table name or a query.',
      });
    },
    render: statement => {
      let text = '';
      const parameters: SqlValue[] = [];
      for (const chunk of statement.chunks) {
        if (typeof chunk === 'string') text += chunk;
        else {
          parameters.push(chunk.value);
          text += dialect.placeholder(parameters.length);
        }
      }
      return parameters.length === 0 ? { text } : { text, parameters };
    },
    value,
    number,
    cast,
    castDouble,
    countAll: () => rawSql('count(*)'),
    count: call('count'),
    countDistinct: expression => sql`count(DISTINCT ${expression})`,
    countIf,
    aggregateIf: (aggregate, condition, expression) =>
      aggregate(sql`CASE WHEN ${condition} THEN ${expression} END`),
    isNull: expression => sql`(${expression} IS NULL)`,
    isNotNull: expression => sql`(${expression} IS NOT NULL)`,
    isNaN: expression => spec.isNaN(castDouble(expression)),
    isFinite: expression => spec.isFinite(castDouble(expression)),
    epochMillis: expression => castDouble(spec.epochMillis(expression)),
    dateTrunc: (unit, expression) => {
      if (!['day', 'week', 'month', 'year'].includes(unit)) {
        throw new InvalidInputError({
          code: 'INVALID_SQL_VALUE',
          message: `dateTrunc units are day, week, month and year; got ${String(unit)}.`,
        });
      }
      return spec.dateTrunc(unit, expression);
    },
    and,
    or,
    not: condition => sql`(NOT ${condition})`,
    regexMatch: (expression, pattern) => spec.regexMatch(expression, value(pattern, 'text')),
    like: (expression, pattern) => spec.like(expression, value(pattern, 'text')),
    charLength: expression => spec.charLength(expression),
    inList: (expression, values, type) =>
      values.length === 0
        ? rawSql('(1 = 0)')
        : sql`(${expression} IN (${joinSql(values.map(item => value(item, type)))}))`,
    min: call('min'),
    max: call('max'),
    sum: call('sum'),
    avg: call('avg'),
    stddevSamp: call('stddev_samp'),
    varianceSamp: call('var_samp'),
    quantile: (expression, fraction, options) => {
      checkFraction(fraction);
      const exact = spec.exactQuantile;
      const approximate = spec.approximateQuantile;
      if (options?.approximate && approximate) return approximate(expression, fraction);
      if (exact) return exact(expression, fraction);
      if (approximate) return approximate(expression, fraction);
      throw new InvalidInputError({
        code: 'SQL_UNSUPPORTED',
        message: `The ${spec.name} dialect has no quantile aggregate.`,
      });
    },
    bucketIndex: (expression, edges, outOfRange) => {
      const conditions = binConditions(expression, edges, outOfRange);
      const arms = conditions.map(
        (condition, index) => sql`WHEN ${condition} THEN ${rawSql(String(index))}`,
      );
      return sql`(CASE ${joinSql(arms, ' ')} END)`;
    },
    bucketCounts: (expression, edges, outOfRange) =>
      binConditions(expression, edges, outOfRange).map(countIf),
    select: ({ select, from, where, groupBy, orderBy, limit }) => {
      if (select.length === 0) {
        throw new InvalidInputError({
          code: 'INVALID_SQL_VALUE',
          message: 'A SELECT needs at least one column.',
        });
      }
      // A GROUP BY or ORDER BY expression that is also an output column is written as its
      // position: with bound parameters the two copies would get different placeholders, and
      // engines would not see that they are the same expression.
      const positions = new Map(
        select.map(([, expression], index) => [JSON.stringify(expression.chunks), index + 1]),
      );
      const positional = (expression: SqlFragment): SqlFragment => {
        const position = positions.get(JSON.stringify(expression.chunks));
        return position === undefined ? expression : rawSql(String(position));
      };
      const parts: SqlFragment[] = [
        sql`SELECT ${joinSql(select.map(([alias, expression]) => sql`${expression} AS ${identifier(alias)}`))}`,
        sql`FROM ${from}`,
      ];
      if (where) parts.push(sql`WHERE ${where}`);
      if (groupBy && groupBy.length > 0)
        parts.push(sql`GROUP BY ${joinSql(groupBy.map(positional))}`);
      if (orderBy && orderBy.length > 0) {
        parts.push(
          sql`ORDER BY ${joinSql(
            orderBy.map(
              item =>
                sql`${positional(item.expression)}${rawSql(item.descending ? ' DESC' : ' ASC')}`,
            ),
          )}`,
        );
      }
      if (limit !== undefined) {
        checkLimit(limit);
        parts.push(sql`LIMIT ${number(limit)}`);
      }
      return joinSql(parts, ' ');
    },
    topValues: ({ value: grouped, from, where, limit }) => {
      checkLimit(limit);
      const notNull = dialect.isNotNull(grouped);
      return dialect.select({
        select: [
          ['value', grouped],
          ['count', dialect.countAll()],
          ['distinct_values', sql`count(*) OVER ()`],
        ],
        from,
        where: where ? and(where, notNull) : notNull,
        groupBy: [grouped],
        orderBy: [{ expression: dialect.countAll(), descending: true }, { expression: grouped }],
        limit,
      });
    },
  };
  cache.set(spec, Object.freeze(dialect));
  return dialect;
}
