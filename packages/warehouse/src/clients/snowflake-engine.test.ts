import { describe, expect, it } from 'vitest';
import { createSnowflakeEngine, type SnowflakeConnectionLike } from './snowflake-engine';

function fakeSnowflake(
  rows: Record<string, unknown>[] | 'hang',
  types: Record<string, string> = {},
) {
  const calls: unknown[] = [];
  let cancelled = 0;
  const client: SnowflakeConnectionLike = {
    execute(options) {
      const { complete, ...rest } = options;
      calls.push(rest);
      const statement = {
        cancel(callback?: (error?: unknown) => void) {
          cancelled += 1;
          complete(new Error('SQL execution canceled'), statement);
          callback?.();
        },
        getColumns: () =>
          Object.keys(rows === 'hang' ? {} : (rows[0] ?? {})).map(name => ({
            getName: () => name,
            getType: () => types[name] ?? 'text',
          })),
      };
      if (rows !== 'hang') setTimeout(() => complete(undefined, statement, rows), 0);
      return statement;
    },
  };
  return { client, calls, cancelled: () => cancelled };
}

describe('createSnowflakeEngine', () => {
  it('uses the snowflake dialect and the org-account namespace', () => {
    const engine = createSnowflakeEngine({
      client: fakeSnowflake([]).client,
      account: 'MyOrg-MyAccount',
      database: 'ANALYTICS',
    });
    expect([engine.dialect, engine.lineageNamespace, engine.database]).toEqual([
      'snowflake',
      'snowflake://myorg-myaccount',
      'ANALYTICS',
    ]);
  });

  it('binds parameters, fetches numbers as text and parses them exactly', async () => {
    const fake = fakeSnowflake(
      [{ N: '42', BIG: '123456789012345678901234567890', X: '0.25', S: '7' }],
      {
        N: 'fixed',
        BIG: 'fixed',
        X: 'real',
        S: 'text',
      },
    );
    const engine = createSnowflakeEngine({ client: fake.client, account: 'org-acct' });
    const { rows, columns } = await engine.query({
      text: 'select ... where a = ? and b = ? and c = ?',
      parameters: ["'); drop table t; --", new Date('2024-01-02T03:04:05.678Z'), 2n ** 64n],
    });
    expect(fake.calls[0]).toEqual({
      sqlText: 'select ... where a = ? and b = ? and c = ?',
      binds: ["'); drop table t; --", '2024-01-02T03:04:05.678Z', '18446744073709551616'],
      fetchAsString: ['Number'],
    });
    expect(rows).toEqual([{ N: 42, BIG: 123456789012345678901234567890n, X: 0.25, S: '7' }]);
    expect(columns.map(column => column.type)).toEqual(['fixed', 'fixed', 'real', 'text']);
  });

  it('cancels the statement at the deadline', async () => {
    const fake = fakeSnowflake('hang');
    const engine = createSnowflakeEngine({ client: fake.client, account: 'org-acct' });
    await expect(engine.query({ text: 'select 1' }, { timeoutMs: 20 })).rejects.toMatchObject({
      code: 'QUERY_TIMEOUT',
    });
    await engine.close();
    expect(fake.cancelled()).toBe(1);
  });

  it('requires the account identifier', () => {
    expect(() => createSnowflakeEngine({ client: fakeSnowflake([]).client, account: ' ' })).toThrow(
      /account is required/,
    );
  });
});
