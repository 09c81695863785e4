import { afterEach, describe, expect, it, vi } from 'vitest';
import { postgresLocation } from './postgres-location';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('postgresLocation', () => {
  it('reads host, port and database from a connection string', () => {
    expect(
      postgresLocation({
        connectionString: 'postgres://u:p@db.internal:6543/shop%20db?sslmode=require',
      }),
    ).toEqual({
      host: 'db.internal',
      port: 6543,
      database: 'shop db',
    });
    expect(postgresLocation({ connectionString: 'postgresql://u@[::1]/x' })).toEqual({
      host: '::1',
      port: 5432,
      database: 'x',
    });
  });

  it('falls back to discrete fields, then PGHOST/PGPORT/PGDATABASE, then the user and localhost:5432', () => {
    expect(postgresLocation({ host: 'h', port: 7000, database: 'd' })).toEqual({
      host: 'h',
      port: 7000,
      database: 'd',
    });
    vi.stubEnv('PGHOST', 'envhost');
    vi.stubEnv('PGPORT', '6000');
    vi.stubEnv('PGDATABASE', '');
    expect(postgresLocation({ user: 'alice' })).toEqual({
      host: 'envhost',
      port: 6000,
      database: 'alice',
    });
  });

  it('names a Unix socket connection localhost, and keeps libpq key=value strings to the defaults', () => {
    vi.stubEnv('PGHOST', '');
    vi.stubEnv('PGPORT', '');
    vi.stubEnv('PGDATABASE', '');
    vi.stubEnv('PGUSER', '');
    expect(
      postgresLocation({ connectionString: 'postgres:///shop?host=/var/run/postgresql' }),
    ).toEqual({
      host: 'localhost',
      port: 5432,
      database: 'shop',
    });
    expect(
      postgresLocation({ connectionString: 'host=db dbname=shop', host: 'db', database: 'shop' }),
    ).toEqual({
      host: 'db',
      port: 5432,
      database: 'shop',
    });
  });
});
