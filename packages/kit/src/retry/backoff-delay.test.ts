import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff-delay';

describe('backoffDelay', () => {
  it('grows exponentially from initialDelayMs and stops at maxDelayMs', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1000, jitter: 'none' } as const;
    expect([1, 2, 3, 4, 5, 6].map(attempt => backoffDelay(attempt, options))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoffDelay(10_000, options)).toBe(1000);
    expect(backoffDelay(3, { ...options, factor: 3 })).toBe(900);
  });

  it('uses the documented defaults', () => {
    expect(backoffDelay(1, { jitter: 'none' })).toBe(100);
    expect(backoffDelay(50, { jitter: 'none' })).toBe(30_000);
  });

  it('draws full jitter below the capped delay', () => {
    expect(backoffDelay(3, { initialDelayMs: 100, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(3, { initialDelayMs: 100, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { initialDelayMs: 100, random: () => 0.999 })).toBeLessThan(400);
    for (let index = 0; index < 100; index++) {
      const delay = backoffDelay(20);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(30_000);
    }
  });

  it('treats attempts below 1 as the first retry', () => {
    expect(backoffDelay(0, { jitter: 'none' })).toBe(100);
    expect(backoffDelay(-3, { jitter: 'none' })).toBe(100);
  });
});
