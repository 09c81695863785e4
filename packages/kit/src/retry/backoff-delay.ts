/** How long to wait between attempts: exponential growth, a cap, and jitter. */
export interface BackoffOptions {
  /** Delay before the first retry in ms, before jitter (default 100). */
  initialDelayMs?: number;
  /** Upper bound of any delay in ms, `Retry-After` included (default 30 000). */
  maxDelayMs?: number;
  /** Growth per retry (default 2). */
  factor?: number;
  /** `'full'` (default) draws each delay uniformly from [0, delay) so clients spread out; `'none'` uses it as is. */
  jitter?: 'full' | 'none';
  /** Random source in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number;
}

/**
 * The delay in ms before retry number `attempt` (1 for the first retry):
 * `initialDelayMs * factor^(attempt - 1)`, capped at `maxDelayMs`, then with full jitter drawn
 * uniformly below that ("full jitter" spreads simultaneous clients best, per AWS's analysis).
 *
 * @example
 * ```ts
 * backoffDelay(3, { initialDelayMs: 100, jitter: 'none' }); // 400
 * ```
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = Math.max(0, options.initialDelayMs ?? 100);
  const cap = Math.max(0, options.maxDelayMs ?? 30_000);
  const factor = Math.max(1, options.factor ?? 2);
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // Math.min also absorbs an Infinity from a large exponent.
  const delay = Math.min(cap, initial * factor ** exponent);
  if ((options.jitter ?? 'full') === 'none') return delay;
  const random = (options.random ?? Math.random)();
  return Math.min(delay, Math.max(0, random) * delay);
}
