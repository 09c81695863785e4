import {
  BallastError,
  InvalidInputError,
  type SqlEngine,
  type SqlValue,
  TimeoutError,
  UnavailableDependencyError,
} from '@ballast/contracts';
import { sqlDialect } from '@ballast/kit';

/** The assertions the suite makes; vitest's (and jest's) `expect(...)` result fits. */
export interface EngineConformanceAssertion {
  /** `Object.is` equality. */
  toBe(expected: unknown): void;
  /** Deep equality. */
  toEqual(expected: unknown): void;
}

/**
 * The test framework the suite registers with, typed structurally so this entry does not import
 * vitest: pass `import * as vitest from 'vitest'`.
 */
export interface EngineConformanceTestApi {
  /** Groups tests. */
  describe(name: string, body: () => void): unknown;
  /** Declares one test; `timeout` in milliseconds. */
  it(name: string, body: () => Promise<void>, timeout?: number): unknown;
  /** Starts an assertion; `message` is shown when it fails. */
  expect(actual: unknown, message?: string): EngineConformanceAssertion;
}

/** Opens a fresh engine for one test; the suite closes it (and calls `cleanup` when given). */
export type SqlEngineFactory = () => Promise<
  SqlEngine | { engine: SqlEngine; cleanup(): Promise<void> }
>;

/** Options of {@link describeSqlEngineConformance}. */
export interface SqlEngineConformanceOptions {
  /** The dialect the engine must report. */
  readonly dialect: SqlEngine['dialect'];
  /**
   * A statement that runs for minutes unless cancelled (CPU only, no disk), for the timeout and
   * abort tests. Default: a large `generate_series` (PostgreSQL) or `range` (DuckDB) cross join.
   */
  readonly longQuery?: string;
  /** Per-test timeout in milliseconds. Default 30 000. */
  readonly testTimeoutMs?: number;
}

const hostileStrings: readonly string[] = [
  "it's",
  "'; drop table conformance_probe; --",
  '"; drop table conformance_probe; --',
  '/* comment */ select 1',
  '-- line comment',
  '$1 $2 ? :name @p',
  'back\\slash \\x00 \\n',
  'semi;colon; ;',
  'ünïcødé ✓ 𝄞',
  '',
  ' ',
  "E'\\'",
];

const hostileIdentifiers: readonly string[] = [
  'a"; drop table conformance_probe; --',
  "it's a column",
  'select',
  '/* c */ x',
  'Mixed Case;',
];

const longQueries: Partial<Record<SqlEngine['dialect'], string>> = {
  duckdb:
    'select count(*) as n from range(1000000000) a(x) cross join range(1000000000) b(y) where (a.x * b.y) % 7 = 3',
  postgres:
    'select count(*) as n from generate_series(1, 200000) a(x) cross join generate_series(1, 200000) b(y) where (a.x * b.y) % 7 = 3',
};

/**
 * The conformance suite every `SqlEngine` runs: metadata, binding of every `SqlValue` type as a
 * parameter, hostile values and quoted hostile identifiers (quotes, semicolons, comments) that
 * cannot change the statement, nulls, integers beyond 2^53, timestamps, typed errors, a timeout
 * and an abort that cancel a long statement on the engine, concurrency and `close`. The engine
 * must accept `$n` placeholders, `::` casts and double-quoted identifiers (DuckDB, PostgreSQL and
 * engines compatible with them). The test framework is passed in, so the package does not depend
 * on vitest.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * import { createDuckDbEngine } from '@ballast/warehouse/duckdb';
 * import { describeSqlEngineConformance } from '@ballast/warehouse/conformance';
 *
 * describeSqlEngineConformance('duckdb in memory', () => createDuckDbEngine(), vitest, { dialect: 'duckdb' });
 * ```
 */
export function describeSqlEngineConformance(
  name: string,
  factory: SqlEngineFactory,
  test: EngineConformanceTestApi,
  options: SqlEngineConformanceOptions,
): void {
  const { describe, it, expect } = test;
  const timeout = options.testTimeoutMs ?? 30_000;
  const longQuery = options.longQuery ?? longQueries[options.dialect];
  // Identifiers are quoted by the same dialect code that generates the pushdown SQL, so the
  // hostile-name tests check that quoting against the live engine.
  const quote = (name: string) => sqlDialect(options.dialect).quoteIdentifier(name);

  async function withEngine(body: (engine: SqlEngine) => Promise<void>): Promise<void> {
    const made = await factory();
    const engine = 'engine' in made ? made.engine : made;
    try {
      await body(engine);
    } finally {
      await engine.close();
      if ('cleanup' in made) await made.cleanup();
    }
  }

  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error === undefined, 'expected the promise to reject').toBe(false);
    return error;
  }

  async function one(engine: SqlEngine, text: string, parameters?: readonly SqlValue[]) {
    const { rows } = await engine.query({ text, parameters });
    expect(rows.length, `one row from: ${text}`).toBe(1);
    return rows[0] as Record<string, unknown>;
  }

  function run(title: string, body: (engine: SqlEngine) => Promise<void>): void {
    it(title, () => withEngine(body), timeout);
  }

  describe(`SqlEngine conformance: ${name}`, () => {
    run('returns the columns in order, named by their aliases, and every row', async engine => {
      const result = await engine.query({
        text: 'select x as "Zeta", x * 2 as alpha, $1::varchar as "mixed Case" from (values (1), (2), (3)) v(x) order by x',
        parameters: ['k'],
      });
      expect(result.columns.map(column => column.name)).toEqual(['Zeta', 'alpha', 'mixed Case']);
      expect(result.rows).toEqual([
        { Zeta: 1, alpha: 2, 'mixed Case': 'k' },
        { Zeta: 2, alpha: 4, 'mixed Case': 'k' },
        { Zeta: 3, alpha: 6, 'mixed Case': 'k' },
      ]);
      const empty = await engine.query({
        text: 'select 1 as one where 1 = $1::integer',
        parameters: [0],
      });
      expect([empty.columns.length, empty.rows.length]).toEqual([1, 0]);
    });

    run('reports its interface version, dialect and lineage namespace', async engine => {
      expect(engine.specificationVersion).toBe('v1');
      expect(engine.dialect).toBe(options.dialect);
      expect(
        /^[a-z][a-z0-9+.-]*:\/\/\S*$/.test(engine.lineageNamespace),
        engine.lineageNamespace,
      ).toBe(true);
    });

    run('binds every SqlValue type as a parameter and returns it unchanged', async engine => {
      const when = new Date('2024-02-29T23:59:58.123Z');
      const row = await one(
        engine,
        'select $1::varchar as s, $2::double precision as d, $3::bigint as i, $4::boolean as b, ' +
          '$5::timestamp as t, $6::integer as n, $7::bigint as big, $8::boolean as f',
        ['text', 1.25, 42, true, when, null, 2n ** 62n + 1n, false],
      );
      expect(row).toEqual({
        s: 'text',
        d: 1.25,
        i: 42,
        b: true,
        t: when,
        n: null,
        big: 2n ** 62n + 1n,
        f: false,
      });
    });

    run('returns integers as numbers while exact and as bigints beyond 2^53', async engine => {
      const row = await one(
        engine,
        'select $1::bigint as safe, $2::bigint as unsafe, $3::bigint as lowest, $4::bigint as negative, count(*) as n',
        [Number.MAX_SAFE_INTEGER, 2n ** 53n + 1n, -(2n ** 63n), -(2n ** 53n) - 1n],
      );
      expect(row.safe).toBe(Number.MAX_SAFE_INTEGER);
      expect(row.unsafe).toBe(2n ** 53n + 1n);
      expect(row.lowest).toBe(-(2n ** 63n));
      expect(row.negative).toBe(-(2n ** 53n) - 1n);
      expect(row.n).toBe(1);
      const sum = await one(
        engine,
        'select sum(x) as total from (values ($1::bigint), ($1::bigint)) v(x)',
        [2n ** 62n],
      );
      expect(BigInt(sum.total as bigint)).toBe(2n ** 63n);
    });

    run('binds NaN and infinities as doubles', async engine => {
      const row = await one(
        engine,
        'select $1::double precision as a, $2::double precision as b, $3::double precision as c, $4::double precision as z',
        [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0.5],
      );
      expect(Number.isNaN(row.a)).toBe(true);
      expect(row.b).toBe(Number.POSITIVE_INFINITY);
      expect(row.c).toBe(Number.NEGATIVE_INFINITY);
      expect(row.z).toBe(-0.5);
    });

    run(
      'keeps hostile values as data: quotes, semicolons and comments never change the statement',
      async engine => {
        await engine.query({ text: 'create table conformance_probe (v varchar)' });
        for (const value of hostileStrings) {
          const row = await one(engine, 'select $1::varchar as v, length($1::varchar) as n', [
            value,
          ]);
          expect(row.v, JSON.stringify(value)).toBe(value);
          await engine.query({
            text: 'insert into conformance_probe (v) values ($1)',
            parameters: [value],
          });
        }
        const count = await one(
          engine,
          'select count(*) as n from conformance_probe where v is not null',
        );
        expect(count.n).toBe(hostileStrings.length);
        const matches = await one(
          engine,
          'select count(*) as n from conformance_probe where v = $1',
          [hostileStrings[1] as string],
        );
        expect(matches.n).toBe(1);
        await engine.query({ text: 'drop table conformance_probe' });
      },
    );

    run(
      'quotes hostile identifiers so they name a table and a column, nothing more',
      async engine => {
        await engine.query({ text: 'create table conformance_probe (v integer)' });
        for (const [index, identifier] of hostileIdentifiers.entries()) {
          const table = quote(`${identifier} t${index}`);
          const column = quote(identifier);
          await engine.query({ text: `create table ${table} (${column} varchar, "n" integer)` });
          await engine.query({
            text: `insert into ${table} (${column}, "n") values ($1, $2), ($3, $4)`,
            parameters: [identifier, 1, null, 2],
          });
          const row = await one(
            engine,
            `select count(*) as rows, count(${column}) as present, max(${column}) as value from ${table}`,
          );
          expect(row).toEqual({ rows: 2, present: 1, value: identifier });
          await engine.query({ text: `drop table ${table}` });
        }
        const probe = await one(engine, 'select count(*) as n from conformance_probe');
        expect(probe.n, 'the probe table survived every hostile name').toBe(0);
      },
    );

    run('counts nulls and returns SQL NULL as null', async engine => {
      const row = await one(
        engine,
        'select count(*) as rows, count(x) as present, sum(x) as total, max(s) as s from ' +
          '(values ($1::integer, $2::varchar), ($3::integer, $4::varchar), ($5::integer, $6::varchar)) v(x, s)',
        [1, null, null, null, 3, 'z'],
      );
      expect(row).toEqual({ rows: 3, present: 2, total: 4, s: 'z' });
      const empty = await one(
        engine,
        'select max(x) as m from (values ($1::integer)) v(x) where x > $2',
        [1, 5],
      );
      expect(empty.m).toBe(null);
    });

    run(
      'round-trips timestamps at millisecond precision and compares them as instants',
      async engine => {
        const instants = [
          new Date('1970-01-01T00:00:00.000Z'),
          new Date('1969-12-31T23:59:59.999Z'),
          new Date('2038-01-19T03:14:08.001Z'),
          new Date('2024-06-30T12:00:00.500Z'),
        ];
        for (const when of instants) {
          const row = await one(
            engine,
            'select $1::timestamp as t, $1::timestamp >= $2::timestamp as later',
            [when, new Date(when.getTime() - 1)],
          );
          expect((row.t as Date).toISOString()).toBe(when.toISOString());
          expect(row.later).toBe(true);
        }
        const literal = await one(engine, "select timestamp '2024-01-02 03:04:05.678' as t");
        expect(
          (literal.t as Date).toISOString(),
          'a timestamp without time zone is read as UTC',
        ).toBe('2024-01-02T03:04:05.678Z');
      },
    );

    run(
      'rejects a failing statement with InvalidInputError QUERY_FAILED and stays usable',
      async engine => {
        const error = await rejection(
          engine.query({ text: 'select * from conformance_missing_table' }),
        );
        expect(InvalidInputError.isInstance(error)).toBe(true);
        expect((error as BallastError).code).toBe('QUERY_FAILED');
        expect((await one(engine, 'select 1 as one')).one).toBe(1);
      },
    );

    run('rejects parameters that are not SqlValues with INVALID_PARAMETER', async engine => {
      for (const value of [{}, [1], undefined, new Date(Number.NaN), () => 1]) {
        const error = await rejection(
          engine.query({
            text: 'select $1::varchar as v',
            parameters: [value as unknown as SqlValue],
          }),
        );
        expect((error as BallastError).code).toBe('INVALID_PARAMETER');
      }
    });

    run('rejects a parameter count that does not match the placeholders', async engine => {
      const error = await rejection(
        engine.query({ text: 'select $1::integer + $2::integer as v', parameters: [1] }),
      );
      expect(BallastError.isInstance(error)).toBe(true);
    });

    run(
      'cancels a long statement at timeoutMs with a TimeoutError and stays usable',
      async engine => {
        if (!longQuery) return;
        const error = await rejection(engine.query({ text: longQuery }, { timeoutMs: 250 }));
        expect(TimeoutError.isInstance(error), String(error)).toBe(true);
        expect((await one(engine, 'select 2 as two')).two).toBe(2);
      },
    );

    run('cancels a long statement when the signal aborts mid-query', async engine => {
      if (!longQuery) return;
      const controller = new AbortController();
      const reason = new Error('caller gave up');
      const running = engine.query({ text: longQuery }, { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 250);
      expect(await rejection(running)).toBe(reason);
      expect((await one(engine, 'select 3 as three')).three).toBe(3);
    });

    run('cancels only the aborted statement: one running beside it keeps running', async engine => {
      if (!longQuery) return;
      const controller = new AbortController();
      const aborted = engine.query({ text: longQuery }, { signal: controller.signal });
      // If cancelling the first statement stopped the second as well, the second would fail with
      // the engine's cancellation error before its own deadline.
      const beside = engine.query({ text: longQuery }, { timeoutMs: 1000 });
      setTimeout(() => controller.abort(new Error('only this one')), 250);
      expect(await rejection(aborted)).toEqual(new Error('only this one'));
      const error = await rejection(beside);
      expect(TimeoutError.isInstance(error), String(error)).toBe(true);
    });

    run('rejects at once when the signal is already aborted', async engine => {
      const controller = new AbortController();
      controller.abort(new Error('before start'));
      const error = await rejection(
        engine.query({ text: 'select 1 as one' }, { signal: controller.signal }),
      );
      expect((error as Error).message).toBe('before start');
    });

    run(
      'rejects a timeoutMs that is not a positive number and a signal that is not an AbortSignal',
      async engine => {
        for (const timeoutMs of [0, -1, Number.NaN]) {
          const error = await rejection(engine.query({ text: 'select 1 as one' }, { timeoutMs }));
          expect((error as BallastError).code).toBe('INVALID_TIMEOUT');
        }
        const signal = { aborted: false } as unknown as AbortSignal;
        const error = await rejection(engine.query({ text: 'select 1 as one' }, { signal }));
        expect((error as BallastError).code).toBe('INVALID_SIGNAL');
      },
    );

    run('runs queries concurrently, each with its own parameters', async engine => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          one(engine, 'select $1::integer * 2 as v', [index]),
        ),
      );
      expect(results.map(row => row.v)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    });

    if (longQuery) {
      it(
        'close cancels a running statement: it rejects with ENGINE_CLOSED and close resolves',
        () =>
          withEngine(async engine => {
            const settled = engine.query({ text: longQuery }).then(
              () => undefined,
              (caught: unknown) => caught,
            );
            await new Promise(resolve => setTimeout(resolve, 200));
            // Without cancelling, close would wait for the whole long statement.
            await engine.close();
            const error = await settled;
            expect(UnavailableDependencyError.isInstance(error)).toBe(true);
            expect((error as BallastError).code).toBe('ENGINE_CLOSED');
          }),
        timeout,
      );
    }

    it(
      'close waits for an aborted statement to stop, then rejects queries with ENGINE_CLOSED',
      async () => {
        const made = await factory();
        const engine = 'engine' in made ? made.engine : made;
        try {
          if (longQuery) {
            const controller = new AbortController();
            const running = engine.query({ text: longQuery }, { signal: controller.signal });
            setTimeout(() => controller.abort(new Error('stop')), 200);
            await rejection(running);
          }
          await engine.close();
          await engine.close();
          const error = await rejection(engine.query({ text: 'select 1 as one' }));
          expect(UnavailableDependencyError.isInstance(error)).toBe(true);
          expect((error as BallastError).code).toBe('ENGINE_CLOSED');
        } finally {
          await engine.close();
          if ('cleanup' in made) await made.cleanup();
        }
      },
      timeout,
    );
  });
}
