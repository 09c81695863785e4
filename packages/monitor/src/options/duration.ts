import { InvalidInputError } from '@ballast/contracts';

const units: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Milliseconds of a duration written as a number of milliseconds or `<n><unit>` with unit
 * `ms`, `s`, `m`, `h` or `d` (`'5m'`, `'1.5h'`).
 *
 * @param value - the duration
 * @param field - option path named in the error
 */
export function parseDuration(value: string | number, field: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value > 0) return value;
  } else {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value.trim());
    if (match) {
      const ms = Number(match[1]) * (units[match[2] as string] as number);
      if (ms > 0) return ms;
    }
  }
  throw new InvalidInputError({
    message: `${field} must be a positive duration such as '30s', '5m' or '1h' (got ${JSON.stringify(value)}).`,
    details: { path: field, received: value },
  });
}
