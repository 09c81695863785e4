// An outside user's attacks on the pushdown, live on DuckDB and PostgreSQL: very wide tables
// (PostgreSQL caps a target list at 1664 entries; a wide statement once overflowed the call
// stack while it was built), query sources ending in comments, hostile suite values, 1 ms
// deadlines, many concurrent runs aborted at random instants, and an unreachable server.
import {
  type BallastError,
  type SqlEngine,
  sqlTable,
  TimeoutError,
  UnavailableDependencyError,
} from '@ballast/contracts';
import { validate } from '@ballast/data-validation';
import { profile } from '@ballast/drift-stats';
import { createPostgresEngine } from '@ballast/warehouse/postgres';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveEngineName, liveEngineNames, openLiveEngine } from './live-engines';

const width = 500;
const wideRows = 200;

interface Context {
  readonly engine: SqlEngine;
  readonly prefix: string;
  readonly url?: string;
  cleanup(): Promise<void>;
}

const series: Record<LiveEngineName, (n: number) => string> = {
  duckdb: n => `range(0, ${n}) s(i)`,
  postgres: n => `generate_series(0, ${n - 1}) s(i)`,
};

const engineCases = liveEngineNames.map(name => ({
  name,
  series: series[name],
  open: async (): Promise<Context | undefined> => {
    const live = await openLiveEngine(name, 'attack');
    return live && { ...live, prefix: `${live.schema}.` };
  },
}));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

for (const engineCase of engineCases) {
  describe(`attacks on the ${engineCase.name} pushdown`, () => {
    let context: Context | undefined;
    beforeAll(async () => {
      context = await engineCase.open();
      if (!context) {
        console.warn('PostgreSQL is not reachable here: skipping the live PostgreSQL attacks.');
        return;
      }
      const columns = Array.from({ length: width }, (_, i) => `(i % ${i + 2}) * 1.0 AS c${i}`);
      await context.engine.query({
        text: `CREATE TABLE ${context.prefix}wide AS SELECT ${columns.join(', ')}, 'k' || (i % 5) AS s FROM ${engineCase.series(wideRows)}`,
      });
      await context.engine.query({
        text: `CREATE TABLE ${context.prefix}big AS SELECT i, (i % 1000) * 1.5 AS x, 'k' || (i % 37) AS s FROM ${engineCase.series(50_000)}`,
      });
    }, 120_000);
    afterAll(async () => {
      await context?.cleanup();
    }, 60_000);

    it('validates a 500-column table with 2000 expectations (several aggregate scans)', async () => {
      if (!context) return;
      const suite = {
        name: 'wide',
        expectations: Array.from({ length: width }, (_, i) => [
          { type: 'expect_column_values_to_not_be_null', kwargs: { column: `c${i}` } },
          { type: 'expect_column_mean_to_be_between', kwargs: { column: `c${i}`, min_value: 0 } },
          {
            type: 'expect_column_values_to_be_between',
            kwargs: { column: `c${i}`, min_value: 0, max_value: i + 1 },
          },
          { type: 'expect_column_stdev_to_be_between', kwargs: { column: `c${i}`, min_value: 0 } },
        ]).flat(),
      };
      const report = await validate(suite, sqlTable(context.engine, `${context.prefix}wide`));
      expect(report.statistics.evaluated).toBe(4 * width);
      expect(report.success).toBe(true);
      // c499 = i % 501 over i < 200: the mean of 0..199.
      expect(report.results.at(-3)?.result.observed_value).toBeCloseTo(99.5, 9);
    }, 120_000);

    it('profiles a 500-column table', async () => {
      if (!context) return;
      const result = await profile(sqlTable(context.engine, `${context.prefix}wide`));
      expect(result.columns).toHaveLength(width + 1);
      const last = result.columns.find(column => column.name === `c${width - 1}`);
      expect(last?.moments?.count).toBe(wideRows);
      expect(last?.moments?.max).toBe(wideRows - 1);
    }, 120_000);

    it('reads a query source that ends in a line comment or stray semicolons', async () => {
      if (!context) return;
      const suite = {
        name: 'q',
        expectations: [{ type: 'expect_column_values_to_not_be_null', kwargs: { column: 'x' } }],
      };
      for (const query of [
        `SELECT x FROM ${context.prefix}big WHERE i < 10 -- only the first rows`,
        `SELECT x FROM ${context.prefix}big WHERE i < 10; ;\n`,
      ]) {
        const report = await validate(suite, sqlTable(context.engine, { query }));
        expect(report.results[0]?.result.element_count).toBe(10);
      }
      // Two statements are refused by the engine's parser; nothing runs, the table stays.
      const error = await rejection(
        validate(
          suite,
          sqlTable(context.engine, {
            query: `SELECT x FROM ${context.prefix}big; DROP TABLE ${context.prefix}big`,
          }),
        ),
      );
      expect((error as BallastError).code).toBe('QUERY_FAILED');
      const { rows } = await context.engine.query({
        text: `SELECT count(*) AS n FROM ${context.prefix}big`,
      });
      expect(rows[0]?.n).toBe(50_000);
    }, 60_000);

    it('binds hostile suite values: they only ever match themselves (property)', async () => {
      if (!context) return;
      const table = `${context.prefix}hostile`;
      await context.engine.query({
        text: `CREATE TABLE ${table} AS SELECT * FROM (VALUES ('a'), ('$1'), ('?'), ('x''; drop table t; --'), ('/* c */'), ('\\')) v(s)`,
      });
      const stored = ['a', '$1', '?', `x'; drop table t; --`, '/* c */', '\\'];
      const hostile = fc.oneof(
        fc.constantFrom(...stored, `'; drop table ${table}; --`, '--', '*/', '$2', ':1', '@p'),
        fc.string({
          unit: fc.constantFrom("'", '"', ';', '-', '/', '*', '$', '?', '\\', 'a', '1', ' '),
          maxLength: 12,
        }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 4 }), async valueSet => {
          const report = await validate(
            {
              name: 'h',
              expectations: [
                {
                  type: 'expect_column_values_to_be_in_set',
                  kwargs: { column: 's', value_set: valueSet },
                },
              ],
            },
            sqlTable(context?.engine as SqlEngine, table),
          );
          const expected = stored.filter(value => !valueSet.includes(value)).length;
          expect(report.results[0]?.result.unexpected_count).toBe(expected);
        }),
        { numRuns: 25 },
      );
      const { rows } = await context.engine.query({ text: `SELECT count(*) AS n FROM ${table}` });
      expect(rows[0]?.n).toBe(stored.length);
    }, 60_000);

    it('gives a typed TimeoutError for a 1 ms deadline', async () => {
      if (!context) return;
      const table = sqlTable(context.engine, `${context.prefix}big`);
      const suite = {
        name: 't',
        expectations: [{ type: 'expect_column_values_to_be_unique', kwargs: { column: 's' } }],
      };
      const errors = [
        await rejection(validate(suite, table, { timeoutMs: 1 })),
        await rejection(profile(table, { timeoutMs: 1 })),
      ];
      for (const error of errors) expect(TimeoutError.isInstance(error)).toBe(true);
    }, 60_000);

    it('survives 50 concurrent runs with half aborted at random instants', async () => {
      if (!context) return;
      const { engine } = context;
      const table = sqlTable(engine, `${context.prefix}big`);
      const suite = {
        name: 'c',
        expectations: [
          { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'x' } },
          { type: 'expect_column_mean_to_be_between', kwargs: { column: 'x', min_value: 0 } },
          { type: 'expect_column_unique_value_count_to_be_between', kwargs: { column: 's' } },
        ],
      };
      const reason = new Error('gave up');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, index) => {
          const controller = new AbortController();
          if (index % 2 === 1) setTimeout(() => controller.abort(reason), (index * 37) % 300);
          return index % 3 === 0
            ? profile(table, { signal: controller.signal })
            : validate(suite, table, { signal: controller.signal });
        }),
      );
      outcomes.forEach((outcome, index) => {
        if (outcome.status === 'rejected') expect(outcome.reason).toBe(reason);
        else expect(index % 2 === 0 || outcome.status === 'fulfilled').toBe(true);
      });
      expect(
        outcomes.filter((_, index) => index % 2 === 0).every(o => o.status === 'fulfilled'),
      ).toBe(true);
      const report = await validate(suite, table);
      expect(report.results[2]?.result.observed_value).toBe(37);
      if (context.url) {
        // Every cancelled statement has stopped on the server (cancels land within a few seconds).
        const monitor = await createPostgresEngine({ connectionString: context.url, max: 1 });
        try {
          let active = -1;
          for (let attempt = 0; attempt < 50 && active !== 0; attempt += 1) {
            const { rows } = await monitor.query({
              text: `SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND application_name = 'ballast' AND query NOT LIKE '%pg_stat_activity%'`,
            });
            active = Number(rows[0]?.n);
            if (active !== 0) await new Promise(resolve => setTimeout(resolve, 200));
          }
          expect(active).toBe(0);
        } finally {
          await monitor.close();
        }
      }
    }, 120_000);
  });
}

describe('an unreachable PostgreSQL server', () => {
  it('fails with a typed ENGINE_UNAVAILABLE error, not a hang', async () => {
    // Port 1 on loopback refuses connections.
    const engine = await createPostgresEngine({
      connectionString: 'postgres://ballast:ballast@127.0.0.1:1/ballast',
    });
    try {
      const error = await rejection(
        validate(
          {
            name: 'u',
            expectations: [
              { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'x' } },
            ],
          },
          sqlTable(engine, 'anything'),
        ),
      );
      expect(UnavailableDependencyError.isInstance(error)).toBe(true);
      expect((error as BallastError).code).toBe('ENGINE_UNAVAILABLE');
    } finally {
      await engine.close();
    }
  }, 30_000);
});
