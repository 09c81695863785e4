const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const month = `(${months.join('|')})`;
const time = '(\\d{2}):(\\d{2}):(\\d{2})';
// The three HTTP-date forms of RFC 9110 section 5.6.7, all in GMT.
const imfFixdate = new RegExp(
  `^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${month} (\\d{4}) ${time} GMT$`,
);
const rfc850 = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${month}-(\\d{2}) ${time} GMT$`,
);
const asctime = new RegExp(
  `^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${month} ( \\d|\\d{2}) ${time} (\\d{4})$`,
);

function utc(
  year: number,
  monthName: string,
  day: number,
  hours: number,
  minutes: number,
  seconds: number,
): number | undefined {
  const monthIndex = months.indexOf(monthName);
  if (hours > 23 || minutes > 59 || seconds > 60 || day < 1) return undefined;
  const ms = Date.UTC(year, monthIndex, day, hours, minutes, Math.min(seconds, 59));
  // Reject dates that Date.UTC would roll over (31 Feb).
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

function parseHttpDate(text: string, nowMs: number): number | undefined {
  let match = imfFixdate.exec(text);
  if (match) {
    const [, day, name, year, h, m, s] = match as unknown as string[];
    return utc(Number(year), name as string, Number(day), Number(h), Number(m), Number(s));
  }
  match = rfc850.exec(text);
  if (match) {
    const [, day, name, yy, h, m, s] = match as unknown as string[];
    // RFC 9110: a two-digit year more than 50 years in the future means the past century.
    let year = 2000 + Number(yy);
    if (year > new Date(nowMs).getUTCFullYear() + 50) year -= 100;
    return utc(year, name as string, Number(day), Number(h), Number(m), Number(s));
  }
  match = asctime.exec(text);
  if (match) {
    const [, name, day, h, m, s, year] = match as unknown as string[];
    return utc(Number(year), name as string, Number(day), Number(h), Number(m), Number(s));
  }
  return undefined;
}

/**
 * Reads an HTTP `Retry-After` header value as a delay in milliseconds: delta-seconds
 * (`"120"`, decimals tolerated) or an HTTP-date in any of the three forms of RFC 9110 (a date
 * in the past gives 0). Anything else, including negative numbers, empty values and
 * `Date.parse`-only formats, gives `undefined`, so a garbled header never means "retry now"
 * by accident. The result is not capped; {@link retry} caps it at `maxDelayMs`.
 *
 * @example
 * ```ts
 * parseRetryAfter(response.headers.get('retry-after')); // 120000 for "120"
 * ```
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isFinite(ms) ? ms : undefined;
  }
  const at = parseHttpDate(text, nowMs);
  return at === undefined ? undefined : Math.max(0, at - nowMs);
}
