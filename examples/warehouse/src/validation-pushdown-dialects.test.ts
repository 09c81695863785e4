// The SQL kit's dialects generate, run live on DuckDB and PostgreSQL: every golden statement
// parses and runs, and the expressions mean what the pushdowns assume (numpy bins, partial regex
// match, LIKE with a backslash escape, code-point lengths, NaN as missing, hostile names as data).
import { type SqlEngine, sqlTable } from '@ballast/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../../packages/kit/src/sql/__fixtures__/golden-cases';
import { type SqlDialect, sqlDialect } from '../../../packages/kit/src/sql/sql-dialect';
import { sqlNumber } from '../../../packages/kit/src/sql/sql-number';
import { type LiveEngineName, liveEngineNames, openLiveEngine } from './live-engines';

const hostile = `x"; DROP TABLE t; -- 'q' /* c */`;
const values = [
  -1,
  0,
  0.5,
  0.999,
  1,
  1.5,
  2,
  3,
  null,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];
const words = ['abc', 'a_c', 'a%c', 'ab\\c', 'Ωmega😀', "o'hara", null];

interface Live {
  engine: SqlEngine;
  schema: string;
  cleanup: () => Promise<void>;
}

const engines: { name: LiveEngineName; open: () => Promise<Live | undefined> }[] =
  liveEngineNames.map(name => ({ name, open: () => openLiveEngine(name, 'dialect_live') }));

/** numpy's histogram bins with an out-of-range bin on each side (drift-stats' `count` mode). */
function expectedBins(edges: readonly number[]): number[] {
  const counts = new Array(edges.length + 1).fill(0);
  const last = edges.length - 1;
  for (const value of values) {
    if (value === null || Number.isNaN(value)) continue;
    if (value < (edges[0] as number)) counts[0]++;
    else if (value > (edges[last] as number)) counts[last + 1]++;
    else {
      let bin = 0;
      while (bin < last - 1 && (edges[bin + 1] as number) <= value) bin++;
      counts[bin + 1]++;
    }
  }
  return counts;
}

for (const { name, open } of engines) {
  describe(`SQL dialect on ${name} (live)`, () => {
    let live: Live | undefined;
    let d: SqlDialect;
    const run = async (statement: Parameters<SqlDialect['render']>[0]) =>
      (await (live as Live).engine.query(d.render(statement))).rows;

    beforeAll(async () => {
      live = await open();
      if (!live) return;
      d = sqlDialect(name);
      const double = name === 'duckdb' ? 'DOUBLE' : 'DOUBLE PRECISION';
      const column = d.quoteIdentifier(hostile);
      await live.engine.query({
        text: `CREATE TABLE ${live.schema}.t (${column} ${double}, word VARCHAR)`,
      });
      // Values go in as SQL text through the dialect's own casts: NaN and infinities included.
      for (const [index, value] of values.entries()) {
        const cell =
          value === null
            ? 'NULL'
            : Number.isFinite(value)
              ? String(value)
              : `CAST('${Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity'}' AS ${double})`;
        await live.engine.query({
          text: `INSERT INTO ${live.schema}.t VALUES (${cell}, $1)`,
          parameters: [words[index % words.length] ?? null],
        });
      }
    }, 60_000);

    afterAll(async () => {
      await live?.cleanup();
    }, 60_000);

    // The goldens name tables of their own; a fresh in-memory DuckDB has room for them (on a
    // shared PostgreSQL they would collide with other tests' tables, so they run on DuckDB).
    it.runIf(name === 'duckdb')('runs every golden statement', async test => {
      if (!live) return test.skip();
      for (const statement of [
        'CREATE SCHEMA analytics',
        'CREATE SCHEMA s',
        "CREATE TABLE analytics.flights AS SELECT 1.5 AS price, 'a' AS name",
        "CREATE TABLE flights AS SELECT 3.0 AS delay, 'AA' AS carrier, 'SEA' AS origin",
        "CREATE TABLE people AS SELECT 'ann' AS name, 19 AS age",
        'CREATE TABLE s.t AS SELECT 0.25 AS x',
        "CREATE TABLE t AS SELECT 5.0 AS x, TIMESTAMP '2024-01-03 10:00:00' AS ts",
      ])
        await live.engine.query({ text: statement });
      for (const [label, build] of Object.entries(cases)) {
        const statement = d.render(build(d));
        await expect(live.engine.query(statement), label).resolves.toHaveProperty('rows');
      }
    });

    it('bins numbers as numpy does, NaN and NULL in no bin', async test => {
      if (!live) return test.skip();
      const x = d.identifier(hostile);
      const edges = [0, 1, 2, 3];
      const select = d
        .bucketCounts(x, edges, 'count')
        .map((count, index) => [`b${index}`, count] as const);
      const [row] = await run(
        d.select({ select, from: d.from(sqlTable(live.engine, `${live.schema}.t`)) }),
      );
      const counts = select.map(([alias]) => sqlNumber(row?.[alias]));
      expect(counts).toEqual(expectedBins(edges));
      const grouped = await run(
        d.select({
          select: [
            ['bin', d.bucketIndex(x, edges, 'drop')],
            ['n', d.countAll()],
          ],
          from: d.from({ table: [live.schema, 't'] }),
          groupBy: [d.bucketIndex(x, edges, 'drop')],
          orderBy: [{ expression: d.bucketIndex(x, edges, 'drop') }],
        }),
      );
      const byBin = Object.fromEntries(grouped.map(item => [String(item.bin), sqlNumber(item.n)]));
      expect([byBin['0'], byBin['1'], byBin['2']]).toEqual(expectedBins(edges).slice(1, 4));
    });

    it('tests NaN and finiteness, and computes exact quantiles as numpy linear', async test => {
      if (!live) return test.skip();
      const x = d.identifier(hostile);
      const finite = values.filter(
        (value): value is number => value !== null && Number.isFinite(value),
      );
      const sorted = [...finite].sort((a, b) => a - b);
      const position = (sorted.length - 1) * 0.3;
      const low = Math.floor(position);
      const expected =
        (sorted[low] as number) +
        ((sorted[low + 1] as number) - (sorted[low] as number)) * (position - low);
      const [row] = await run(
        d.select({
          select: [
            ['nan', d.countIf(d.isNaN(x))],
            ['finite', d.countIf(d.isFinite(x))],
            [
              'q',
              d.quantile(
                d.aggregateIf(e => e, d.isFinite(x), x),
                0.3,
              ),
            ],
          ],
          from: d.from({ table: [live.schema, 't'] }),
        }),
      );
      expect(sqlNumber(row?.nan)).toBe(1);
      expect(sqlNumber(row?.finite)).toBe(finite.length);
      expect(sqlNumber(row?.q)).toBeCloseTo(expected, 12);
    });

    it('matches regexes partially, LIKE with a backslash escape, lengths in code points', async test => {
      if (!live) return test.skip();
      const word = d.identifier('word');
      const from = d.from({ table: [live.schema, 't'] });
      const count = async (condition: ReturnType<SqlDialect['like']>) =>
        sqlNumber((await run(d.select({ select: [['n', d.countIf(condition)]], from })))[0]?.n);
      const present = values
        .map((_, index) => words[index % words.length])
        .filter(w => w != null) as string[];
      const expectCount = (test: (value: string) => boolean) => present.filter(test).length;
      expect(await count(d.regexMatch(word, 'b'))).toBe(expectCount(value => /b/.test(value)));
      expect(await count(d.like(word, 'a\\_c'))).toBe(expectCount(value => value === 'a_c'));
      expect(await count(d.like(word, 'a%'))).toBe(expectCount(value => value.startsWith('a')));
      expect(await count(d.like(word, 'ab\\\\c'))).toBe(expectCount(value => value === 'ab\\c'));
      expect(await count(d.inList(word, ["o'hara", 'abc'], 'text'))).toBe(
        expectCount(value => value === "o'hara" || value === 'abc'),
      );
      const [row] = await run(
        d.select({
          select: [['length', d.max(d.charLength(word))]],
          from,
          where: d.regexMatch(word, '^Ω'),
        }),
      );
      expect(sqlNumber(row?.length)).toBe(Array.from('Ωmega😀').length);
    });

    it('lists top values with a cap and the total number of distinct values', async test => {
      if (!live) return test.skip();
      const rows = await run(
        d.topValues({
          value: d.identifier('word'),
          from: d.from({ table: [live.schema, 't'] }),
          limit: 2,
        }),
      );
      const present = values.map((_, index) => words[index % words.length]).filter(w => w != null);
      expect(rows).toHaveLength(2);
      expect(sqlNumber(rows[0]?.distinct_values)).toBe(new Set(present).size);
      expect(sqlNumber(rows[0]?.count)).toBe(2);
    });

    it('reads a hostile column name as data and leaves the table in place', async test => {
      if (!live) return test.skip();
      const [row] = await run(
        d.select({
          select: [['n', d.count(d.identifier(hostile))]],
          from: d.from(sqlTable(live.engine, { table: [live.schema, 't'] })),
        }),
      );
      expect(sqlNumber(row?.n)).toBe(values.filter(value => value !== null).length);
    });
  });
}
