import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/invalid-input-error';
import { isSqlTable, type SqlEngine, sqlTable } from './sql-engine';

const engine: SqlEngine = {
  specificationVersion: 'v1',
  dialect: 'duckdb',
  lineageNamespace: 'duckdb://memory',
  query: async () => ({ columns: [], rows: [] }),
  close: async () => {},
};

describe('sqlTable', () => {
  it('splits a dotted name into parts', () => {
    expect(sqlTable(engine, 'analytics.flights').table).toEqual(['analytics', 'flights']);
    expect(sqlTable(engine, { table: ['odd.name'] }).table).toEqual(['odd.name']);
  });

  it('treats SELECT and WITH statements as queries', () => {
    expect(sqlTable(engine, '  select * from t').query).toBe('  select * from t');
    expect(sqlTable(engine, 'WITH a AS (SELECT 1) SELECT * FROM a').query).toMatch(/^WITH/);
    expect(sqlTable(engine, { query: 'select 1' }).table).toBeUndefined();
  });

  it('keeps hostile names as data', () => {
    const table = sqlTable(engine, { table: ['x"; drop table y; --'] });
    expect(table.table).toEqual(['x"; drop table y; --']);
  });

  it('rejects empty names, too many parts and non-engines with typed errors', () => {
    for (const bad of ['', 'a..b', 'a.b.c.d']) {
      expect(() => sqlTable(engine, bad)).toThrow(InvalidInputError);
    }
    expect(() => sqlTable(engine, { query: ' ' })).toThrow(/empty/);
    expect(() => sqlTable({} as SqlEngine, 't')).toThrow(/SqlEngine/);
    expect(() => sqlTable(engine, 42 as unknown as string)).toThrow(InvalidInputError);
  });

  it('is recognised by isSqlTable', () => {
    expect(isSqlTable(sqlTable(engine, 't'))).toBe(true);
    expect(isSqlTable({ kind: 'sql-table' })).toBe(false);
    expect(isSqlTable(null)).toBe(false);
  });
});
