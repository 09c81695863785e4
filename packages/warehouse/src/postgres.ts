// Entry `@ballast/warehouse/postgres`: the PostgreSQL engine. Kept off the root entry because it
// loads the optional peer `pg`.
export {
  createPostgresEngine,
  type PostgresEngineCommonOptions,
  type PostgresEngineOptions,
} from './postgres/postgres-engine';
export type {
  PgPoolClientLike,
  PgPoolLike,
  PgQueryConfig,
  PgResultLike,
  PgTypeParser,
  PgTypesLike,
} from './postgres/pg-peer';
