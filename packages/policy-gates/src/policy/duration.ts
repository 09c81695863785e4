import { InvalidInputError } from '@ballast/contracts';

const unitMilliseconds = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

const compactPattern = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/;
// Years and months are refused: their length depends on the calendar, so "P1M" would be ambiguous.
const isoPattern =
  /^P(?:(\d+(?:\.\d+)?)W|(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?)$/;

function parseIso(text: string): number | undefined {
  const match = isoPattern.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, weeks, days, hours, minutes, seconds] = match;
  if ([weeks, days, hours, minutes, seconds].every(part => part === undefined)) return undefined;
  return (
    Number(weeks ?? 0) * unitMilliseconds.w +
    Number(days ?? 0) * unitMilliseconds.d +
    Number(hours ?? 0) * unitMilliseconds.h +
    Number(minutes ?? 0) * unitMilliseconds.m +
    Number(seconds ?? 0) * unitMilliseconds.s
  );
}

/**
 * Parses a duration into milliseconds. Two spellings are accepted:
 * - compact: a number and one unit, `30s`, `15m`, `24h`, `7d`, `2w`;
 * - ISO 8601 with fixed-length units only: `PT24H`, `P7D`, `P1DT12H`, `P2W`.
 *
 * Years and months (`P1Y`, `P1M`) are rejected because their length depends on the calendar.
 * Anything else throws an `InvalidInputError` with code `DURATION_INVALID`.
 *
 * @example
 * ```ts
 * parseDuration('7d') === parseDuration('P7D'); // true, 604800000
 * ```
 */
export function parseDuration(text: string, field = 'duration'): number {
  const trimmed = text.trim();
  const compact = compactPattern.exec(trimmed);
  const milliseconds = compact
    ? Number(compact[1]) * unitMilliseconds[compact[2] as keyof typeof unitMilliseconds]
    : parseIso(trimmed);
  if (milliseconds === undefined || !Number.isFinite(milliseconds)) {
    throw new InvalidInputError({
      code: 'DURATION_INVALID',
      message: `Invalid duration "${text}" at ${field}: write a number and a unit (30s, 15m, 24h, 7d, 2w) or an ISO 8601 duration without years or months (PT24H, P7D).`,
      details: { path: field, value: text },
    });
  }
  return milliseconds;
}

/**
 * Writes milliseconds as the largest whole compact unit, for messages.
 *
 * @example
 * ```ts
 * formatDuration(90_000_000); // '25h'
 * ```
 */
export function formatDuration(milliseconds: number): string {
  const sign = milliseconds < 0 ? '-' : '';
  const absolute = Math.abs(milliseconds);
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = unitMilliseconds[unit];
    if (absolute >= size && absolute % size === 0) return `${sign}${absolute / size}${unit}`;
  }
  return `${sign}${absolute / 1000}s`;
}
