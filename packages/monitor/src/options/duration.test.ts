import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration';

describe('parseDuration', () => {
  it('reads units and plain milliseconds', () => {
    expect(parseDuration('5m', 'window.every')).toBe(300_000);
    expect(parseDuration('1.5h', 'x')).toBe(5_400_000);
    expect(parseDuration('250ms', 'x')).toBe(250);
    expect(parseDuration(42, 'x')).toBe(42);
  });

  it('names the field of a bad duration', () => {
    try {
      parseDuration('5 minutes', 'window.every');
      expect.unreachable();
    } catch (error) {
      expect(InvalidInputError.isInstance(error)).toBe(true);
      expect((error as InvalidInputError).details).toMatchObject({ path: 'window.every' });
    }
    expect(() => parseDuration(0, 'x')).toThrow(/x must be/);
  });
});
