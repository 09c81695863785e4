import {
  InvalidInputError,
  type SqlDialectName,
  type SqlEngine,
  type SqlQuery,
  type SqlQueryOptions,
  type SqlResult,
  sqlTable,
  TimeoutError,
} from '@ballast/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineSuite } from '../suite/suite-builder';
import { validate } from '../validate';
import { pushdownExpectationTypes, validateSql } from './validate-sql';

const hostile = `we"ird\`; -- name`;

/** An engine that records statements and answers from `respond` (empty results by default). */
function fakeEngine(
  dialect: SqlDialectName,
  respond: (query: SqlQuery, options?: SqlQueryOptions) => Promise<SqlResult> | SqlResult = () => ({
    columns: [],
    rows: [{}],
  }),
) {
  const queries: SqlQuery[] = [];
  const engine: SqlEngine = {
    specificationVersion: 'v1',
    dialect,
    lineageNamespace: `${dialect}://test`,
    async query(query, options) {
      queries.push(query);
      if (/ LIMIT 0$/.test(query.text)) {
        return {
          columns: [
            { name: 'id', type: 'INTEGER' },
            { name: 'price', type: 'DOUBLE' },
            { name: hostile, type: 'VARCHAR' },
            { name: 'day', type: 'DATE' },
          ],
          rows: [],
        };
      }
      return respond(query, options);
    },
    async close() {},
  };
  return { engine, queries };
}

const suite = defineSuite('golden')
  .expect('expect_table_row_count_to_be_between', { min_value: 1 })
  .expect('expect_column_values_to_not_be_null', { column: 'price', mostly: 0.9 })
  .expect('expect_column_values_to_be_between', {
    column: 'price',
    min_value: 0,
    strict_max: true,
    max_value: 10,
  })
  .expect('expect_column_values_to_be_in_set', { column: hostile, value_set: ["it's", 'a;b', 3] })
  .expect('expect_column_values_to_match_regex', { column: hostile, regex: '^[a-z]+$' })
  .expect('expect_column_value_lengths_to_be_between', { column: hostile, min_value: 2 })
  .expect('expect_column_mean_to_be_between', { column: 'price', max_value: 5 })
  .expect('expect_column_unique_value_count_to_be_between', { column: 'id', min_value: 1 })
  .expect(
    'expect_column_values_to_be_null',
    {
      column: 'id',
    },
    { row_condition: 'price > 3', condition_parser: 'pandas' },
  )
  .build();

const dialects: SqlDialectName[] = [
  'duckdb',
  'postgres',
  'trino',
  'spark',
  'bigquery',
  'snowflake',
];

describe('validateSql compiles a suite into one scan', () => {
  for (const dialect of dialects) {
    it(`${dialect}: a column probe, then one aggregate query`, async () => {
      const { engine, queries } = fakeEngine(dialect);
      const report = await validate(suite, sqlTable(engine, 'analytics.items'));
      expect(report.results).toHaveLength(9);
      expect(queries).toHaveLength(2);
      expect(queries[1]).toMatchSnapshot();
      // Suite values are parameters, never text.
      expect(queries[1]?.text).not.toContain("it's");
      expect(queries[1]?.parameters).toContain("it's");
    });
  }
});

describe('safety', () => {
  it('a hostile value set never changes the statement text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), async values => {
        const text = async (set: string[]) => {
          const { engine, queries } = fakeEngine('postgres');
          await validateSql(
            defineSuite('s')
              .expect('expect_column_values_to_be_in_set', { column: hostile, value_set: set })
              .build(),
            sqlTable(engine, 't'),
          );
          return queries[1];
        };
        const withValues = await text(values);
        const placeholders = await text(values.map((_, index) => `v${index}`));
        expect(withValues?.text).toBe(placeholders?.text);
        expect(withValues?.parameters?.slice(-values.length)).toEqual(values);
      }),
      { numRuns: 50 },
    );
  });

  it('quotes a hostile column name in every dialect', async () => {
    for (const dialect of dialects) {
      const { engine, queries } = fakeEngine(dialect);
      await validateSql(
        defineSuite('s').expect('expect_column_values_to_not_be_null', { column: hostile }).build(),
        sqlTable(engine, { table: ['s', `t"; drop table x; --`] }),
      );
      const text = queries[1]?.text ?? '';
      expect(text.includes('; -- name')).toBe(true);
      // Outside quoted identifiers, nothing of the name remains.
      const unquoted = text.replace(/"(?:[^"]|"")*"|`(?:[^`\\]|``|\\.)*`/g, '');
      expect(unquoted).not.toMatch(/drop|--|;/i);
    }
  });
});

describe('what cannot be pushed down', () => {
  it('is named in a typed error before any query runs', async () => {
    const { engine, queries } = fakeEngine('duckdb');
    const unsupported = defineSuite('u')
      .expect('expect_column_values_to_be_json_parseable', { column: 'price' })
      .expect('expect_column_values_to_not_be_null', { column: 'price' })
      .expect('expect_column_values_to_match_strftime_format', {
        column: hostile,
        strftime_format: '%Y',
      })
      .build();
    const error = await validateSql(unsupported, sqlTable(engine, 't')).catch(caught => caught);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(error.code).toBe('PUSHDOWN_UNSUPPORTED');
    expect(error.details.expectations.map((item: { path: string }) => item.path)).toEqual([
      'expectations[0]',
      'expectations[2]',
    ]);
    expect(queries).toHaveLength(0);
  });

  it('is named before any scan when the column type decides it', async () => {
    const { engine, queries } = fakeEngine('duckdb');
    const error = await validateSql(
      defineSuite('u')
        .expect('expect_column_values_to_be_between', { column: hostile, min_value: 'a' })
        .build(),
      sqlTable(engine, 't'),
    ).catch(caught => caught);
    expect(error.code).toBe('PUSHDOWN_UNSUPPORTED');
    expect(error.message).toContain('expectations[0] expect_column_values_to_be_between');
    expect(queries).toHaveLength(1); // the column probe reads no rows
  });

  it('lists the pushed-down expectation types', () => {
    expect(pushdownExpectationTypes).toContain('expect_column_values_to_be_between');
    expect(pushdownExpectationTypes).not.toContain('expect_column_values_to_match_json_schema');
  });
});

describe('cancellation', () => {
  it('rejects with the abort reason and passes the signal to the engine', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const seen: (AbortSignal | undefined)[] = [];
    const { engine } = fakeEngine('duckdb', (_query, options) => {
      seen.push(options?.signal);
      controller.abort(reason);
      throw reason;
    });
    await expect(
      validateSql(suite, sqlTable(engine, 't'), { signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(seen[0]).toBe(controller.signal);
    // Already aborted: nothing runs.
    const { engine: idle, queries } = fakeEngine('duckdb');
    await expect(
      validateSql(suite, sqlTable(idle, 't'), { signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(queries).toHaveLength(0);
  });

  it('gives each query what is left of timeoutMs and propagates the engine timeout', async () => {
    const budgets: number[] = [];
    const { engine } = fakeEngine('postgres', (_query, options) => {
      budgets.push(options?.timeoutMs ?? -1);
      throw new TimeoutError({ code: 'QUERY_TIMEOUT', message: 'too slow' });
    });
    const error = await validateSql(suite, sqlTable(engine, 't'), { timeoutMs: 5_000 }).catch(
      caught => caught,
    );
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(budgets[0]).toBeGreaterThan(0);
    expect(budgets[0]).toBeLessThanOrEqual(5_000);
  });
});

describe('results from engine answers', () => {
  it('reads counts, lists the unexpected values with LIMIT, and applies mostly', async () => {
    const { engine, queries } = fakeEngine('duckdb', query => {
      if (query.text.startsWith('SELECT count(*) AS "rows"')) {
        return {
          columns: [],
          rows: [{ rows: 10n, e0_rows_0: 10n, e0_missing_1: '1', e0_unexpected_2: 3 }],
        };
      }
      return { columns: [], rows: [{ c0: 11.5 }, { c0: 12 }, { c0: 20 }] };
    });
    const report = await validateSql(
      defineSuite('s')
        .expect('expect_column_values_to_be_between', {
          column: 'price',
          max_value: 10,
          mostly: 0.5,
        })
        .build(),
      sqlTable(engine, 't'),
      { createdAt: '2026-01-01T00:00:00.000Z' },
    );
    const result = report.results[0]!;
    expect(result.success).toBe(true);
    expect(result.result).toMatchObject({
      element_count: 10,
      missing_count: 1,
      unexpected_count: 3,
      partial_unexpected_list: [11.5, 12, 20],
    });
    expect(result.result.partial_unexpected_index_list).toBeUndefined();
    expect(queries[2]?.text).toMatch(/LIMIT 3$/);
  });
});
