/** Where a PostgreSQL server is, for the OpenLineage namespace `postgres://{host}:{port}`. */
export interface PostgresLocation {
  readonly host: string;
  readonly port: number;
  readonly database: string;
}

/**
 * Reads host, port and database from a pool's config (a `connectionString` or discrete fields),
 * falling back as libpq and `pg` do: `PGHOST`/`PGPORT`/`PGDATABASE`, then localhost:5432 and the
 * user's name as the database.
 */
export function postgresLocation(config: Readonly<Record<string, unknown>>): PostgresLocation {
  let host = stringOf(config.host);
  let port = numberOf(config.port);
  let database = stringOf(config.database);
  let user = stringOf(config.user);
  const connectionString = stringOf(config.connectionString);
  if (connectionString) {
    try {
      const url = new URL(connectionString);
      host = decodeURIComponent(url.hostname) || host;
      port = numberOf(url.port) ?? port;
      database = decodeURIComponent(url.pathname.replace(/^\//, '')) || database;
      user = decodeURIComponent(url.username) || user;
      const hostParam = url.searchParams.get('host');
      if (!host && hostParam) host = hostParam;
    } catch {
      // Not a URL (a libpq key=value string): keep the discrete fields and the defaults.
    }
  }
  const env = typeof process === 'undefined' ? {} : process.env;
  host ||= env.PGHOST || 'localhost';
  port ??= numberOf(env.PGPORT) ?? 5432;
  database ||= env.PGDATABASE || user || env.PGUSER || 'postgres';
  // A Unix socket directory is not a host name; OpenLineage wants the server's address.
  if (host.startsWith('/')) host = 'localhost';
  return { host: host.replace(/^\[|\]$/g, ''), port, database };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function numberOf(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value !== ''
        ? Number(value)
        : Number.NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
