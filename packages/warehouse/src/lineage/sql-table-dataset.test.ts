import { type SqlEngine, sqlTable } from '@ballast/contracts';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlTableDataset } from './sql-table-dataset';

function engine(
  dialect: SqlEngine['dialect'],
  lineageNamespace: string,
  database?: string,
  schema?: string,
): SqlEngine {
  return {
    specificationVersion: 'v1',
    dialect,
    lineageNamespace,
    ...(database === undefined ? {} : { database }),
    ...(schema === undefined ? {} : { schema }),
    query: async () => ({ columns: [], rows: [] }),
    close: async () => {},
  };
}

// Expected values follow the OpenLineage naming spec (spec/Naming.md, "Dataset Naming"):
// Postgres postgres://{host}:{port} + {database}.{schema}.{table}; Trino trino://{host}:{port}
// + {catalog}.{schema}.{table}; BigQuery bigquery + {project}.{dataset}.{table}; Snowflake
// snowflake://{org}-{account} + {database}.{schema}.{table}; local files: file + {path}.
describe('sqlTableDataset', () => {
  it('names PostgreSQL tables database.schema.table, filling the default schema', () => {
    const postgres = engine('postgres', 'postgres://db.internal:5432', 'analytics', 'public');
    expect(sqlTableDataset(sqlTable(postgres, 'flights'))).toEqual({
      namespace: 'postgres://db.internal:5432',
      name: 'analytics.public.flights',
    });
    expect(sqlTableDataset(sqlTable(postgres, 'ml.features')).name).toBe('analytics.ml.features');
  });

  it('names Trino tables catalog.schema.table', () => {
    const trino = engine('trino', 'trino://trino.internal:8080', 'hive', 'sales');
    expect(sqlTableDataset(sqlTable(trino, 'orders'))).toEqual({
      namespace: 'trino://trino.internal:8080',
      name: 'hive.sales.orders',
    });
    expect(sqlTableDataset(sqlTable(trino, 'iceberg.raw.events')).name).toBe('iceberg.raw.events');
  });

  it('names BigQuery tables project.dataset.table in the bigquery namespace', () => {
    const bigquery = engine('bigquery', 'bigquery', 'ml-prod', 'features');
    expect(sqlTableDataset(sqlTable(bigquery, 'daily'))).toEqual({
      namespace: 'bigquery',
      name: 'ml-prod.features.daily',
    });
  });

  it('names Snowflake tables database.schema.table under the org-account namespace', () => {
    const snowflake = engine('snowflake', 'snowflake://myorg-myaccount', 'ANALYTICS');
    expect(sqlTableDataset(sqlTable(snowflake, 'ORDERS'))).toEqual({
      namespace: 'snowflake://myorg-myaccount',
      name: 'ANALYTICS.PUBLIC.ORDERS',
    });
  });

  it('names Databricks tables catalog.schema.table and DuckDB tables database.main.table', () => {
    expect(
      sqlTableDataset(
        sqlTable(engine('spark', 'databricks://dbc-1.cloud.databricks.com', 'main'), 'events'),
      ).name,
    ).toBe('main.default.events');
    expect(
      sqlTableDataset(sqlTable(engine('duckdb', 'duckdb://memory', 'memory'), 'flights')),
    ).toEqual({
      namespace: 'duckdb://memory',
      name: 'memory.main.flights',
    });
  });

  it('names a single-table query after its table, and a file read by DuckDB after the file', () => {
    const postgres = engine('postgres', 'postgres://h:5432', 'db');
    expect(
      sqlTableDataset(
        sqlTable(postgres, 'select * from ml."Feature.Table" f where day >= \'2024-01-01\''),
      ).name,
    ).toBe('db.ml.Feature.Table');
    const duckdb = engine('duckdb', 'duckdb://memory', 'memory');
    expect(
      sqlTableDataset(
        sqlTable(duckdb, "select * from read_parquet('/data/it''s/flights.parquet')"),
      ),
    ).toEqual({
      namespace: 'file',
      name: "/data/it's/flights.parquet",
    });
    expect(sqlTableDataset(sqlTable(duckdb, "select * from '/data/f.csv'")).name).toBe(
      '/data/f.csv',
    );
    expect(
      sqlTableDataset(sqlTable(duckdb, "select * from read_parquet('data/f.parquet')")).name,
    ).toBe(resolve('data/f.parquet'));
    expect(
      sqlTableDataset(sqlTable(duckdb, "select * from read_parquet('s3://lake/raw/f.parquet')")),
    ).toEqual({
      namespace: 's3://lake',
      name: 'raw/f.parquet',
    });
  });

  it('names any other query as a stable derived dataset in the engine namespace', () => {
    const postgres = engine('postgres', 'postgres://h:5432', 'db');
    const joined = sqlTableDataset(sqlTable(postgres, 'select * from a join b using (id)'));
    expect(joined.namespace).toBe('postgres://h:5432');
    expect(joined.name).toMatch(/^query_[0-9a-f]{16}$/);
    expect(sqlTableDataset(sqlTable(postgres, 'select *   from a join b using (id)'))).toEqual(
      joined,
    );
    expect(sqlTableDataset(sqlTable(postgres, 'select * from (select 1) s')).name).toMatch(
      /^query_/,
    );
    expect(sqlTableDataset(sqlTable(postgres, 'select * from a, b')).name).toMatch(/^query_/);
  });

  it('rejects what is not a SqlTable', () => {
    expect(() => sqlTableDataset({} as never)).toThrow(/sqlTable\(engine/);
  });
});
