// Entry `@ballast/warehouse/clients`: engines over clients the application already has
// (Trino, Databricks SQL, BigQuery, Snowflake). They take the client instance and import nothing.
export {
  type BigQueryClientLike,
  type BigQueryEngineOptions,
  type BigQueryJobLike,
  createBigQueryEngine,
} from './clients/bigquery-engine';
export {
  createDatabricksEngine,
  type DatabricksClientLike,
  type DatabricksEngineOptions,
  type DatabricksOperationLike,
  type DatabricksSessionLike,
} from './clients/databricks-engine';
export {
  createSnowflakeEngine,
  type SnowflakeConnectionLike,
  type SnowflakeEngineOptions,
  type SnowflakeStatementLike,
} from './clients/snowflake-engine';
export {
  createTrinoEngine,
  type TrinoClientLike,
  type TrinoEngineOptions,
  type TrinoQueryResultLike,
} from './clients/trino-engine';
