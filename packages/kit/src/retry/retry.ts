import { BallastError } from '@ballast/contracts';
import { sleep } from '../time/sleep';
import { type BackoffOptions, backoffDelay } from './backoff-delay';

/** What {@link RetryOptions.onRetry} is told before each wait. */
export interface RetryEvent {
  /** The error of the attempt that failed. */
  error: unknown;
  /** Number of the attempt that failed (1 for the first call). */
  attempt: number;
  /** How long retry waits before the next attempt, in ms. */
  delayMs: number;
}

/** Options of {@link retry}; the backoff fields come from {@link BackoffOptions}. */
export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt (default 3, so at most 4 calls). */
  retries?: number;
  /** Aborts the retry loop: before each attempt and during each wait, rejecting with `signal.reason`. */
  signal?: AbortSignal;
  /** Whether an error is worth another attempt (default: a BallastError with `isRetryable`). */
  shouldRetry?(error: unknown, attempt: number): boolean;
  /** A server's requested delay for this error in ms (e.g. from `parseRetryAfter`); honoured, but never beyond `maxDelayMs`. */
  retryAfterMs?(error: unknown): number | undefined;
  /** Called before each wait, for logs and metrics. */
  onRetry?(event: RetryEvent): void;
}

function defaultShouldRetry(error: unknown): boolean {
  return BallastError.isInstance(error) && error.isRetryable;
}

/**
 * Calls `operation` until it succeeds, an error is not retryable, or `retries` retries are
 * used up; then rethrows the last error unchanged. Waits {@link backoffDelay} between
 * attempts, or longer when `retryAfterMs` reports a server's `Retry-After`, but never longer
 * than `maxDelayMs`: a server asking for an hour cannot stall the caller for an hour. An abort
 * of `signal` rejects at once with `signal.reason`, also in the middle of a wait.
 *
 * @example
 * ```ts
 * const body = await retry(() => fetchJson(url), {
 *   retries: 5,
 *   retryAfterMs: error => (error as { retryAfterMs?: number }).retryAfterMs,
 *   signal: AbortSignal.timeout(60_000),
 * });
 * ```
 */
export async function retry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const retries = Math.max(0, Math.floor(options.retries ?? 3));
  const maxDelayMs = Math.max(0, options.maxDelayMs ?? 30_000);
  const shouldRetry = options.shouldRetry ?? defaultShouldRetry;
  const signal = options.signal;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt > retries || !shouldRetry(error, attempt)) throw error;
      signal?.throwIfAborted();
      let delayMs = backoffDelay(attempt, options);
      const requested = options.retryAfterMs?.(error);
      if (requested !== undefined && requested >= 0) {
        // NaN fails the comparison above; Infinity is capped like any other large value.
        delayMs = Math.min(maxDelayMs, Math.max(delayMs, requested));
      }
      options.onRetry?.({ error, attempt, delayMs });
      await sleep(delayMs, signal);
    }
  }
}
