import type { SqlValue } from '@ballast/contracts';

/** How a driver that takes text for some values wants them. */
export interface TextParameterStyle {
  /** Send a `Date` as an ISO-8601 UTC string (else pass the `Date` to the driver). Default true. */
  readonly dateAsText?: boolean;
  /** The engine's spelling of positive and negative infinity. Default `Infinity`, `-Infinity`. */
  readonly infinity?: readonly [positive: string, negative: string];
}

/**
 * Converts a parameter for drivers that cannot send it natively: a `bigint` as its decimal
 * text (drivers would otherwise throw or round it), `NaN` and ±Infinity as the engine's
 * spelling (a JSON number cannot hold them), and a `Date` as an ISO-8601 UTC instant (so no
 * local time zone is applied). Everything else passes through.
 */
export function textParameter(value: SqlValue, style: TextParameterStyle = {}): unknown {
  if (value instanceof Date) return style.dateAsText === false ? value : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) {
    const [positive, negative] = style.infinity ?? ['Infinity', '-Infinity'];
    return Number.isNaN(value) ? 'NaN' : value > 0 ? positive : negative;
  }
  return value;
}
