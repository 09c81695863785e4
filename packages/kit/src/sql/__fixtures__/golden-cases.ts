import { type SqlFragment, sql } from '../sql-fragment';
import type { SqlDialect } from '../sql-dialect';

/** Statements rendered in every dialect and compared with `golden-sql.json`. */
export const cases: Record<string, (d: SqlDialect) => SqlFragment> = {
  aggregates: d => {
    const price = d.identifier('price');
    return d.select({
      select: [
        ['rows', d.countAll()],
        ['nulls', d.countIf(d.isNull(price))],
        ['non_null', d.count(price)],
        ['distinct', d.countDistinct(d.identifier('name'))],
        ['min', d.min(price)],
        ['max', d.max(price)],
        ['sum', d.sum(d.castDouble(price))],
        ['mean', d.avg(d.castDouble(price))],
        ['stddev', d.stddevSamp(d.castDouble(price))],
        ['variance', d.varianceSamp(d.castDouble(price))],
        ['min_where', d.aggregateIf(d.min, d.not(d.isNull(price)), price)],
      ],
      from: d.from({ table: ['analytics', 'flights'] }),
    });
  },
  quantiles: d => {
    const x = d.castDouble(d.identifier('delay'));
    return d.select({
      select: [
        ['median', d.quantile(x, 0.5)],
        ['p90_approx', d.quantile(x, 0.9, { approximate: true })],
      ],
      from: d.from({ table: ['flights'] }),
    });
  },
  conditions: d => {
    const name = d.identifier('name');
    return d.select({
      select: [
        ['regex', d.countIf(d.regexMatch(name, '^[A-Z]+$'))],
        ['like', d.countIf(d.like(name, 'ab\\_%'))],
        ['length', d.max(d.charLength(name))],
        ['in_set', d.countIf(d.inList(name, ['a', 'b'], 'text'))],
        ['empty_set', d.countIf(d.inList(name, []))],
        [
          'between',
          d.countIf(d.and(d.isNotNull(name), d.or(d.isNull(name), d.not(d.isNull(name))))),
        ],
      ],
      from: d.from({ query: 'select * from people where age > 18;' }),
      where: d.isNotNull(name),
    });
  },
  histogram: d =>
    d.select({
      select: d
        .bucketCounts(d.identifier('x'), [0, 0.5, 1], 'count')
        .map((count, index) => [`bin_${index}`, count] as const),
      from: d.from({ table: ['s', 't'] }),
    }),
  bucket_index: d =>
    d.select({
      select: [
        ['bin', d.bucketIndex(d.identifier('x'), [0, 10], 'drop')],
        ['n', d.countAll()],
      ],
      from: d.from({ table: ['t'] }),
      groupBy: [d.bucketIndex(d.identifier('x'), [0, 10], 'drop')],
    }),
  top_values: d =>
    d.topValues({
      value: d.identifier('carrier'),
      from: d.from({ table: ['flights'] }),
      where: d.inList(d.identifier('origin'), ['SEA'], 'text'),
      limit: 20,
    }),
  special_values: d =>
    d.select({
      select: [
        ['nan', d.countIf(d.isNaN(d.identifier('x')))],
        ['finite', d.countIf(d.isFinite(d.identifier('x')))],
        ['latest', d.max(d.epochMillis(d.identifier('ts')))],
      ],
      from: d.from({ table: ['t'] }),
      groupBy: [d.dateTrunc('week', d.identifier('ts'))],
    }),
  unexpected_rows: d =>
    d.select({
      select: [['value', d.identifier('age')]],
      from: d.from({ table: ['people'] }),
      where: d.not(
        d.and(
          d.isNotNull(d.identifier('age')),
          sql`${d.identifier('age')} > ${d.value(1, 'double')}`,
        ),
      ),
      orderBy: [{ expression: d.identifier('age'), descending: true }],
      limit: 20,
    }),
};
