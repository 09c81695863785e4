import type { BackoffOptions } from '@ballast/kit';

/** How failed deliveries are retried. */
export interface RetryOptions {
  /** Attempts in total, the first included (default 5, as the Python client's `total`). */
  maxAttempts?: number;
  /** Delay before the first retry in ms (default 300, the Python client's backoff factor). */
  initialDelayMs?: number;
  /** Upper bound of one delay in ms, `Retry-After` included (default 10 000). */
  maxDelayMs?: number;
  /** Randomise each delay between half and all of it (default true), so clients spread out. */
  jitter?: boolean;
}

/** {@link RetryOptions} with defaults applied. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/**
 * Applies the defaults to retry options (5 attempts, 300 ms doubling, 10 s cap, jitter).
 *
 * @example
 * ```ts
 * resolveRetryOptions({ maxAttempts: 3 }); // { maxAttempts: 3, initialDelayMs: 300, maxDelayMs: 10000, jitter: true }
 * ```
 */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxAttempts: Math.max(1, options.maxAttempts ?? 5),
    initialDelayMs: Math.max(0, options.initialDelayMs ?? 300),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 10_000),
    jitter: options.jitter ?? true,
  };
}

/**
 * The kit backoff for lineage's retry options: doubling from `initialDelayMs`, capped at
 * `maxDelayMs`. Lineage's jitter keeps each delay in the upper half of its value ("equal
 * jitter"), so a retry never comes at once; kit's full jitter draws from [0, delay), so the
 * random source is moved into [0.5, 1).
 */
export function kitBackoffOptions(
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): BackoffOptions {
  return {
    initialDelayMs: options.initialDelayMs,
    maxDelayMs: options.maxDelayMs,
    factor: 2,
    jitter: options.jitter ? 'full' : 'none',
    random: () => 0.5 + random() / 2,
  };
}
