import { describe, expect, it } from 'vitest';
import { parseDateTime } from './parse-datetime';

describe('parseDateTime', () => {
  it.each([
    ['2024-05-01', Date.UTC(2024, 4, 1)],
    ['2024-05-01T12:30:00Z', Date.UTC(2024, 4, 1, 12, 30)],
    ['2024-05-01 12:30:15.250', Date.UTC(2024, 4, 1, 12, 30, 15, 250)],
    ['2024-05-01T12:30+02:00', Date.UTC(2024, 4, 1, 10, 30)],
    ['1 May 2024', Date.UTC(2024, 4, 1)],
    ['Wed, 01 May 2024 08:00:00 GMT', Date.UTC(2024, 4, 1, 8)],
  ])('parses %s', (text, expected) => {
    expect(parseDateTime(text)).toBe(expected);
  });

  it.each(['2024-02-30', '2024-13-01', '12', 'yesterday', '', '2024-05-01T25:00'])(
    'refuses %s',
    text => {
      expect(parseDateTime(text)).toBeUndefined();
    },
  );
});
