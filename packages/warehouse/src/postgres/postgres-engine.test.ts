import { postgresTestUrl } from '@ballast/test-utils/postgres-test-url';
import pg from 'pg';
import { checkSqlValueRoundTrip } from '@ballast/test-utils/sql-value-round-trip';
import * as vitest from 'vitest';
import { describe, expect, it } from 'vitest';
import { describeSqlEngineConformance } from '../conformance/sql-engine-conformance';
import { createPostgresEngine } from './postgres-engine';

const url = await postgresTestUrl();

if (url === undefined) {
  describe('PostgreSQL (live)', () => {
    it.skip('skipped: PostgreSQL is not reachable; start it with `bash scripts/start-postgres.sh`', () => {});
  });
}

if (url !== undefined) {
  // Each test gets its own schema so the suite's tables never collide with other runs.
  describeSqlEngineConformance(
    'postgres',
    async () => {
      const schema = `conformance_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema "${schema}"`);
      await admin.end();
      const pool = new pg.Pool({
        connectionString: url,
        max: 4,
        options: `-c search_path=${schema}`,
      });
      pool.on('error', () => {});
      const engine = await createPostgresEngine({ pool });
      return {
        engine,
        cleanup: async () => {
          await pool.end();
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          await client.query(`drop schema "${schema}" cascade`);
          await client.end();
        },
      };
    },
    vitest,
    { dialect: 'postgres' },
  );

  describe('createPostgresEngine (live)', () => {
    it('names the server and database for lineage', async () => {
      const engine = await createPostgresEngine({ connectionString: url });
      const parsed = new URL(url);
      expect(engine.lineageNamespace).toBe(`postgres://${parsed.hostname}:${parsed.port || 5432}`);
      expect(engine.database).toBe(parsed.pathname.slice(1));
      await engine.close();
    });

    it('stops the statement on the server when the caller aborts', async () => {
      const engine = await createPostgresEngine({ connectionString: url });
      const marker = `ballast_abort_${Math.random().toString(36).slice(2)}`;
      const controller = new AbortController();
      const running = engine.query(
        {
          text: `select count(*) as ${marker} from generate_series(1, 200000) a cross join generate_series(1, 200000) b`,
        },
        { signal: controller.signal },
      );
      setTimeout(() => controller.abort(new Error('stop')), 300);
      await expect(running).rejects.toThrow('stop');
      await engine.close();
      // The backend reports the error before it marks itself idle, and ends after the pool's
      // Terminate, so look for a few seconds; an uncancelled statement would run for minutes.
      const monitor = await createPostgresEngine({ connectionString: url });
      let active: unknown = -1;
      for (let attempt = 0; attempt < 50 && active !== 0; attempt += 1) {
        const { rows } = await monitor.query({
          text: "select count(*) as n from pg_stat_activity where state = 'active' and query like $1 and pid <> pg_backend_pid()",
          parameters: [`%${marker}%`],
        });
        active = rows[0]?.n;
        if (active !== 0) await new Promise(resolve => setTimeout(resolve, 100));
      }
      expect(active).toBe(0);
      await monitor.close();
    });

    it('does not send a statement whose caller gave up while waiting for a connection', async () => {
      const setup = await createPostgresEngine({ connectionString: url });
      const table = `ballast_not_sent_${process.pid}`;
      await setup.query({
        text: `drop table if exists ${table}; create table ${table} (x integer)`,
      });
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      pool.on('error', () => {});
      const engine = await createPostgresEngine({ pool });
      const controller = new AbortController();
      const busy = engine.query({ text: 'select pg_sleep(1)' }, { signal: controller.signal });
      const waiting = engine.query(
        { text: `insert into ${table} (x) values ($1)`, parameters: [1] },
        { timeoutMs: 100 },
      );
      await expect(waiting).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
      controller.abort(new Error('stop'));
      await expect(busy).rejects.toThrow('stop');
      await engine.close();
      await pool.end();
      const { rows } = await setup.query({ text: `select count(*) as n from ${table}` });
      expect(rows[0]?.n).toBe(0);
      await setup.query({ text: `drop table ${table}` });
      await setup.close();
    });

    it('round-trips any text, double, bigint and instant as a parameter (property)', async () => {
      const engine = await createPostgresEngine({ connectionString: url });
      try {
        await checkSqlValueRoundTrip(engine, { numRuns: 60, excludeNul: true });
      } finally {
        await engine.close();
      }
    });

    it('maps the server statement_timeout to a TimeoutError', async () => {
      const engine = await createPostgresEngine({ connectionString: url, statementTimeoutMs: 200 });
      await expect(engine.query({ text: 'select pg_sleep(5)' })).rejects.toMatchObject({
        name: 'TimeoutError',
        code: 'QUERY_TIMEOUT',
      });
      await engine.close();
    });

    it('reads numeric beyond 2^53 exactly and fractional numeric as the nearest double', async () => {
      const engine = await createPostgresEngine({ connectionString: url });
      const { rows } = await engine.query({
        text: "select 123456789012345678901234567890::numeric as big, 0.1::numeric as tenth, 'NaN'::numeric as nan, date '2024-03-01' as day",
      });
      expect(rows[0]).toEqual({
        big: 123456789012345678901234567890n,
        tenth: 0.1,
        nan: Number.NaN,
        day: new Date('2024-03-01T00:00:00.000Z'),
      });
      await engine.close();
    });

    it('leaves a pool it was given open on close', async () => {
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      const engine = await createPostgresEngine({ pool });
      await engine.close();
      const { rows } = await pool.query('select 1 as one');
      expect(rows[0].one).toBe(1);
      await pool.end();
    });
  });
}

describe('createPostgresEngine', () => {
  it('requires a connection string or a pool', async () => {
    await expect(createPostgresEngine({} as never)).rejects.toMatchObject({
      code: 'INVALID_ENGINE_OPTION',
    });
  });

  it('reports an unreachable server as a retryable ENGINE_UNAVAILABLE', async () => {
    const engine = await createPostgresEngine({
      connectionString: 'postgres://nobody:x@127.0.0.1:1/none',
    });
    expect(engine.lineageNamespace).toBe('postgres://127.0.0.1:1');
    await expect(engine.query({ text: 'select 1' })).rejects.toMatchObject({
      code: 'ENGINE_UNAVAILABLE',
      isRetryable: true,
    });
    await engine.close();
  });
});
