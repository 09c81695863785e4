import { type SelectItem, type SqlFragment, sql, sqlNumber } from '@ballast/kit';
import type { Schema } from 'apache-arrow';
import type { EvaluationOutcome, ExpectationEvaluator } from '../engine/expectation-evaluator';
import { quantileOfSorted, type QuantileInterpolation } from '../statistics/quantile';
import type { ExpectationConfiguration, ExpectationKwargs } from '../suite/expectation-schemas';
import type { FinishContext, PushdownContext, PushdownPlan } from './pushdown-plan';
import { cellValue, countOf, numberSql, presentSql, within } from './sql-cells';
import { SqlColumnStatistics } from './sql-column-statistics';
import type { SqlColumnInfo } from './sql-columns';

/** What the engine computes for a statistics expectation before the shared evaluator judges it. */
interface StatisticsNeeds {
  /** min, max, sum, mean of the present numbers. */
  moments?: boolean;
  /** Sample variance too (standard deviation). */
  variance?: boolean;
  /** Every distinct value with its count (one GROUP BY). */
  valueCounts?: boolean;
  /** Only how many distinct values there are (count DISTINCT in the shared scan). */
  distinctCount?: boolean;
  /** The quantiles the expectation reads. */
  quantiles?(kwargs: Record<string, unknown>): {
    qs: readonly number[];
    interpolation: QuantileInterpolation;
  };
}

const needsByType: Record<string, StatisticsNeeds> = {
  expect_column_min_to_be_between: { moments: true },
  expect_column_max_to_be_between: { moments: true },
  expect_column_mean_to_be_between: { moments: true },
  expect_column_sum_to_be_between: { moments: true },
  expect_column_stdev_to_be_between: { moments: true, variance: true },
  expect_column_median_to_be_between: { quantiles: () => ({ qs: [0.5], interpolation: 'linear' }) },
  expect_column_quantile_values_to_be_between: {
    quantiles: kwargs => {
      const typed = kwargs as ExpectationKwargs<'expect_column_quantile_values_to_be_between'>;
      return {
        qs: typed.quantile_ranges.quantiles,
        interpolation: typed.allow_relative_error ?? 'nearest',
      };
    },
  },
  expect_column_distinct_values_to_be_in_set: { valueCounts: true },
  expect_column_distinct_values_to_contain_set: { valueCounts: true },
  expect_column_distinct_values_to_equal_set: { valueCounts: true },
  expect_column_most_common_value_to_be_in_set: { valueCounts: true },
  expect_column_proportion_of_unique_values_to_be_between: { distinctCount: true },
  expect_column_unique_value_count_to_be_between: { distinctCount: true },
  expect_column_proportion_of_non_null_values_to_be_between: {},
};

/** Columns whose values the statistics read as numbers (dates and timestamps as milliseconds). */
const numeric = (column: SqlColumnInfo) =>
  column.kind === 'integer' || column.kind === 'float' || column.kind === 'temporal';

/**
 * Exact order statistics: the ranks numpy's quantile reads are found by running the same
 * quantile code on a recording stand-in, then fetched in one query with
 * `row_number() OVER (ORDER BY x)`, so every interpolation matches the Arrow engine exactly
 * (no sketch, in every dialect).
 */
async function orderStatistics(
  context: PushdownContext,
  finish: FinishContext,
  column: SqlColumnInfo,
  count: number,
  qs: readonly number[],
  interpolation: QuantileInterpolation,
): Promise<ArrayLike<number>> {
  const needed = new Set<number>();
  const recorder = new Proxy({ length: count } as ArrayLike<number>, {
    get: (target, property) => {
      if (property === 'length') return target.length;
      needed.add(Number(property));
      return 0;
    },
  });
  for (const q of qs) quantileOfSorted(recorder, q, interpolation);
  const sorted: Record<number, number> & { length: number } = { length: count };
  if (count === 0 || needed.size === 0) return sorted;
  const { dialect } = context;
  const x = numberSql(dialect, column);
  const ordered = sql`(${dialect.select({
    select: [
      ['v', x],
      ['r', sql`row_number() OVER (ORDER BY ${x})`],
    ],
    from: context.from,
    where: within(dialect, context.condition, presentSql(dialect, column)),
  })}) AS ${dialect.identifier('o')}`;
  const rows = await finish.run(
    dialect.select({
      select: [
        ['v', dialect.identifier('v')],
        ['r', dialect.identifier('r')],
      ],
      from: ordered,
      where: dialect.inList(
        dialect.identifier('r'),
        [...needed].map(rank => rank + 1),
        'bigint',
      ),
    }),
  );
  for (const row of rows) sorted[(sqlNumber(row.r) as number) - 1] = sqlNumber(row.v) as number;
  return sorted;
}

/** Every distinct present value with its count, one GROUP BY shared by the column's checks. */
function valueCounts(
  context: PushdownContext,
  finish: FinishContext,
  column: SqlColumnInfo,
): Promise<Map<unknown, number>> {
  return finish.memo(`values\u0000${column.name}\u0000${context.conditionKey}`, async () => {
    const { dialect } = context;
    // The Arrow engine counts dates and timestamps by their milliseconds.
    const x =
      column.kind === 'temporal' ? numberSql(dialect, column) : dialect.identifier(column.name);
    const rows = await finish.run(
      dialect.select({
        select: [
          ['value', x],
          ['n', dialect.countAll()],
        ],
        from: context.from,
        where: within(dialect, context.condition, presentSql(dialect, column)),
        groupBy: [x],
        // A table has no row order to list tied modes by first appearance, as the Arrow
        // engine does; ascending values at least make the list the same in every engine.
        orderBy: [{ expression: x }],
      }),
    );
    return new Map(rows.map(row => [cellValue(row.value, column), sqlNumber(row.n) ?? 0]));
  });
}

/** The finish input of the shared evaluators, with statistics standing for the one column. */
export function finishInput(
  context: PushdownContext,
  finish: FinishContext,
  schema: Schema,
  rowCount: number,
  statistics?: SqlColumnStatistics,
) {
  return {
    rowCount,
    schema,
    limits: context.limits,
    onEmpty: context.onEmpty,
    otherTableRowCounts: finish.otherTableRowCounts,
    statistics: () => statistics ?? new SqlColumnStatistics(),
  };
}

/**
 * A column statistics expectation: the engine computes counts, moments, distinct counts or
 * order statistics; the Arrow engine's own evaluator then judges them, so outcomes, codes and
 * messages are the same code path.
 */
export function statisticsPlan(
  expectation: ExpectationConfiguration,
  context: PushdownContext,
  evaluator: ExpectationEvaluator,
  schema: Schema,
): PushdownPlan | string | undefined {
  const needs = needsByType[expectation.type];
  if (needs === undefined) return undefined;
  const kwargs = expectation.kwargs as Record<string, unknown>;
  const column = context.columns.get(kwargs.column as string) as SqlColumnInfo;
  const wantsValues = needs.valueCounts || needs.distinctCount;
  if (column.kind === 'other' && wantsValues)
    return `distinct values of ${column.type} columns are not pushed down`;
  const { dialect, condition } = context;
  const x = dialect.identifier(column.name);
  const present = within(dialect, condition, presentSql(dialect, column));
  const value = numberSql(dialect, column);
  const aliases = {
    rows: context.alias('rows'),
    nulls: context.alias('nulls'),
    nans: context.alias('nans'),
    min: context.alias('min'),
    max: context.alias('max'),
    sum: context.alias('sum'),
    mean: context.alias('mean'),
    variance: context.alias('variance'),
    distinct: context.alias('distinct'),
  };
  const ifPresent = (aggregate: (expression: SqlFragment) => SqlFragment) =>
    dialect.aggregateIf(aggregate, present, value);
  const aggregates: SelectItem[] = [
    [aliases.rows, condition === undefined ? dialect.countAll() : dialect.countIf(condition)],
    [aliases.nulls, dialect.countIf(within(dialect, condition, dialect.isNull(x)))],
  ];
  if (column.kind === 'float')
    aggregates.push([
      aliases.nans,
      dialect.countIf(within(dialect, condition, dialect.isNotNull(x), dialect.isNaN(x))),
    ]);
  if (needs.moments && numeric(column)) {
    aggregates.push(
      [aliases.min, ifPresent(dialect.min)],
      [aliases.max, ifPresent(dialect.max)],
      [aliases.sum, ifPresent(dialect.sum)],
      [aliases.mean, ifPresent(dialect.avg)],
    );
    if (needs.variance) aggregates.push([aliases.variance, ifPresent(dialect.varianceSamp)]);
  }
  if (needs.distinctCount)
    aggregates.push([
      aliases.distinct,
      dialect.countDistinct(sql`CASE WHEN ${present} THEN ${x} END`),
    ]);
  return {
    aggregates,
    async finish(finish): Promise<EvaluationOutcome> {
      const { row } = finish;
      const statistics = new SqlColumnStatistics();
      statistics.count = countOf(row, aliases.rows);
      statistics.nullCount = countOf(row, aliases.nulls);
      statistics.nanCount = column.kind === 'float' ? countOf(row, aliases.nans) : 0;
      if (numeric(column)) statistics.numericCount = statistics.count - statistics.missingCount;
      if (needs.moments && numeric(column) && statistics.numericCount > 0) {
        statistics.min = sqlNumber(row[aliases.min]) ?? Number.POSITIVE_INFINITY;
        statistics.max = sqlNumber(row[aliases.max]) ?? Number.NEGATIVE_INFINITY;
        statistics.sum = sqlNumber(row[aliases.sum]) ?? 0;
        statistics.mean = sqlNumber(row[aliases.mean]) ?? Number.NaN;
        if (needs.variance) {
          const variance = sqlNumber(row[aliases.variance]);
          statistics.m2 = variance === null ? Number.NaN : variance * (statistics.numericCount - 1);
        }
      }
      if (needs.quantiles && numeric(column)) {
        const { qs, interpolation } = needs.quantiles(kwargs);
        statistics.sorted = await orderStatistics(
          context,
          finish,
          column,
          statistics.numericCount,
          qs,
          interpolation,
        );
      }
      if (needs.valueCounts) statistics.valueCounts = await valueCounts(context, finish, column);
      if (needs.distinctCount) {
        // The uniqueness checks read only how many distinct values there are.
        const distinct = countOf(row, aliases.distinct);
        statistics.valueCounts = { size: distinct } as Map<unknown, number>;
      }
      return evaluator.finish(finishInput(context, finish, schema, statistics.count, statistics));
    },
  };
}

/** Expectations judged on the column list and row count only: the shared evaluator, no SQL of their own. */
export const schemaExpectationTypes: ReadonlySet<string> = new Set([
  'expect_column_to_exist',
  'expect_column_values_to_be_of_type',
  'expect_column_values_to_be_in_type_list',
  'expect_table_row_count_to_be_between',
  'expect_table_row_count_to_equal',
  'expect_table_row_count_to_equal_other_table',
  'expect_table_column_count_to_be_between',
  'expect_table_column_count_to_equal',
  'expect_table_columns_to_match_set',
  'expect_table_columns_to_match_ordered_list',
]);

/** Statistics expectation types. */
export const statisticsExpectationTypes: ReadonlySet<string> = new Set(Object.keys(needsByType));
