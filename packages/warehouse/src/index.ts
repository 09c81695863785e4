// `@ballast/warehouse`: SQL engines Ballast pushes validation and profiles down to.
// Engines that load an optional peer or wrap a client live on their own entries:
//   `@ballast/warehouse/duckdb`       createDuckDbEngine (embedded, @duckdb/node-api)
//   `@ballast/warehouse/postgres`     createPostgresEngine (pg)
//   `@ballast/warehouse/clients`      createTrinoEngine, createDatabricksEngine,
//                                     createBigQueryEngine, createSnowflakeEngine (your client)
//   `@ballast/warehouse/conformance`  describeSqlEngineConformance (the suite every engine passes)
export { isSqlTable, type SqlEngine, type SqlTable, sqlTable } from '@ballast/contracts';
export { type LineageDatasetName, sqlTableDataset } from './lineage/sql-table-dataset';
