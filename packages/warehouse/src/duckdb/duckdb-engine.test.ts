import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSqlValueRoundTrip } from '@ballast/test-utils/sql-value-round-trip';
import * as vitest from 'vitest';
import { describe, expect, it } from 'vitest';
import { describeSqlEngineConformance } from '../conformance/sql-engine-conformance';
import { createDuckDbEngine } from './duckdb-engine';

describeSqlEngineConformance('duckdb in memory', () => createDuckDbEngine({ threads: 2 }), vitest, {
  dialect: 'duckdb',
});

describeSqlEngineConformance(
  'duckdb file',
  async () => {
    const directory = await mkdtemp(join(tmpdir(), 'duckdb-conformance-'));
    const engine = await createDuckDbEngine({ path: join(directory, 'test.duckdb'), threads: 2 });
    return { engine, cleanup: () => rm(directory, { recursive: true, force: true }) };
  },
  vitest,
  { dialect: 'duckdb' },
);

describe('createDuckDbEngine', () => {
  it('applies the memory limit and thread count', async () => {
    const engine = await createDuckDbEngine({ memoryLimit: '256MB', threads: 1 });
    const { rows } = await engine.query({
      text: "select current_setting('memory_limit') as memory, current_setting('threads') as threads",
    });
    expect(rows[0]).toEqual({ memory: '244.1 MiB', threads: 1 });
    await engine.close();
  });

  it('takes a memory limit in bytes', async () => {
    const engine = await createDuckDbEngine({ memoryLimit: 64 * 1024 * 1024 });
    const { rows } = await engine.query({
      text: "select current_setting('memory_limit') as memory",
    });
    expect(rows[0]?.memory).toBe('64.0 MiB');
    await engine.close();
  });

  it('rejects invalid options with INVALID_ENGINE_OPTION before opening', async () => {
    for (const options of [
      { memoryLimit: 'lots; drop' },
      { memoryLimit: -1 },
      { threads: 0 },
      { threads: 1.5 },
    ]) {
      await expect(createDuckDbEngine(options)).rejects.toMatchObject({
        code: 'INVALID_ENGINE_OPTION',
      });
    }
  });

  it('reads a Parquet file in place and names the database after the file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'duckdb-parquet-'));
    try {
      const file = join(directory, 'data.parquet');
      const writer = await createDuckDbEngine();
      await writer.query({
        text: `copy (select range as x, range % 3 = 0 as flag from range(1000)) to '${file.replaceAll("'", "''")}' (format parquet)`,
      });
      await writer.close();
      const engine = await createDuckDbEngine({ path: join(directory, 'local.db') });
      expect(engine.database).toBe('local');
      expect(engine.lineageNamespace).toBe(`duckdb://${join(directory, 'local.db')}`);
      const { rows } = await engine.query({
        text: 'select count(*) as n, sum(x) as total from read_parquet($1) where flag = $2',
        parameters: [file, true],
      });
      expect(rows[0]).toEqual({ n: 334, total: 166833 });
      await engine.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('opens a database file read-only, so writes fail and reads work', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'duckdb-readonly-'));
    try {
      const path = join(directory, 'shop.duckdb');
      const writer = await createDuckDbEngine({ path });
      await writer.query({ text: 'create table orders as select range as id from range(5)' });
      await writer.close();
      const reader = await createDuckDbEngine({ path, readOnly: true, tempDirectory: directory });
      expect((await reader.query({ text: 'select count(*) as n from orders' })).rows).toEqual([
        { n: 5 },
      ]);
      await expect(reader.query({ text: 'insert into orders values (6)' })).rejects.toMatchObject({
        code: 'QUERY_FAILED',
      });
      const { rows } = await reader.query({
        text: "select current_setting('temp_directory') as dir",
      });
      expect(rows[0]?.dir).toBe(directory);
      await reader.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('names an in-memory database duckdb://memory', async () => {
    const engine = await createDuckDbEngine();
    expect([engine.lineageNamespace, engine.database]).toEqual(['duckdb://memory', 'memory']);
    await engine.close();
  });

  it('returns DECIMAL as the nearest number and HUGEINT as number or bigint', async () => {
    const engine = await createDuckDbEngine();
    const { rows, columns } = await engine.query({
      text: "select 12.34::decimal(10,2) as d, 5::hugeint as small, '1267650600228229401496703205376'::hugeint as large, [1, 2]::bigint[] as list",
    });
    expect(rows[0]).toEqual({ d: 12.34, small: 5, large: 2n ** 100n, list: [1, 2] });
    expect(columns.map(column => column.type)).toEqual([
      'DECIMAL(10,2)',
      'HUGEINT',
      'HUGEINT',
      'BIGINT[]',
    ]);
    await engine.close();
  });

  it('reads DECIMAL exactly: integral past 2^53 as bigint, fractions as the nearest double', async () => {
    const engine = await createDuckDbEngine();
    const { rows } = await engine.query({
      text: "select sum(x) as total, 0.1::decimal(3,1) as tenth, null::decimal(5,2) as nothing from (values ('9007199254740993'::decimal(38,0)), (1::decimal(38,0))) v(x)",
    });
    expect(rows[0]).toEqual({ total: 9007199254740994n, tenth: 0.1, nothing: null });
    await engine.close();
  });

  it('binds a bigint beyond 64 bits as HUGEINT', async () => {
    const engine = await createDuckDbEngine();
    const { rows } = await engine.query({ text: 'select $1 + 1 as v', parameters: [2n ** 100n] });
    expect(rows[0]?.v).toBe(2n ** 100n + 1n);
    await engine.close();
  });

  it('surfaces the failure of an injected module loader', async () => {
    await expect(
      createDuckDbEngine({
        duckdb: () => {
          throw new Error('not here');
        },
      }),
    ).rejects.toThrow('not here');
  });

  it('reports a database that cannot be opened as DATABASE_OPEN_FAILED', async () => {
    await expect(createDuckDbEngine({ path: '/nonexistent-dir/x/y.duckdb' })).rejects.toMatchObject(
      {
        code: 'DATABASE_OPEN_FAILED',
      },
    );
  });

  it('round-trips any string, double, bigint and instant as a parameter (property)', async () => {
    const engine = await createDuckDbEngine({ threads: 1 });
    try {
      await checkSqlValueRoundTrip(engine, { numRuns: 150 });
    } finally {
      await engine.close();
    }
  });

  it('runs in UTC whatever the time zone of the process', () => {
    const script = [
      "const { createDuckDbEngine } = await import('./src/duckdb.ts');",
      'const engine = await createDuckDbEngine();',
      "const { rows } = await engine.query({ text: \"select current_setting('TimeZone') as tz, $1::timestamp::timestamptz = timestamptz '2024-01-02 03:04:05.678Z' as same\", parameters: [new Date('2024-01-02T03:04:05.678Z')] });",
      'await engine.close();',
      'console.log(JSON.stringify(rows[0]));',
    ].join('\n');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: join(import.meta.dirname, '..', '..'),
        env: { ...process.env, TZ: 'America/New_York' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ tz: 'UTC', same: true });
  });
});
