import { backoffDelay } from '@ballast/kit';
import { describe, expect, it } from 'vitest';
import { kitBackoffOptions, resolveRetryOptions } from './retry-policy';

describe('retry policy', () => {
  it('doubles the delay, caps it, and jitters within the upper half', () => {
    const options = kitBackoffOptions(
      resolveRetryOptions({ initialDelayMs: 100, maxDelayMs: 1000, jitter: false }),
    );
    expect([1, 2, 3, 4, 5].map(retry => backoffDelay(retry, options))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    const jittered = resolveRetryOptions({ initialDelayMs: 100, maxDelayMs: 1000 });
    expect(
      backoffDelay(
        3,
        kitBackoffOptions(jittered, () => 0),
      ),
    ).toBe(200);
    expect(
      backoffDelay(
        3,
        kitBackoffOptions(jittered, () => 0.999_999),
      ),
    ).toBeCloseTo(400, 3);
  });

  it('has the Python client defaults', () => {
    expect(resolveRetryOptions()).toEqual({
      maxAttempts: 5,
      initialDelayMs: 300,
      maxDelayMs: 10_000,
      jitter: true,
    });
    expect(resolveRetryOptions({ maxAttempts: 0 }).maxAttempts).toBe(1);
  });
});
