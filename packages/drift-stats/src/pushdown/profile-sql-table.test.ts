import {
  type SqlEngine,
  type SqlQuery,
  type SqlQueryOptions,
  type SqlResult,
  sqlTable,
} from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { profile } from '../profile/profile';
import { profileSqlPartitions } from './profile-sql-table';

const hostileColumn = `a"b; DROP TABLE t; --`;
const hostileKey = `k'); DELETE FROM t; --`;

/**
 * An engine that answers the profile's queries with an empty table (no finite values, no
 * categories) and records every statement: enough to check what reaches the engine and how.
 */
function recordingEngine(types: Record<string, string>) {
  const calls: { query: SqlQuery; options: SqlQueryOptions | undefined }[] = [];
  const engine: SqlEngine = {
    specificationVersion: 'v1',
    dialect: 'postgres',
    lineageNamespace: 'postgres://fake:5432',
    async query(query, options): Promise<SqlResult> {
      calls.push({ query, options });
      if (options?.signal?.aborted) throw options.signal.reason;
      if (query.text.endsWith('LIMIT 0')) {
        return { columns: Object.entries(types).map(([name, type]) => ({ name, type })), rows: [] };
      }
      if (query.text.includes('AS "key"')) return { columns: [], rows: [{ key: hostileKey }] };
      if (query.text.includes('AS "rows"')) return { columns: [], rows: [{ rows: 3 }] };
      return { columns: [], rows: [] };
    },
    async close() {},
  };
  return { engine, calls };
}

describe('profile(sqlTable(...)) against a recording engine', () => {
  it('quotes hostile column names and binds partition keys: user text never becomes SQL', async () => {
    const { engine, calls } = recordingEngine({ [hostileColumn]: 'float8', city: 'text' });
    const partitions = await profileSqlPartitions(sqlTable(engine, { table: ['s', 'we"ird'] }), {
      partitionBy: { column: 'city' },
      createdAt: new Date(0),
    });
    expect(partitions).toHaveLength(1);
    expect(partitions[0]?.key).toBe(hostileKey);
    expect(
      partitions[0]?.profile.columns.map(column => [column.name, column.count, column.missing]),
    ).toEqual([
      [hostileColumn, 3, 3],
      ['city', 3, 3],
    ]);
    for (const { query } of calls) {
      expect(query.text).not.toContain(hostileKey.slice(0, 4));
      expect(query.text.replaceAll(`"a""b; DROP TABLE t; --"`, '')).not.toContain('DROP');
      expect(query.text).toContain('FROM "s"."we""ird"');
    }
    expect(calls.some(({ query }) => query.parameters?.includes(hostileKey))).toBe(true);
  });

  it('passes the timeout and the signal to every query, and stops when aborted', async () => {
    const { engine, calls } = recordingEngine({ x: 'float8' });
    const controller = new AbortController();
    await profile(sqlTable(engine, 'metrics'), { timeoutMs: 5_000, signal: controller.signal });
    expect(calls.length).toBeGreaterThan(1);
    for (const { options } of calls)
      expect(options).toEqual({ timeoutMs: 5_000, signal: controller.signal });
    controller.abort(new Error('stopped by the caller'));
    await expect(
      profile(sqlTable(engine, 'metrics'), { signal: controller.signal }),
    ).rejects.toThrow('stopped by the caller');
  });

  it('rejects bad input with typed errors before scanning', async () => {
    const { engine, calls } = recordingEngine({ at: 'timestamp', x: 'float8', s: 'text' });
    const table = sqlTable(engine, 'events');
    await expect(profile(table)).rejects.toMatchObject({ code: 'COLUMN_TYPE_UNSUPPORTED' });
    await expect(profile(table, { columns: ['x', 'missing'] })).rejects.toMatchObject({
      code: 'COLUMN_MISSING',
    });
    await expect(
      profile(table, { columns: ['x', 's'], edges: { s: [0, 1] } }),
    ).rejects.toMatchObject({
      code: 'COLUMN_MISSING',
    });
    await expect(profile(table, { columns: ['x'], timeoutMs: -1 })).rejects.toMatchObject({
      code: expect.any(String),
    });
    await expect(
      profile(table, { columns: ['x'], reference: { kind: 'nope' } as never }),
    ).rejects.toMatchObject({ code: expect.any(String) });
    await expect(
      profile(table, {
        columns: ['x'],
        partitionBy: { column: 'x', truncate: 'fortnight' as never },
      }),
    ).rejects.toMatchObject({ code: expect.any(String) });
    // Only the column listing ran: nothing was scanned.
    expect(calls.every(({ query }) => query.text.endsWith('LIMIT 0'))).toBe(true);
  });
});
