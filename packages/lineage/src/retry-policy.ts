/** How failed deliveries are retried. */
export interface RetryOptions {
  /** Attempts in total, the first included (default 5, as the Python client's `total`). */
  maxAttempts?: number;
  /** Delay before the first retry in ms (default 300, the Python client's backoff factor). */
  initialDelayMs?: number;
  /** Upper bound of one delay in ms (default 10 000). */
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
 * Exponential backoff with "equal jitter": `initial * 2^(retry-1)`, capped, then drawn
 * uniformly from its upper half when jitter is on.
 *
 * @example
 * ```ts
 * backoffDelay(resolveRetryOptions({ initialDelayMs: 100 }), 3); // between 200 and 400
 * ```
 */
export function backoffDelay(
  options: ResolvedRetryOptions,
  retry: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(
    options.maxDelayMs,
    options.initialDelayMs * 2 ** Math.max(0, retry - 1),
  );
  return options.jitter ? exponential / 2 + random() * (exponential / 2) : exponential;
}

/** Resolves after `ms`, or early (without error) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
