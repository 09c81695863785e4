// Entry `@ballast/warehouse/duckdb`: the embedded DuckDB engine. Kept off the root entry because
// it loads the optional peer `@duckdb/node-api`.
export { createDuckDbEngine, type DuckDbEngineOptions } from './duckdb/duckdb-engine';
