import { ConflictError, UnavailableDependencyError } from '@ballast/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retry } from './retry';

const retryable = () =>
  new UnavailableDependencyError({ message: 'down', code: 'HTTP_503', isRetryable: true });

describe('retry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the first success and numbers the attempts from 1', async () => {
    const seen: number[] = [];
    const result = retry(
      async attempt => {
        seen.push(attempt);
        if (attempt < 3) throw retryable();
        return 'ok';
      },
      { jitter: 'none' },
    );
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('retries `retries` times by default only retryable Ballast errors, then rethrows the last error', async () => {
    const errors: unknown[] = [];
    const operation = vi.fn(async () => {
      const error = retryable();
      errors.push(error);
      throw error;
    });
    const result = retry(operation, { retries: 2 }).catch(error => error);
    await vi.runAllTimersAsync();
    expect(await result).toBe(errors[2]);
    expect(operation).toHaveBeenCalledTimes(3);

    const conflict = new ConflictError({ message: 'no' });
    const plain = new Error('plain');
    await expect(retry(async () => Promise.reject(conflict))).rejects.toBe(conflict);
    await expect(retry(async () => Promise.reject(plain))).rejects.toBe(plain);
  });

  it('asks shouldRetry with the error and the attempt', async () => {
    const shouldRetry = vi.fn((_error: unknown, attempt: number) => attempt < 2);
    const result = retry(() => Promise.reject(new Error('x')), { shouldRetry, retries: 5 }).catch(
      error => error,
    );
    await vi.runAllTimersAsync();
    expect(await result).toMatchObject({ message: 'x' });
    expect(shouldRetry.mock.calls.map(call => call[1])).toEqual([1, 2]);
  });

  it('waits the backoff delay, reporting it through onRetry', async () => {
    const events: { attempt: number; delayMs: number }[] = [];
    let calls = 0;
    const result = retry(
      async () => {
        calls++;
        throw retryable();
      },
      {
        retries: 2,
        initialDelayMs: 1000,
        jitter: 'none',
        onRetry: ({ attempt, delayMs }) => events.push({ attempt, delayMs }),
      },
    ).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(3);
    await result;
    expect(events).toEqual([
      { attempt: 1, delayMs: 1000 },
      { attempt: 2, delayMs: 2000 },
    ]);
  });

  it('honours Retry-After when it is longer than the backoff', async () => {
    const delays: number[] = [];
    const result = retry(
      async attempt => {
        if (attempt === 1) throw retryable();
        return 'done';
      },
      { jitter: 'none', retryAfterMs: () => 5000, onRetry: event => delays.push(event.delayMs) },
    );
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('done');
    expect(delays).toEqual([5000]);
  });

  it('caps Retry-After at maxDelayMs (Retry-After: 3600 does not wait an hour)', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = retry(
      async () => {
        calls++;
        if (calls === 1) throw retryable();
        return 'done';
      },
      {
        maxDelayMs: 2000,
        retryAfterMs: () => 3_600_000,
        onRetry: event => delays.push(event.delayMs),
      },
    );
    await vi.advanceTimersByTimeAsync(2000);
    await expect(result).resolves.toBe('done');
    expect(delays).toEqual([2000]);
  });

  it('ignores a negative or NaN Retry-After and caps an infinite one', async () => {
    const delays: number[] = [];
    const hints = [-1, Number.NaN, Number.POSITIVE_INFINITY];
    const result = retry(
      async attempt => {
        if (attempt <= hints.length) throw retryable();
        return 'done';
      },
      {
        initialDelayMs: 10,
        factor: 1,
        maxDelayMs: 50,
        jitter: 'none',
        retries: 3,
        retryAfterMs: () => hints[delays.length],
        onRetry: event => delays.push(event.delayMs),
      },
    );
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('done');
    expect(delays).toEqual([10, 10, 50]);
  });

  it('rejects at once with signal.reason when aborted during a wait', async () => {
    const controller = new AbortController();
    const operation = vi.fn(async () => {
      throw retryable();
    });
    const result = retry(operation, { signal: controller.signal, initialDelayMs: 60_000 });
    const settled = result.catch(error => error);
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error('shutting down');
    controller.abort(reason);
    expect(await settled).toBe(reason);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not call the operation when the signal has already aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('too late');
    controller.abort(reason);
    const operation = vi.fn(async () => 'never');
    await expect(retry(operation, { signal: controller.signal })).rejects.toBe(reason);
    expect(operation).not.toHaveBeenCalled();
  });

  it('with retries 0 calls once', async () => {
    const operation = vi.fn(async () => {
      throw retryable();
    });
    await expect(retry(operation, { retries: 0 })).rejects.toMatchObject({ code: 'HTTP_503' });
    expect(operation).toHaveBeenCalledTimes(1);
  });
});
