import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDatasetProfile, parseValidationReport } from '@ballast/contracts';
import { createDuckDbEngine } from '@ballast/warehouse/duckdb';
import { postgresTestUrl } from '@ballast/test-utils/postgres-test-url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ordersSuiteYaml, rows, runBallast, tempDir, writeCsv } from '../testing/cli-harness';

let directory: string;

beforeAll(async () => {
  directory = await tempDir();
  await writeCsv(join(directory, 'orders.csv'), rows(400, 0));
  await writeCsv(join(directory, "it's; -- odd.csv"), rows(10, 0));
  await writeFile(join(directory, 'suite.yaml'), ordersSuiteYaml);
  const engine = await createDuckDbEngine({ path: join(directory, 'shop.duckdb') });
  await engine.query({ text: 'create schema sales' });
  await engine.query({
    text: 'create table sales.orders as select * from read_csv($1)',
    parameters: [join(directory, 'orders.csv')],
  });
  await engine.close();
});

/** `ballast profile --engine duckdb <args>` in the test directory. */
function profileInDuckDb(args: readonly string[]) {
  return runBallast(directory, ['profile', '--engine', 'duckdb', ...args]);
}

async function events(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(directory, path), 'utf8');
  return text
    .trim()
    .split('\n')
    .map(line => JSON.parse(line) as Record<string, unknown>);
}

describe('ballast validate --engine duckdb', () => {
  it('gives the report of the in-process engine on the same file', async () => {
    const argv = ['--param', 'cities=["paris","lyon"]', '--json'];
    const pushed = await runBallast(directory, [
      'validate',
      '--suite',
      'suite.yaml',
      '--engine',
      'duckdb',
      '--table',
      'orders.csv',
      ...argv,
    ]);
    expect(pushed.stderr).toBe('');
    expect(pushed.code).toBe(1);
    const local = await runBallast(directory, [
      'validate',
      '--suite',
      'suite.yaml',
      'orders.csv',
      ...argv,
    ]);
    const a = parseValidationReport(JSON.parse(pushed.stdout));
    const b = parseValidationReport(JSON.parse(local.stdout));
    expect(a.statistics).toEqual(b.statistics);
    expect(
      a.results.map(result => [
        result.success,
        result.result.element_count,
        result.result.unexpected_count,
      ]),
    ).toEqual(
      b.results.map(result => [
        result.success,
        result.result.element_count,
        result.result.unexpected_count,
      ]),
    );
  });

  it('validates a database table and attaches the report to the lineage input', async () => {
    const run = await runBallast(directory, [
      'validate',
      '--suite',
      'suite.yaml',
      '--param',
      'cities=["paris","lyon","nice"]',
      '--engine',
      'duckdb',
      '--database',
      'shop.duckdb',
      '--table',
      'select * from sales.orders where amount > 0',
      '--lineage',
      'validate.jsonl',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Suite orders passed: 2 of 2 expectations met/);
    const [start, complete] = await events('validate.jsonl');
    expect(start).toMatchObject({ job: { namespace: 'ballast', name: 'validate.orders' } });
    expect(complete).toMatchObject({
      eventType: 'COMPLETE',
      inputs: [
        {
          namespace: `duckdb://${join(directory, 'shop.duckdb')}`,
          name: 'shop.sales.orders',
          facets: { ballast_validationReport: { success: true } },
        },
      ],
    });
  });
});

describe('ballast profile --engine duckdb', () => {
  it('profiles a CSV file in DuckDB like the in-process profile of the same file', async () => {
    const pushed = await profileInDuckDb(['--table', 'orders.csv', '--out', 'pushed.json']);
    expect(pushed.stderr).toBe('');
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toMatch(/^Profiled 400 rows × 3 columns of orders\.csv/);
    const local = await runBallast(directory, ['profile', 'orders.csv', '--out', 'local.json']);
    expect(local.code).toBe(0);
    const a = parseDatasetProfile(
      JSON.parse(await readFile(join(directory, 'pushed.json'), 'utf8')),
    );
    const b = parseDatasetProfile(
      JSON.parse(await readFile(join(directory, 'local.json'), 'utf8')),
    );
    expect(a.rowCount).toBe(b.rowCount);
    const amount = (profile: typeof a) => profile.columns.find(column => column.name === 'amount');
    expect(amount(a)?.count).toBe(amount(b)?.count);
    expect(amount(a)?.missing).toBe(amount(b)?.missing);
    expect(amount(a)?.moments?.count).toBe(amount(b)?.moments?.count);
    expect(amount(a)?.moments?.mean).toBeCloseTo(amount(b)?.moments?.mean as number, 9);
    expect(amount(a)?.moments?.max).toBe(amount(b)?.moments?.max);
  });

  it('reads a table of a DuckDB database file and records OpenLineage with its name', async () => {
    const run = await profileInDuckDb([
      '--database',
      'shop.duckdb',
      '--memory-limit',
      '256MB',
      '--table',
      'sales.orders',
      '--out',
      'orders.profile.json',
      '--lineage',
      'lineage.jsonl',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ rowCount: 400, columns: 3 });
    const [start, complete] = await events('lineage.jsonl');
    expect(start).toMatchObject({
      eventType: 'START',
      job: { namespace: 'ballast', name: 'profile' },
    });
    expect(complete).toMatchObject({
      eventType: 'COMPLETE',
      inputs: [
        { namespace: `duckdb://${join(directory, 'shop.duckdb')}`, name: 'shop.sales.orders' },
      ],
    });
  });

  it('names a file read in place as a file dataset and quotes an awkward file name', async () => {
    const run = await profileInDuckDb([
      '--table',
      "it's; -- odd.csv",
      '--out',
      'odd.json',
      '--lineage',
      'odd.jsonl',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [, complete] = await events('odd.jsonl');
    expect(complete).toMatchObject({
      inputs: [{ namespace: 'file', name: join(directory, "it's; -- odd.csv") }],
    });
  });

  it('treats a hostile table name as a name: the query fails and the table survives', async () => {
    const run = await profileInDuckDb([
      '--database',
      'shop.duckdb',
      '--table',
      'sales.orders"; drop table sales.orders; --',
      '--out',
      'hostile.json',
    ]);
    expect(run.code).toBe(3);
    const again = await profileInDuckDb([
      '--database',
      'shop.duckdb',
      '--table',
      'sales.orders',
      '--out',
      '-',
    ]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).rowCount).toBe(400);
  });
});

describe('--lineage with a data file', () => {
  it('records the file as the input dataset', async () => {
    const run = await runBallast(directory, [
      'profile',
      'orders.csv',
      '--out',
      'file.json',
      '--lineage',
      'file.jsonl',
    ]);
    expect(run.code).toBe(0);
    const [start, complete] = await events('file.jsonl');
    expect(start).toMatchObject({ eventType: 'START' });
    expect(complete).toMatchObject({
      eventType: 'COMPLETE',
      inputs: [{ namespace: 'file', name: join(directory, 'orders.csv') }],
    });
  });

  it('records FAIL when the command fails', async () => {
    const run = await profileInDuckDb([
      '--table',
      'no_such_table',
      '--out',
      'none.json',
      '--lineage',
      'failed.jsonl',
    ]);
    expect(run.code).toBe(3);
    const [, fail] = await events('failed.jsonl');
    expect(fail).toMatchObject({
      eventType: 'FAIL',
      inputs: [{ namespace: 'duckdb://memory', name: 'memory.main.no_such_table' }],
    });
  });
});

describe('--timeout', () => {
  it('cancels a pushed-down profile in the engine past the deadline', async () => {
    const run = await profileInDuckDb([
      '--table',
      'select a.x + b.y as v from range(1000000000) a(x) cross join range(1000000000) b(y)',
      '--timeout',
      '0.3',
      '--out',
      'never.json',
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/QUERY_TIMEOUT|TIMEOUT/);
  });
});

describe('interrupt', () => {
  it('cancels the queries in the engine and exits 3 with INTERRUPTED', async () => {
    const run = await runBallast(
      directory,
      [
        'profile',
        '--engine',
        'duckdb',
        '--table',
        'select a.x + b.y as v from range(1000000000) a(x) cross join range(1000000000) b(y)',
        '--out',
        'never.json',
      ],
      { shutdownSignal: new Promise(resolve => setTimeout(resolve, 300)) },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/INTERRUPTED/);
  });
});

describe('warehouse options', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'a data file and --engine',
      ['profile', 'orders.csv', '--engine', 'duckdb', '--table', 't', '--out', 'x.json'],
      /both a data file/,
    ],
    ['neither', ['profile', '--out', 'x.json'], /no data given/],
    [
      '--engine without --table',
      ['profile', '--engine', 'duckdb', '--out', 'x.json'],
      /--engine needs --table/,
    ],
    [
      '--table without --engine',
      ['profile', '--table', 't', '--out', 'x.json'],
      /--table needs --engine/,
    ],
    [
      '--connection with duckdb',
      [
        'profile',
        '--engine',
        'duckdb',
        '--table',
        't',
        '--connection',
        'postgres://x',
        '--out',
        'x.json',
      ],
      /PostgreSQL option/,
    ],
    [
      '--database with postgres',
      [
        'profile',
        '--engine',
        'postgres',
        '--table',
        't',
        '--database',
        'x.duckdb',
        '--out',
        'x.json',
      ],
      /DuckDB options/,
    ],
    [
      'postgres without a connection',
      ['profile', '--engine', 'postgres', '--table', 't', '--out', 'x.json'],
      /needs a connection/,
    ],
    [
      '--database without --engine',
      ['profile', 'orders.csv', '--database', 'x.duckdb', '--out', 'x.json'],
      /--database needs --engine/,
    ],
    [
      'an Arrow file with duckdb',
      ['profile', '--engine', 'duckdb', '--table', 'orders.arrow', '--out', 'x.json'],
      /arrow extension/,
    ],
    [
      'a timeout that is not positive',
      ['profile', '--engine', 'duckdb', '--table', 't', '--timeout', '0', '--out', 'x.json'],
      /positive number of seconds/,
    ],
    [
      'an unknown engine',
      ['profile', '--engine', 'oracle', '--table', 't', '--out', 'x.json'],
      /oracle/,
    ],
  ];
  for (const [name, argv, message] of cases) {
    it(`rejects ${name} with exit code 3`, async () => {
      const run = await runBallast(directory, argv);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(message);
    });
  }
});

const postgresUrl = await postgresTestUrl();

describe.runIf(postgresUrl !== undefined)('ballast profile --engine postgres (live)', () => {
  it('profiles a query on PostgreSQL and names the server for lineage', async () => {
    const run = await runBallast(directory, [
      'profile',
      '--engine',
      'postgres',
      '--connection',
      postgresUrl as string,
      '--table',
      'select x::double precision as x, (x % 3)::text as bucket from generate_series(1, 500) as g(x)',
      '--out',
      'pg.json',
      '--lineage',
      'pg.jsonl',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ rowCount: 500, columns: 2 });
    const url = new URL(postgresUrl as string);
    const [, complete] = await events('pg.jsonl');
    expect(complete).toMatchObject({
      inputs: [{ namespace: `postgres://${url.hostname}:${url.port || 5432}` }],
    });
  });
});
