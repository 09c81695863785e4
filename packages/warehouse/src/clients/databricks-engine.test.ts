import { TimeoutError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { deferred } from '../__fixtures__/deferred';
import {
  createDatabricksEngine,
  type DatabricksClientLike,
  type DatabricksOperationLike,
} from './databricks-engine';

function fakeDatabricks(rows: Record<string, unknown>[] | 'hang') {
  const calls: { statement: string; options?: unknown }[] = [];
  const events: string[] = [];
  const stop = deferred();
  const client: DatabricksClientLike = {
    async openSession(request) {
      events.push(`open ${JSON.stringify(request)}`);
      return {
        async executeStatement(statement, options) {
          calls.push({ statement, options });
          const operation: DatabricksOperationLike = {
            async fetchAll() {
              if (rows === 'hang') {
                await stop.promise;
                throw new Error('The operation was canceled by a client');
              }
              return rows;
            },
            async getSchema() {
              return {
                columns: Object.keys(rows === 'hang' ? {} : (rows[0] ?? {})).map(columnName => ({
                  columnName,
                })),
              };
            },
            async cancel() {
              events.push('cancel');
              stop.resolve();
            },
            async close() {
              events.push('close operation');
            },
          };
          return operation;
        },
        async close() {
          events.push('close session');
        },
      };
    },
  };
  return { client, calls, events };
}

describe('createDatabricksEngine', () => {
  it('uses the spark dialect and names the workspace for lineage', () => {
    const engine = createDatabricksEngine({
      client: fakeDatabricks([]).client,
      host: 'https://dbc-1234.cloud.databricks.com',
      catalog: 'main',
    });
    expect([engine.dialect, engine.lineageNamespace, engine.database]).toEqual([
      'spark',
      'databricks://dbc-1234.cloud.databricks.com',
      'main',
    ]);
  });

  it('sends parameters as ordinal parameters in one session and normalises the rows', async () => {
    const fake = fakeDatabricks([{ n: 3n, big: 2n ** 60n, label: "a'b" }]);
    const engine = createDatabricksEngine({
      client: fake.client,
      host: 'dbc-1',
      catalog: 'main',
      schema: 'ml',
    });
    const first = await engine.query({
      text: 'select count(*) as n from t where a = ?',
      parameters: ["a'; --"],
    });
    await engine.query({ text: 'select 1' });
    expect(first.rows).toEqual([{ n: 3, big: 2n ** 60n, label: "a'b" }]);
    expect(fake.calls[0]).toEqual({
      statement: 'select count(*) as n from t where a = ?',
      options: { runAsync: true, ordinalParameters: ["a'; --"] },
    });
    await engine.close();
    expect(fake.events.filter(event => event.startsWith('open'))).toEqual([
      'open {"initialCatalog":"main","initialSchema":"ml"}',
    ]);
    expect(fake.events.at(-1)).toBe('close session');
  });

  it('cancels the operation at the deadline', async () => {
    const fake = fakeDatabricks('hang');
    const engine = createDatabricksEngine({ client: fake.client, host: 'dbc-1' });
    const error = await engine
      .query({ text: 'select 1' }, { timeoutMs: 20 })
      .catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    await engine.close();
    expect(fake.events).toContain('cancel');
    expect(fake.events).toContain('close operation');
  });

  it('requires the workspace host', () => {
    expect(() => createDatabricksEngine({ client: fakeDatabricks([]).client, host: '' })).toThrow(
      /host is required/,
    );
  });
});
