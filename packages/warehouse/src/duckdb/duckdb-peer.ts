// The parts of `@duckdb/node-api` the engine uses, typed structurally so no published
// declaration imports the optional peer.

/** A DuckDB result reader (`DuckDBResultReader`, read to the end). */
export interface DuckDbResultLike {
  columnNames(): string[];
  columnTypes(): { toString(): string }[];
  getRowsJS(): unknown[][];
  /** DuckDB value objects (a DECIMAL's `toString()` is exact). */
  getRows(): unknown[][];
}

/** A prepared statement. */
export interface DuckDbPreparedStatementLike {
  readonly parameterCount: number;
  bindNull(index: number): void;
  bindBoolean(index: number, value: boolean): void;
  bindBigInt(index: number, value: bigint): void;
  bindHugeInt(index: number, value: bigint): void;
  bindDouble(index: number, value: number): void;
  bindVarchar(index: number, value: string): void;
  bindTimestamp(index: number, value: unknown): void;
  runAndReadAll(): Promise<DuckDbResultLike>;
}

/** A DuckDB connection. */
export interface DuckDbConnectionLike {
  prepare(sql: string): Promise<DuckDbPreparedStatementLike>;
  runAndReadAll(sql: string): Promise<DuckDbResultLike>;
  interrupt(): void;
  closeSync(): void;
}

/** A DuckDB database instance. */
export interface DuckDbInstanceLike {
  connect(): Promise<DuckDbConnectionLike>;
  closeSync(): void;
}

/** The `@duckdb/node-api` module. */
export interface DuckDbModuleLike {
  DuckDBInstance: {
    create(path?: string, options?: Record<string, string>): Promise<DuckDbInstanceLike>;
  };
  /** Builds a TIMESTAMP value from microseconds since the epoch. */
  timestampValue(micros: bigint): unknown;
}
