/** The database the warehouse tests use when `BALLAST_POSTGRES_URL` is not set. */
export const defaultPostgresTestUrl = 'postgres://ballast:ballast@127.0.0.1:5432/ballast';

/**
 * Finds the PostgreSQL server the live tests run against: `$BALLAST_POSTGRES_URL`, or the
 * loopback server `scripts/start-postgres.sh` starts. Resolves to the URL when a TCP connection
 * opens; otherwise throws under CI (`process.env.CI` set: the live tests must not vanish) and
 * resolves to `undefined` locally after printing how to start the server, so the caller skips.
 *
 * @example
 * ```ts
 * const url = await postgresTestUrl();
 * describe.skipIf(!url)('postgres', () => { ... });
 * ```
 */
export async function postgresTestUrl(): Promise<string | undefined> {
  const url = process.env.BALLAST_POSTGRES_URL || defaultPostgresTestUrl;
  const { hostname, port } = new URL(url);
  const reachable = await canConnect(
    hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    Number(port) || 5432,
  );
  if (reachable) return url;
  const message = `PostgreSQL is not reachable at ${hostname}:${port || 5432}. Start it with \`bash scripts/start-postgres.sh\` or set BALLAST_POSTGRES_URL.`;
  if (process.env.CI)
    throw new Error(
      `${message} (CI is set, so the live PostgreSQL tests fail instead of skipping.)`,
    );
  console.warn(`[skipping PostgreSQL tests] ${message}`);
  return undefined;
}

async function canConnect(host: string, port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise(resolve => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
