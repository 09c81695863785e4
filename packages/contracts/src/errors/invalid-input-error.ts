import { BallastError, type BallastErrorOptions } from './ballast-error';

const name = 'InvalidInputError';
const marker = `ballast.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Input that does not match what was expected: a malformed document, option or value. Not retryable: fix the input named in `details.path`.
 *
 * Default code: `INVALID_INPUT`. Packages may pass a more specific code (for example `COLUMN_MISSING`)
 * while keeping the family check `InvalidInputError.isInstance(error)`.
 *
 * @example
 * ```ts
 * if (InvalidInputError.isInstance(error)) console.error(error.code, error.message);
 * ```
 */
export class InvalidInputError extends BallastError {
  private readonly [symbol] = true;

  constructor(options: BallastErrorOptions) {
    super({ name, code: 'INVALID_INPUT', isRetryable: false, ...options });
  }

  /** True when `error` is a InvalidInputError from any copy of this package. */
  static override isInstance(error: unknown): error is InvalidInputError {
    return BallastError.hasMarker(error, marker);
  }
}
