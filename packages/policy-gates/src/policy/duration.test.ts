import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1.5h', 5_400_000],
    ['PT24H', 86_400_000],
    ['P7D', 604_800_000],
    ['P1DT12H', 129_600_000],
    ['PT1M30S', 90_000],
    ['P2W', 1_209_600_000],
  ])('reads %s', (text, milliseconds) => {
    expect(parseDuration(text)).toBe(milliseconds);
  });

  it.each(['', '7', 'd', '7days', 'P', 'PT', 'P1Y', 'P1M', '-7d', 'P1DT', '7 d x'])(
    'rejects %j with DURATION_INVALID naming the field',
    text => {
      try {
        parseDuration(text, 'rules[3].maxAge');
        expect.unreachable();
      } catch (error) {
        expect(InvalidInputError.isInstance(error)).toBe(true);
        expect((error as InvalidInputError).code).toBe('DURATION_INVALID');
        expect((error as Error).message).toContain('rules[3].maxAge');
      }
    },
  );

  it('formats the largest whole unit', () => {
    expect(formatDuration(90_000_000)).toBe('25h');
    expect(formatDuration(604_800_000)).toBe('1w');
    expect(formatDuration(-60_000)).toBe('-1m');
    expect(formatDuration(1500)).toBe('1.5s');
  });
});
