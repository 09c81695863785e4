import { rawSql, type SqlDialect, type SqlFragment, sql } from '@ballast/kit';

/** What one profiling pass reads: a source, an optional row filter (a partition) and a runner. */
export interface SqlScan {
  readonly dialect: SqlDialect;
  readonly from: SqlFragment;
  readonly where: SqlFragment | undefined;
  run(statement: SqlFragment): Promise<readonly Record<string, unknown>[]>;
}

/** A column as the queries see it: its position names its aliases, so no user text reaches them. */
export interface QueryColumn {
  readonly index: number;
  readonly name: string;
}

/** Numeric values of a column as doubles (integers and decimals are read as the in-process profile reads them). */
export function asDouble(scan: SqlScan, column: QueryColumn): SqlFragment {
  return scan.dialect.castDouble(scan.dialect.identifier(column.name));
}

/** True for finite values: NULL, NaN and ±Infinity are missing, as in the in-process profile. */
export function finite(scan: SqlScan, column: QueryColumn): SqlFragment {
  return scan.dialect.isFinite(scan.dialect.identifier(column.name));
}

function restrict(scan: SqlScan, condition: SqlFragment): SqlFragment {
  return scan.where ? scan.dialect.and(scan.where, condition) : condition;
}

/**
 * One scan for every column's counts: rows (`rows`), and per numeric column `n_i` finite values,
 * `s_i` their sum, `lo_i`/`hi_i` min and max; per categorical column `n_i` non-null values.
 */
export function totalsQuery(
  scan: SqlScan,
  numeric: readonly QueryColumn[],
  categorical: readonly QueryColumn[],
): SqlFragment {
  const d = scan.dialect;
  const items: (readonly [string, SqlFragment])[] = [['rows', d.countAll()]];
  for (const column of numeric) {
    const present = finite(scan, column);
    const x = asDouble(scan, column);
    items.push(
      [`n_${column.index}`, d.countIf(present)],
      [`s_${column.index}`, d.aggregateIf(d.sum, present, x)],
      [`lo_${column.index}`, d.aggregateIf(d.min, present, x)],
      [`hi_${column.index}`, d.aggregateIf(d.max, present, x)],
    );
  }
  for (const column of categorical) {
    items.push([`n_${column.index}`, d.count(d.identifier(column.name))]);
  }
  return d.select({ select: items, from: scan.from, where: scan.where });
}

/** Every finite value of a column, ascending (`v`): for columns within the profile's `exactLimit`. */
export function valuesQuery(scan: SqlScan, column: QueryColumn): SqlFragment {
  const x = asDouble(scan, column);
  return scan.dialect.select({
    select: [['v', x]],
    from: scan.from,
    where: restrict(scan, finite(scan, column)),
    orderBy: [{ expression: x }],
  });
}

/**
 * Exact order statistics of a column's finite values (`v` at 1-based rank `r`): ranks 1 and
 * `count`, every multiple of `step`, and the `tail` smallest and largest. The engine sorts (out
 * of core when it must); only these rows come back.
 */
export function orderStatisticsQuery(
  scan: SqlScan,
  column: QueryColumn,
  count: number,
  step: number,
  tail: number,
): SqlFragment {
  const d = scan.dialect;
  const x = asDouble(scan, column);
  const inner = d.select({
    select: [
      ['v', x],
      ['r', sql`row_number() OVER (ORDER BY ${x})`],
    ],
    from: scan.from,
    where: restrict(scan, finite(scan, column)),
  });
  const r = d.identifier('r');
  const conditions = [
    sql`${r} = 1`,
    sql`${r} = ${d.number(count)}`,
    sql`mod(${r}, ${d.number(step)}) = 0`,
    ...(tail > 0 ? [sql`${r} <= ${d.number(tail)}`, sql`${r} > ${d.number(count - tail)}`] : []),
  ];
  return d.select({
    select: [
      ['v', d.identifier('v')],
      ['r', r],
    ],
    from: sql`(${inner}) AS ${d.identifier('ranked')}`,
    where: d.or(...conditions),
    orderBy: [{ expression: r }],
  });
}

/** Up to `limit` distinct finite values of a column with their counts (`v`, `c`). */
export function distinctValuesQuery(
  scan: SqlScan,
  column: QueryColumn,
  limit: number,
): SqlFragment {
  const d = scan.dialect;
  const x = asDouble(scan, column);
  return d.select({
    select: [
      ['v', x],
      ['c', d.countAll()],
    ],
    from: scan.from,
    where: restrict(scan, finite(scan, column)),
    groupBy: [x],
    limit,
  });
}

/**
 * The most frequent values of a categorical column (`value`, `c`), every value tied with the
 * `cap`-th most frequent included (so ties are broken in JavaScript, as the in-process profile
 * breaks them, not by the engine's collation), at most `limit` rows, and `groups`, the number of
 * distinct non-null values.
 */
export function topCategoriesQuery(
  scan: SqlScan,
  column: QueryColumn,
  cap: number,
  limit: number,
): SqlFragment {
  const d = scan.dialect;
  const value = d.identifier(column.name);
  const inner = d.select({
    select: [
      ['value', value],
      ['c', d.countAll()],
      ['groups', sql`count(*) OVER ()`],
      ['rk', sql`rank() OVER (ORDER BY count(*) DESC)`],
    ],
    from: scan.from,
    where: restrict(scan, d.isNotNull(value)),
    groupBy: [value],
  });
  return d.select({
    select: [
      ['value', d.identifier('value')],
      ['c', d.identifier('c')],
      ['groups', d.identifier('groups')],
    ],
    from: sql`(${inner}) AS ${d.identifier('top')}`,
    where: sql`${d.identifier('rk')} <= ${d.number(cap)}`,
    orderBy: [{ expression: d.identifier('c'), descending: true }],
    limit,
  });
}

/** What the second scan computes for one numeric column. */
export interface SecondPassColumn extends QueryColumn {
  readonly mean: number;
  readonly edges: readonly number[];
}

/**
 * The second scan of one numeric column, given its mean and histogram edges, grouped by bin
 * (`b`, numpy's convention; NULL outside the edges): the count per bin (`c`) and the sum of
 * squared deviations from the mean (`m`), whose total is the two-pass M2 of the in-process
 * profile. Grouping by one CASE per row costs a fifth of one conditional count per bin.
 */
export function histogramQuery(scan: SqlScan, column: SecondPassColumn): SqlFragment {
  const d = scan.dialect;
  const x = asDouble(scan, column);
  const deviation = sql`(${x} - ${d.value(column.mean, 'double')})`;
  return d.select({
    select: [
      ['b', d.bucketIndex(x, column.edges, 'drop')],
      ['c', d.countAll()],
      ['m', d.sum(sql`${deviation} * ${deviation}`)],
    ],
    from: scan.from,
    where: restrict(scan, finite(scan, column)),
    // By position: the bin expression binds its edges, so repeating it would bind them anew.
    groupBy: [rawSql('1')],
  });
}
