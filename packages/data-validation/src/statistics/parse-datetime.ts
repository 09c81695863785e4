const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const monthName = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;

/**
 * Parses a date or date-time string to epoch milliseconds, or `undefined`. Accepts ISO 8601 /
 * RFC 3339 (`2024-05-01`, `2024-05-01T12:30:00.123Z`, `2024-05-01 12:30+02:00`; no zone means
 * UTC) and textual dates with an English month name (`1 May 2024`, RFC 2822). This is a
 * documented subset of what Python's `dateutil.parser.parse` accepts: it refuses bare numbers
 * and fragments that dateutil would complete from today's date.
 */
export function parseDateTime(text: string): number | undefined {
  const trimmed = text.trim();
  const iso = isoDateTime.exec(trimmed);
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction, zone] = iso;
    const monthIndex = Number(month) - 1;
    const dayNumber = Number(day);
    if (monthIndex > 11 || dayNumber < 1 || dayNumber > 31) return undefined;
    let time = Date.UTC(
      Number(year),
      monthIndex,
      dayNumber,
      Number(hour ?? 0),
      Number(minute ?? 0),
      Number(second ?? 0),
      fraction ? Number(`0.${fraction}`) * 1000 : 0,
    );
    if (
      new Date(time).getUTCDate() !== dayNumber ||
      Number(hour ?? 0) > 23 ||
      Number(minute ?? 0) > 59
    ) {
      return undefined;
    }
    if (zone && zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
    return time;
  }
  if (!monthName.test(trimmed)) return undefined;
  const parsed = Date.parse(
    /\d{1,2}:\d{2}|gmt|utc|[+-]\d{4}$/i.test(trimmed) ? trimmed : `${trimmed} UTC`,
  );
  return Number.isNaN(parsed) ? undefined : parsed;
}
