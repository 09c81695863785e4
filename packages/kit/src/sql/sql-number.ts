import { InvalidInputError } from '@ballast/contracts';

/**
 * A numeric result cell as a JavaScript number: drivers return counts and sums as `bigint`
 * (DuckDB), as strings (`pg` for BIGINT and NUMERIC), or as objects with `valueOf`
 * (DECIMAL). `null`/`undefined` stay `null`; anything else non-numeric is an error, so a
 * wrong column never reads as zero.
 */
export function sqlNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const trimmed = value.trim();
    const lowered = trimmed.toLowerCase();
    if (lowered === 'nan') return Number.NaN;
    if (lowered === 'infinity' || lowered === '+infinity' || lowered === 'inf')
      return Number.POSITIVE_INFINITY;
    if (lowered === '-infinity' || lowered === '-inf') return Number.NEGATIVE_INFINITY;
    const parsed = trimmed === '' ? Number.NaN : Number(trimmed);
    if (!Number.isNaN(parsed)) return parsed;
  }
  if (typeof value === 'object' && !(value instanceof Date)) {
    const primitive = (value as { valueOf(): unknown }).valueOf();
    if (typeof primitive === 'number' || typeof primitive === 'bigint') return Number(primitive);
    const text = String(value);
    const parsed = Number(text);
    if (text.trim() !== '' && !Number.isNaN(parsed)) return parsed;
  }
  throw new InvalidInputError({
    code: 'INVALID_SQL_RESULT',
    message: `Expected a number in the SQL result; got ${typeof value === 'string' ? JSON.stringify(value) : typeof value}.`,
  });
}
