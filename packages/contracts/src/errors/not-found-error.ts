import { BallastError, type BallastErrorOptions } from './ballast-error';

const name = 'NotFoundError';
const marker = `ballast.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A named resource (model, version, alias, column, run) does not exist.
 *
 * Default code: `NOT_FOUND`. Packages may pass a more specific code (for example `RESOURCE_DOES_NOT_EXIST`)
 * while keeping the family check `NotFoundError.isInstance(error)`.
 *
 * @example
 * ```ts
 * if (NotFoundError.isInstance(error)) console.error(error.code, error.message);
 * ```
 */
export class NotFoundError extends BallastError {
  private readonly [symbol] = true;

  constructor(options: BallastErrorOptions) {
    super({ name, code: 'NOT_FOUND', isRetryable: false, ...options });
  }

  /** True when `error` is a NotFoundError from any copy of this package. */
  static override isInstance(error: unknown): error is NotFoundError {
    return BallastError.hasMarker(error, marker);
  }
}
