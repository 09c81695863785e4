import {
  type ColumnProfile,
  type DatasetProfile,
  InvalidInputError,
  type SqlQueryOptions,
  type SqlTable,
  type SqlValue,
} from '@ballast/contracts';
import { type SqlDialect, type SqlFragment, sql, sqlDialect, sqlNumber } from '@ballast/kit';
import { categoryKey } from '../input/categorical-column';
import { capCategoryCounts } from '../profile/category-counts';
import {
  type ColumnAccumulatorOptions,
  NUMERIC_CATEGORY_LIMIT,
} from '../profile/column-accumulator';
import { assertValidEdges, referenceEdges } from '../profile/histogram-edges';
import { mergeProfiles } from '../profile/merge-profiles';
import { type ProfilePlan, planProfile } from '../profile/profile';
import { KllSketch, type SerializedKllSketch } from '../sketch/kll-sketch';
import {
  distinctValuesQuery,
  orderStatisticsQuery,
  type QueryColumn,
  type SecondPassColumn,
  type SqlScan,
  histogramQuery,
  topCategoriesQuery,
  totalsQuery,
  valuesQuery,
} from './profile-queries';
import { rankSummarySketch, rankSummaryStep } from './rank-summary';
import { type SqlColumnKind, sqlColumnKind } from './sql-column-kind';
import {
  type ParsedSqlOptions,
  parseSqlOptions,
  type SqlProfileOptions,
} from './sql-profile-options';

/** Rows of tied categories fetched beyond the cap at most. */
const CATEGORY_TIE_ROWS = 10_000;
/** Partitions a pushed-down profile accepts. */
const MAX_PARTITIONS = 10_000;

interface PlannedColumn extends QueryColumn, SqlColumnKind {
  readonly options: ColumnAccumulatorOptions;
}

interface ProfileRun {
  readonly columns: readonly PlannedColumn[];
  readonly finish: ProfilePlan['finish'];
  readonly sql: ParsedSqlOptions;
}

/** One pushed-down profile of a table, and of each partition when `partitionBy` is given. */
export interface SqlPartitionProfile {
  /** The partition's key (a truncated timestamp arrives as a `Date`); null for rows without one. */
  readonly key: SqlValue;
  readonly profile: DatasetProfile;
}

function scanOf(table: SqlTable, dialect: SqlDialect, options: SqlQueryOptions): SqlScan {
  return {
    dialect,
    from: dialect.from(table),
    where: undefined,
    run: async statement => (await table.engine.query(dialect.render(statement), options)).rows,
  };
}

function dialectOf(table: SqlTable): SqlDialect {
  return sqlDialect(table.engine.dialect);
}

const unknownKind: SqlColumnKind = { kind: 'categorical', type: 'null' };

/** Reads the table's columns and the profile options, checked as the in-process profile checks them. */
async function planRun(
  table: SqlTable,
  scan: SqlScan,
  options: SqlProfileOptions,
): Promise<ProfileRun> {
  const parsedSql = parseSqlOptions(options);
  const first = await table.engine.query(
    scan.dialect.render(sql`SELECT * FROM ${scan.from} LIMIT 0`),
    parsedSql.queryOptions,
  );
  const names = first.columns.map(column => column.name);
  // The shared options are validated by the in-process planner, on an empty stand-in of the
  // table, so both paths accept and reject the same options with the same errors.
  const stand = Object.fromEntries(names.map(name => [name, new Float64Array(0)]));
  const plan = planProfile(stand, options);
  const chosen = plan.source.columns.map(column => column.name);
  const unsupported: string[] = [];
  const columns = chosen.map((name, index): PlannedColumn => {
    const engineType = first.columns.find(column => column.name === name)?.type;
    const kind = sqlColumnKind(engineType);
    if (kind === undefined) unsupported.push(`"${name}" (${engineType ?? 'unknown type'})`);
    return { index, name, ...(kind ?? unknownKind), options: plan.columnOptions(name) };
  });
  if (unsupported.length > 0) {
    throw new InvalidInputError({
      code: 'COLUMN_TYPE_UNSUPPORTED',
      message: `A pushed-down profile summarises numeric, boolean and string columns; ${unsupported.join(', ')} cannot be profiled in SQL. Name the columns to profile in options.columns, or cast in a query.`,
      details: { path: 'columns', columns: unsupported },
    });
  }
  for (const name of Object.keys(options.edges ?? {})) {
    if (columns.find(column => column.name === name)?.kind !== 'numeric') {
      throw new InvalidInputError({
        code: 'COLUMN_MISSING',
        message: `options.edges names "${name}", which is not a numeric column of the input.`,
        details: { path: `edges.${name}`, column: name },
      });
    }
  }
  return { columns, finish: plan.finish, sql: parsedSql };
}

function toNumber(row: Record<string, unknown> | undefined, key: string): number {
  return sqlNumber(row?.[key]) ?? 0;
}

interface NumericTotals {
  finite: number;
  sum: number;
  min: number;
  max: number;
}

/** A numeric column's figures from the totals query. */
function readTotals(row: Record<string, unknown> | undefined, column: QueryColumn): NumericTotals {
  return {
    finite: toNumber(row, `n_${column.index}`),
    sum: toNumber(row, `s_${column.index}`),
    min: toNumber(row, `lo_${column.index}`),
    max: toNumber(row, `hi_${column.index}`),
  };
}

/** The quantile summary of one numeric column, and its exact values when the column is small. */
async function orderStatistics(
  scan: SqlScan,
  column: PlannedColumn,
  totals: NumericTotals,
): Promise<{
  sketch: SerializedKllSketch;
  values: Float64Array | undefined;
  distinct: Set<number>;
}> {
  const { sketchK: k, exactLimit, exactTail, seed } = column.options;
  const count = totals.finite;
  if (count <= exactLimit) {
    const rows = await scan.run(valuesQuery(scan, column));
    const values = Float64Array.from(rows, row => sqlNumber(row.v) as number);
    const sketch = KllSketch.create({ k, seed, exactLimit, exactTail });
    sketch.updateMany(values);
    return { sketch: sketch.toJSON(), values, distinct: new Set(values) };
  }
  const step = rankSummaryStep(count, k);
  const tail = Math.min(exactTail, count);
  const rows = await scan.run(orderStatisticsQuery(scan, column, count, step, tail));
  const points = rows.map(row => ({
    rank: sqlNumber(row.r) as number,
    value: sqlNumber(row.v) as number,
  }));
  const lower = points.filter(point => point.rank <= tail).map(point => point.value + 0);
  const upper = points.filter(point => point.rank > count - tail).map(point => point.value + 0);
  const sketch = rankSummarySketch({
    count,
    points,
    step,
    min: totals.min,
    max: totals.max,
    k,
    randomState: seed,
    ...(exactLimit > 0 || exactTail > 0
      ? { exact: { limit: exactLimit, tail: exactTail, lower, upper } }
      : {}),
  });
  return { sketch, values: undefined, distinct: new Set(points.map(point => point.value)) };
}

/** Exact value counts of a numeric column with at most {@link NUMERIC_CATEGORY_LIMIT} distinct values, else undefined. */
async function fewValueCounts(
  scan: SqlScan,
  column: PlannedColumn,
  values: Float64Array | undefined,
  seen: Set<number>,
): Promise<Map<string, number> | undefined> {
  // More distinct values among the order statistics than the limit: the column has more too.
  if (seen.size > NUMERIC_CATEGORY_LIMIT) return undefined;
  const counts = new Map<string, number>();
  if (values) {
    for (const value of values) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
    return counts;
  }
  const rows = await scan.run(distinctValuesQuery(scan, column, NUMERIC_CATEGORY_LIMIT + 1));
  if (rows.length > NUMERIC_CATEGORY_LIMIT) return undefined;
  for (const row of rows) {
    const key = String(sqlNumber(row.v));
    counts.set(key, (counts.get(key) ?? 0) + (sqlNumber(row.c) as number));
  }
  return counts;
}

async function categoryProfile(
  scan: SqlScan,
  column: PlannedColumn,
  present: number,
): Promise<ColumnProfile['categories']> {
  if (present === 0) return undefined;
  const { categoryCap: cap } = column.options;
  const rows = await scan.run(topCategoriesQuery(scan, column, cap, cap + CATEGORY_TIE_ROWS));
  const counts = new Map<string, number>();
  let kept = 0;
  let groups = 0;
  for (const row of rows) {
    const key = categoryKey(row.value);
    const count = sqlNumber(row.c) as number;
    groups = sqlNumber(row.groups) as number;
    if (key === undefined) continue;
    counts.set(key, (counts.get(key) ?? 0) + count);
    kept += count;
  }
  return capCategoryCounts(counts, cap, present - kept, groups);
}

interface NumericDraft {
  column: PlannedColumn;
  totals: NumericTotals;
  sketch: SerializedKllSketch;
  categories: Map<string, number> | undefined;
  edges: number[];
}

/**
 * Given edges widened to the column's min and max when they do not cover it, as the in-process
 * profile widens fixed edges, so no value is dropped from the histogram.
 */
function widenEdges(edges: readonly number[], totals: NumericTotals, name: string): number[] {
  assertValidEdges(edges, `edges.${name}`);
  return [
    ...(totals.min < (edges[0] as number) ? [totals.min] : []),
    ...edges,
    ...(totals.max > (edges[edges.length - 1] as number) ? [totals.max] : []),
  ];
}

function chooseEdges(
  column: PlannedColumn,
  totals: NumericTotals,
  sketch: SerializedKllSketch,
  run: ProfileRun,
): number[] {
  const given =
    column.options.edges ??
    run.sql.reference?.columns.find(candidate => candidate.name === column.name)?.histogram?.edges;
  if (given) return widenEdges(given, totals, column.name);
  return referenceEdges(KllSketch.fromJSON(sketch), column.options.binning);
}

/** The profile of one scan (the whole table or one partition). */
/**
 * Columns per totals query: a numeric column takes four select items, and PostgreSQL refuses a
 * statement with more than 1664 of them, so a wide table is summed in several scans.
 */
const TOTALS_COLUMNS_PER_QUERY = 250;

/** The totals of every column (see `totalsQuery`), in as many scans as the width needs, merged. */
async function readTotalsRow(
  scan: SqlScan,
  numeric: readonly QueryColumn[],
  categorical: readonly QueryColumn[],
): Promise<Record<string, unknown> | undefined> {
  const columns = [...numeric, ...categorical];
  if (columns.length <= TOTALS_COLUMNS_PER_QUERY) {
    const [row] = await scan.run(totalsQuery(scan, numeric, categorical));
    return row;
  }
  const isNumeric = new Set(numeric);
  let merged: Record<string, unknown> | undefined;
  for (let start = 0; start < columns.length; start += TOTALS_COLUMNS_PER_QUERY) {
    const chunk = columns.slice(start, start + TOTALS_COLUMNS_PER_QUERY);
    const [row] = await scan.run(
      totalsQuery(
        scan,
        chunk.filter(column => isNumeric.has(column)),
        chunk.filter(column => !isNumeric.has(column)),
      ),
    );
    merged = { ...merged, ...row };
  }
  return merged;
}

async function profileScan(scan: SqlScan, run: ProfileRun): Promise<DatasetProfile> {
  const numeric = run.columns.filter(column => column.kind === 'numeric');
  const categorical = run.columns.filter(column => column.kind !== 'numeric');
  const totalsRow = await readTotalsRow(scan, numeric, categorical);
  const rowCount = toNumber(totalsRow, 'rows');

  const drafts: NumericDraft[] = [];
  for (const column of numeric) {
    const totals = readTotals(totalsRow, column);
    if (totals.finite === 0) continue;
    const { sketch, values, distinct } = await orderStatistics(scan, column, totals);
    const categories = await fewValueCounts(scan, column, values, distinct);
    drafts.push({
      column,
      totals,
      sketch,
      categories,
      edges: chooseEdges(column, totals, sketch, run),
    });
  }

  const histograms = new Map<string, { counts: number[]; m2: number }>();
  for (const { column, totals, edges } of drafts) {
    const second: SecondPassColumn = { ...column, mean: totals.sum / totals.finite, edges };
    const counts = new Array<number>(edges.length - 1).fill(0);
    let m2 = 0;
    for (const row of await scan.run(histogramQuery(scan, second))) {
      m2 += sqlNumber(row.m) ?? 0;
      const bin = sqlNumber(row.b);
      if (bin !== null && bin >= 0 && bin < counts.length) counts[bin] = sqlNumber(row.c) ?? 0;
    }
    histograms.set(column.name, { counts, m2 });
  }

  const profiles = new Map<string, ColumnProfile>();
  for (const { column, totals, sketch, categories, edges } of drafts) {
    profiles.set(column.name, {
      name: column.name,
      type: column.type,
      count: rowCount,
      missing: rowCount - totals.finite,
      moments: {
        count: totals.finite,
        mean: totals.sum / totals.finite,
        m2: histograms.get(column.name)?.m2 ?? 0,
        min: totals.min,
        max: totals.max,
        sum: totals.sum,
      },
      ...(categories
        ? { categories: capCategoryCounts(categories, column.options.categoryCap) }
        : {}),
      quantiles: sketch,
      histogram: {
        edges: [...edges],
        counts: histograms.get(column.name)?.counts ?? [],
      },
    });
  }
  for (const column of categorical) {
    const present = toNumber(totalsRow, `n_${column.index}`);
    const categories = await categoryProfile(scan, column, present);
    profiles.set(column.name, {
      name: column.name,
      type: column.type,
      count: rowCount,
      missing: rowCount - present,
      ...(categories ? { categories } : {}),
    });
  }
  const columns = run.columns.map(
    column =>
      profiles.get(column.name) ?? {
        name: column.name,
        type: column.type,
        count: rowCount,
        missing: rowCount,
      },
  );
  return run.finish(columns, rowCount);
}

/**
 * Edges shared by every partition, so the partition profiles merge: given edges, the
 * reference's, or the whole table's edges by the chosen binning.
 */
async function sharedEdges(scan: SqlScan, run: ProfileRun): Promise<ProfileRun> {
  const numeric = run.columns.filter(
    column =>
      column.kind === 'numeric' &&
      column.options.edges === undefined &&
      run.sql.reference?.columns.find(candidate => candidate.name === column.name)?.histogram ===
        undefined,
  );
  if (numeric.length === 0) return run;
  const totalsRow = await readTotalsRow(scan, numeric, []);
  const edges = new Map<string, number[]>();
  for (const column of numeric) {
    const totals = readTotals(totalsRow, column);
    if (totals.finite === 0) continue;
    // Only quantile edges need the order statistics; the others need the count and the range.
    const sketch =
      column.options.binning.method === 'quantile'
        ? (
            await orderStatistics(
              scan,
              { ...column, options: { ...column.options, exactLimit: 0 } },
              totals,
            )
          ).sketch
        : rangeSketch(column, totals);
    edges.set(column.name, referenceEdges(KllSketch.fromJSON(sketch), column.options.binning));
  }
  return {
    ...run,
    columns: run.columns.map(column =>
      edges.has(column.name)
        ? { ...column, options: { ...column.options, edges: edges.get(column.name) } }
        : column,
    ),
  };
}

/** A sketch holding only the count and the range, which is all Sturges and equal-width edges read. */
function rangeSketch(column: PlannedColumn, totals: NumericTotals): SerializedKllSketch {
  return rankSummarySketch({
    count: totals.finite,
    step: totals.finite,
    points: [{ rank: totals.finite, value: totals.max }],
    min: totals.min,
    max: totals.max,
    k: column.options.sketchK,
    randomState: column.options.seed,
  });
}

/**
 * Profiles every partition of a table in SQL (`options.partitionBy`: the values of a column, or
 * a timestamp column truncated to a day, ISO week, month or year), one profile per
 * partition with the same histogram edges, so they merge with `mergeProfiles`.
 *
 * @example
 * ```ts
 * const months = await profileSqlPartitions(sqlTable(engine, 'events'), {
 *   partitionBy: { column: 'event_time', truncate: 'month' },
 *   columns: ['amount', 'country'],
 * });
 * for (const { key, profile } of months) console.log(key, profile.rowCount);
 * ```
 */
export async function profileSqlPartitions(
  table: SqlTable,
  options: SqlProfileOptions & { partitionBy: NonNullable<SqlProfileOptions['partitionBy']> },
): Promise<SqlPartitionProfile[]> {
  const dialect = dialectOf(table);
  const probe = scanOf(table, dialect, {});
  const planned = await planRun(table, probe, options);
  const scan = scanOf(table, dialect, planned.sql.queryOptions);
  const partitionBy = planned.sql.partitionBy;
  if (partitionBy === undefined) {
    throw new InvalidInputError({
      code: 'INVALID_OPTIONS',
      message: 'profileSqlPartitions needs options.partitionBy ({ column, truncate? }).',
      details: { path: 'partitionBy' },
    });
  }
  const keyColumn = dialect.identifier(partitionBy.column);
  const key: SqlFragment = partitionBy.truncate
    ? dialect.dateTrunc(partitionBy.truncate, keyColumn)
    : keyColumn;
  const keys = await scan.run(
    dialect.select({
      select: [['key', key]],
      from: scan.from,
      groupBy: [key],
      orderBy: [{ expression: key }],
      limit: MAX_PARTITIONS + 1,
    }),
  );
  if (keys.length > MAX_PARTITIONS) {
    throw new InvalidInputError({
      code: 'TOO_MANY_PARTITIONS',
      message: `"${partitionBy.column}" splits the table into more than ${MAX_PARTITIONS} partitions; truncate it to a coarser unit or partition by another column.`,
      details: { path: 'partitionBy.column', column: partitionBy.column },
    });
  }
  const run = await sharedEdges(scan, planned);
  const partitions: SqlPartitionProfile[] = [];
  for (const row of keys) {
    const value = (row.key ?? null) as SqlValue;
    const where = value === null ? dialect.isNull(key) : sql`${key} = ${dialect.value(value)}`;
    partitions.push({ key: value, profile: await profileScan({ ...scan, where }, run) });
  }
  return partitions;
}

/**
 * The {@link DatasetProfile} of a SQL table computed by its engine: only aggregates and order
 * statistics leave it. Counts, missing values, moments (M2 in a second pass over the mean, as in
 * process), histogram counts and category counts are exact and equal the in-process profile of
 * the same rows. Quantiles: columns with at most `exactLimit` finite values are read in full
 * (exact, as in process); larger columns get a summary built from exact ranks (one sort in the
 * engine, out of core when needed) whose rank error is at most half the KLL error bound that
 * drift from the profile applies, plus the exact `exactTail` smallest and largest values.
 * With `partitionBy`, partitions are profiled separately and merged.
 */
export async function profileSqlTable(
  table: SqlTable,
  options: SqlProfileOptions = {},
): Promise<DatasetProfile> {
  if (options.partitionBy !== undefined) {
    const partitions = await profileSqlPartitions(
      table,
      options as SqlProfileOptions & { partitionBy: NonNullable<SqlProfileOptions['partitionBy']> },
    );
    if (partitions.length > 0) {
      const merged = partitions.map(partition => partition.profile).reduce(mergeProfiles);
      return { ...merged, createdAt: (options.createdAt ?? new Date()).toISOString() };
    }
  }
  const dialect = dialectOf(table);
  const run = await planRun(table, scanOf(table, dialect, {}), options);
  return profileScan(scanOf(table, dialect, run.sql.queryOptions), run);
}
