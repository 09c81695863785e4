import { describe, expect, it } from 'vitest';
import { sqlColumnKind } from './sql-column-kind';

describe('sqlColumnKind', () => {
  it('reads DuckDB, PostgreSQL and Trino type names as the in-process profile reads Arrow types', () => {
    const cases: [string, string, string][] = [
      ['BIGINT', 'numeric', 'integer'],
      ['int4', 'numeric', 'integer'],
      ['UBIGINT', 'numeric', 'integer'],
      ['DOUBLE', 'numeric', 'float'],
      ['double precision', 'numeric', 'float'],
      ['DECIMAL(18,3)', 'numeric', 'float'],
      ['numeric(10, 2)', 'numeric', 'float'],
      ['VARCHAR', 'categorical', 'string'],
      ['varchar(20)', 'categorical', 'string'],
      ['character varying', 'categorical', 'string'],
      ['text', 'categorical', 'string'],
      ['BOOLEAN', 'categorical', 'boolean'],
      ["ENUM('a', 'b')", 'categorical', 'categorical'],
      ['NULL', 'categorical', 'null'],
    ];
    for (const [name, kind, type] of cases)
      expect([name, sqlColumnKind(name)]).toEqual([name, { kind, type }]);
  });

  it('leaves types a pushed-down profile does not summarise undefined', () => {
    for (const name of [
      'TIMESTAMP',
      'DATE',
      'BLOB',
      'INTEGER[]',
      'STRUCT(a INTEGER)',
      'jsonb',
      '',
      undefined,
    ]) {
      expect(sqlColumnKind(name)).toBeUndefined();
    }
  });
});
