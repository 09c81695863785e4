import { BallastError, type BallastErrorOptions } from './ballast-error';

const name = 'UnavailableDependencyError';
const marker = `ballast.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Something Ballast depends on cannot be used: an optional peer package is not installed, or a server is down or overloaded. Retryable by default, since servers come back.
 *
 * Default code: `UNAVAILABLE_DEPENDENCY`. Packages may pass a more specific code (for example `MISSING_PEER_DEPENDENCY`)
 * while keeping the family check `UnavailableDependencyError.isInstance(error)`.
 *
 * @example
 * ```ts
 * if (UnavailableDependencyError.isInstance(error)) console.error(error.code, error.message);
 * ```
 */
export class UnavailableDependencyError extends BallastError {
  private readonly [symbol] = true;

  constructor(options: BallastErrorOptions) {
    super({ name, code: 'UNAVAILABLE_DEPENDENCY', isRetryable: true, ...options });
  }

  /** True when `error` is a UnavailableDependencyError from any copy of this package. */
  static override isInstance(error: unknown): error is UnavailableDependencyError {
    return BallastError.hasMarker(error, marker);
  }
}
