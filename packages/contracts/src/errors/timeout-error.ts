import { BallastError, type BallastErrorOptions } from './ballast-error';

const name = 'TimeoutError';
const marker = `ballast.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * An operation did not finish within its deadline. Retryable by default.
 *
 * Default code: `TIMEOUT`. Packages may pass a more specific code (for example `DEADLINE_EXCEEDED`)
 * while keeping the family check `TimeoutError.isInstance(error)`.
 *
 * @example
 * ```ts
 * if (TimeoutError.isInstance(error)) console.error(error.code, error.message);
 * ```
 */
export class TimeoutError extends BallastError {
  private readonly [symbol] = true;

  constructor(options: BallastErrorOptions) {
    super({ name, code: 'TIMEOUT', isRetryable: true, ...options });
  }

  /** True when `error` is a TimeoutError from any copy of this package. */
  static override isInstance(error: unknown): error is TimeoutError {
    return BallastError.hasMarker(error, marker);
  }
}
