import { readFileSync } from 'node:fs';
import { InvalidInputError, type SqlDialectName } from '@ballast/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cases } from './__fixtures__/golden-cases';
import { sqlDialect } from './sql-dialect';
import { sql } from './sql-fragment';

const golden = JSON.parse(
  readFileSync(new URL('./__fixtures__/golden-sql.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, unknown>>;
const names: SqlDialectName[] = ['duckdb', 'postgres', 'trino', 'spark', 'bigquery', 'snowflake'];

describe('golden SQL per dialect', () => {
  for (const name of names) {
    for (const [label, build] of Object.entries(cases)) {
      it(`${name}: ${label}`, () => {
        const dialect = sqlDialect(name);
        expect(dialect.render(build(dialect))).toEqual(golden[name]?.[label]);
      });
    }
  }
  it('covers every dialect and case', () => {
    expect(Object.keys(golden).sort()).toEqual([...names].sort());
    for (const name of names) expect(Object.keys(golden[name] ?? {})).toEqual(Object.keys(cases));
  });
});

describe('what differs between engines', () => {
  const x = (name: SqlDialectName) => sqlDialect(name).identifier('x');
  const text = (
    name: SqlDialectName,
    build: (d: ReturnType<typeof sqlDialect>) => ReturnType<typeof sql>,
  ) => {
    const d = sqlDialect(name);
    return d.render(build(d)).text;
  };
  it('writes placeholders the way each client binds them', () => {
    const expected = {
      duckdb: '$1 $2',
      postgres: '$1 $2',
      trino: '? ?',
      spark: '? ?',
      bigquery: '? ?',
      snowflake: '? ?',
    };
    for (const name of names) expect(text(name, () => sql`${1} ${'a'}`)).toBe(expected[name]);
  });
  it('uses a partial regex match in every engine', () => {
    expect(text('duckdb', d => d.regexMatch(x('duckdb'), 'a'))).toBe(
      'regexp_matches("x", CAST($1 AS VARCHAR))',
    );
    expect(text('postgres', d => d.regexMatch(x('postgres'), 'a'))).toBe(
      '("x" ~ CAST($1 AS TEXT))',
    );
    expect(text('trino', d => d.regexMatch(x('trino'), 'a'))).toBe(
      'regexp_like("x", CAST(? AS VARCHAR))',
    );
    expect(text('spark', d => d.regexMatch(x('spark'), 'a'))).toBe('(`x` RLIKE CAST(? AS STRING))');
    expect(text('bigquery', d => d.regexMatch(x('bigquery'), 'a'))).toBe(
      'REGEXP_CONTAINS(`x`, CAST(? AS STRING))',
    );
    // Snowflake's REGEXP_LIKE is anchored at both ends; REGEXP_INSTR searches.
    expect(text('snowflake', d => d.regexMatch(x('snowflake'), 'a'))).toBe(
      '(REGEXP_INSTR("x", CAST(? AS VARCHAR)) > 0)',
    );
  });
  it('picks the exact quantile where there is one and the sketch where asked', () => {
    expect(text('postgres', d => d.quantile(x('postgres'), 0.25, { approximate: true }))).toBe(
      'percentile_cont(0.25) WITHIN GROUP (ORDER BY "x")',
    );
    expect(text('trino', d => d.quantile(x('trino'), 0.25))).toBe('approx_percentile("x", 0.25)');
    expect(text('bigquery', d => d.quantile(x('bigquery'), 0.25))).toBe(
      'APPROX_QUANTILES(`x`, 1000)[OFFSET(250)]',
    );
    expect(sqlDialect('trino').capabilities).toEqual({
      exactQuantile: false,
      approximateQuantile: true,
    });
    expect(sqlDialect('postgres').capabilities).toEqual({
      exactQuantile: true,
      approximateQuantile: false,
    });
  });
});

describe('hostile names and values', () => {
  it('escapes embedded quote characters', () => {
    expect(sqlDialect('postgres').quoteIdentifier('a"; drop table t; --')).toBe(
      '"a""; drop table t; --"',
    );
    expect(sqlDialect('spark').quoteIdentifier('a`b')).toBe('`a``b`');
    expect(sqlDialect('bigquery').quoteIdentifier('a`b\\')).toBe('`a\\`b\\\\`');
  });

  // Reads one quoted identifier back the way the engine's lexer does and returns its value and
  // what follows it: the name must come back whole with nothing left over.
  function unquote(name: SqlDialectName, quoted: string): { value: string; rest: string } {
    const q = quoted[0] as string;
    let value = '';
    let index = 1;
    while (index < quoted.length) {
      const character = quoted[index] as string;
      if (name === 'bigquery' && character === '\\') {
        value += quoted[index + 1];
        index += 2;
      } else if (character === q) {
        if (name !== 'bigquery' && quoted[index + 1] === q) {
          value += q;
          index += 2;
        } else return { value, rest: quoted.slice(index + 1) };
      } else {
        value += character;
        index += 1;
      }
    }
    throw new Error('unterminated identifier');
  }

  it('quotes any name into exactly one identifier token (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.string({
          unit: fc.constantFrom('"', '`', '\\', "'", ';', '-', '/', '*', ' ', 'a', '\n', 'é'),
          minLength: 1,
        }),
        (name, identifier) => {
          const quoted = sqlDialect(name).quoteIdentifier(identifier);
          expect(unquote(name, quoted)).toEqual({ value: identifier, rest: '' });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never writes a value into the text (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.string({ minLength: 1 }), (name, value) => {
        const d = sqlDialect(name);
        const query = d.render(
          d.select({
            select: [
              ['a', d.countIf(d.regexMatch(d.identifier('c'), value))],
              ['b', d.countIf(d.like(d.identifier('c'), value))],
              ['c', d.countIf(d.inList(d.identifier('c'), [value, value]))],
            ],
            from: d.from({ table: ['t'] }),
            where: sql`${d.identifier('c')} <> ${value}`,
          }),
        );
        expect(query.parameters).toEqual([value, value, value, value, value]);
        const withoutValues = d.render(
          d.select({
            select: [
              ['a', d.countIf(d.regexMatch(d.identifier('c'), 'v'))],
              ['b', d.countIf(d.like(d.identifier('c'), 'v'))],
              ['c', d.countIf(d.inList(d.identifier('c'), ['v', 'v']))],
            ],
            from: d.from({ table: ['t'] }),
            where: sql`${d.identifier('c')} <> ${'v'}`,
          }),
        );
        expect(query.text).toBe(withoutValues.text);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects names and values it cannot bind safely', () => {
    const d = sqlDialect('duckdb');
    expect(() => d.quoteIdentifier('')).toThrow(InvalidInputError);
    expect(() => d.quoteIdentifier('a\u0000b')).toThrow(/NUL/);
    expect(() => d.number(Number.NaN)).toThrow(InvalidInputError);
    expect(() => d.value(Number.POSITIVE_INFINITY)).toThrow(InvalidInputError);
    expect(() => d.quantile(d.identifier('x'), 1.5)).toThrow(InvalidInputError);
    expect(() => d.bucketCounts(d.identifier('x'), [1, 1], 'drop')).toThrow(InvalidInputError);
    expect(() => d.select({ select: [], from: d.from({ table: ['t'] }) })).toThrow(
      InvalidInputError,
    );
    expect(() =>
      d.topValues({ value: d.identifier('x'), from: d.from({ table: ['t'] }), limit: -1 }),
    ).toThrow(InvalidInputError);
    expect(() => sqlDialect('mysql' as SqlDialectName)).toThrow(InvalidInputError);
    expect(() => sqlDialect('toString' as SqlDialectName)).toThrow(InvalidInputError);
  });
});

describe('attacks on the statement shape', () => {
  it('keeps a query source intact when it ends in a line comment or several semicolons', () => {
    const d = sqlDialect('postgres');
    const from = (query: string) =>
      d.render(d.select({ select: [['n', d.countAll()]], from: d.from({ query }) })).text;
    // The closing parenthesis must not end up inside the comment.
    expect(from('select 1 as a -- note')).toBe(
      'SELECT count(*) AS "n" FROM (select 1 as a -- note\n) AS "t"',
    );
    expect(from('select 1 as a; ;\n ;  ')).toBe(
      'SELECT count(*) AS "n" FROM (select 1 as a\n) AS "t"',
    );
  });

  it('builds the statement of a very wide suite without overflowing the call stack', () => {
    const d = sqlDialect('duckdb');
    const items = Array.from(
      { length: 4000 },
      (_, i) =>
        [
          `c${i}`,
          d.bucketCounts(d.identifier(`x${i}`), [0, 1, 2, 3, 4, 5, 6, 7, 8], 'count')[0] ??
            d.countAll(),
        ] as const,
    );
    const many = d.select({ select: items, from: d.from({ table: ['t'] }) });
    const nested = sql`SELECT * FROM (${many}) AS "a", (${many}) AS "b", (${many}) AS "c"`;
    expect(nested.chunks.length).toBeGreaterThan(200_000);
    const query = d.render(nested);
    expect(query.parameters?.length).toBe(3 * 4000);
  });
});
