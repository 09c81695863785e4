import { parseNumericText } from '../engine/normalize-value';
import type { PgTypeParser, PgTypesLike } from './pg-peer';

const oids = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
} as const;

/** Names of common type OIDs, for `SqlColumn.type`. */
export const pgTypeNames: Readonly<Record<number, string>> = {
  16: 'boolean',
  17: 'bytea',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  700: 'real',
  701: 'double precision',
  1043: 'character varying',
  1082: 'date',
  1114: 'timestamp without time zone',
  1184: 'timestamp with time zone',
  1700: 'numeric',
  3802: 'jsonb',
  114: 'json',
  2950: 'uuid',
};

/**
 * Type parsers applied per query (never to `pg`'s global registry, which the application owns):
 * `int8` and `numeric` become a `number` while exact and a `bigint` beyond 2^53 (fractional
 * `numeric` the nearest double), `timestamp` without time zone is read as UTC and `date` as UTC
 * midnight, matching the DuckDB engine. Other types keep `pg`'s parsers.
 */
export function ballastPgTypes(fallback: PgTypesLike): PgTypesLike {
  return {
    getTypeParser(oid: number, format?: string): PgTypeParser {
      if (format === 'binary') return fallback.getTypeParser(oid, format);
      switch (oid) {
        case oids.int8:
        case oids.numeric:
          return parseNumericText;
        case oids.timestamp:
          return text => utcDate(text, `${text.replace(' ', 'T')}Z`, fallback, oid);
        case oids.date:
          return text => utcDate(text, `${text}T00:00:00Z`, fallback, oid);
        default:
          return fallback.getTypeParser(oid, format);
      }
    },
  };
}

function utcDate(text: string, iso: string, fallback: PgTypesLike, oid: number): unknown {
  // Years past 9999, BC dates and ±infinity are left to pg's parser.
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !text.endsWith('BC')) {
    const date = new Date(iso);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return fallback.getTypeParser(oid, 'text')(text);
}
