// The parts of `pg` the engine uses, typed structurally so no published declaration imports
// the optional peer. A `pg.Pool` (or a compatible pool) fits `PgPoolLike`.

/** Parses one column value from its text form. */
export type PgTypeParser = (text: string) => unknown;

/** The per-query type parsers (`pg`'s `types` option). */
export interface PgTypesLike {
  getTypeParser(oid: number, format?: string): PgTypeParser;
}

/** A query config as `pg` accepts it. */
export interface PgQueryConfig {
  readonly text: string;
  readonly values?: unknown[];
  readonly rowMode?: 'array';
  readonly types?: PgTypesLike;
}

/** A query result in array row mode. */
export interface PgResultLike {
  readonly fields?: readonly { readonly name: string; readonly dataTypeID: number }[];
  readonly rows: readonly unknown[];
}

/** A client checked out of a pool. */
export interface PgPoolClientLike {
  /** One result, or one per statement when a script of several statements is sent. */
  query(config: PgQueryConfig): Promise<PgResultLike | PgResultLike[]>;
  release(destroy?: boolean | Error): void;
  /** The server process running this connection's statements (set once connected). */
  readonly processID?: number | null;
}

/** A connection pool, such as `new pg.Pool(...)`. */
export interface PgPoolLike {
  connect(): Promise<PgPoolClientLike>;
  end(): Promise<void>;
  on?(event: 'error', listener: (error: Error) => void): unknown;
  /** `pg-pool` keeps the connection config here; used to open the side connection that cancels. */
  readonly options?: object;
}

/** A standalone client (used only to send `pg_cancel_backend`). */
export interface PgClientLike {
  connect(): Promise<unknown>;
  query(text: string, values?: unknown[]): Promise<unknown>;
  end(): Promise<void>;
  on?(event: 'error', listener: (error: Error) => void): unknown;
}

/** The `pg` module. */
export interface PgModuleLike {
  Pool: new (config: Record<string, unknown>) => PgPoolLike;
  Client: new (config: Record<string, unknown>) => PgClientLike;
  types: PgTypesLike;
}
