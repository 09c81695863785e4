import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after';

const now = Date.UTC(2015, 9, 21, 7, 28, 0);

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('3600', now)).toBe(3_600_000);
  });

  it('reads all three HTTP-date forms as a delay from now', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:29:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed Oct 21 07:28:05 2015', now)).toBe(5000);
    expect(parseRetryAfter('Wed Oct  1 07:28:05 2015', now)).toBe(0);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(0);
  });

  it('gives undefined for missing or garbled values', () => {
    for (const value of [
      undefined,
      null,
      '',
      '  ',
      '-5',
      '+5',
      '5s',
      '1e3',
      'soon',
      'NaN',
      'Infinity',
      '2015-10-21T07:28:30Z',
      'Wed, 31 Feb 2015 07:28:30 GMT',
      'Wed, 21 Oct 2015 25:28:30 GMT',
      'Wed, 21 Oct 2015 07:28:30 PST',
      'Xyz, 21 Oct 2015 07:28:30 GMT',
      '9'.repeat(400),
    ]) {
      expect(parseRetryAfter(value, now), String(value)).toBeUndefined();
    }
  });

  it('never throws and returns a finite non-negative delay or undefined', () => {
    fc.assert(
      fc.property(fc.string(), value => {
        const parsed = parseRetryAfter(value, now);
        return parsed === undefined || (Number.isFinite(parsed) && parsed >= 0);
      }),
    );
  });
});
