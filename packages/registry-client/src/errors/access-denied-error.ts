import { BallastError, type BallastErrorOptions } from '@ballast/contracts';

const name = 'AccessDeniedError';
const marker = `ballast.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The registry refused the credentials: code `UNAUTHENTICATED` (HTTP 401, missing or wrong
 * credentials) or `PERMISSION_DENIED` (HTTP 403, valid credentials without the right).
 * Never carries the token or password. Not retryable.
 */
export class AccessDeniedError extends BallastError {
  private readonly [symbol] = true;

  constructor(options: BallastErrorOptions) {
    super({ name, code: 'PERMISSION_DENIED', isRetryable: false, ...options });
  }

  /** True when `error` is an AccessDeniedError from any copy of this package. */
  static override isInstance(error: unknown): error is AccessDeniedError {
    return BallastError.hasMarker(error, marker);
  }
}
