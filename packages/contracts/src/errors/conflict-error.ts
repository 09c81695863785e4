import { BallastError, type BallastErrorOptions } from './ballast-error';

const name = 'ConflictError';
const marker = `ballast.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The operation conflicts with current state: the resource already exists, or a concurrent writer won.
 *
 * Default code: `CONFLICT`. Packages may pass a more specific code (for example `RESOURCE_ALREADY_EXISTS`)
 * while keeping the family check `ConflictError.isInstance(error)`.
 *
 * @example
 * ```ts
 * if (ConflictError.isInstance(error)) console.error(error.code, error.message);
 * ```
 */
export class ConflictError extends BallastError {
  private readonly [symbol] = true;

  constructor(options: BallastErrorOptions) {
    super({ name, code: 'CONFLICT', isRetryable: false, ...options });
  }

  /** True when `error` is a ConflictError from any copy of this package. */
  static override isInstance(error: unknown): error is ConflictError {
    return BallastError.hasMarker(error, marker);
  }
}
