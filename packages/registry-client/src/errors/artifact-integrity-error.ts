import { BallastError, type BallastErrorOptions } from '@ballast/contracts';

const name = 'ArtifactIntegrityError';
const marker = `ballast.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A stored artifact no longer matches the sha256 recorded when its version was created
 * (tampering, bit rot or a truncated upload). Code `ARTIFACT_DIGEST_MISMATCH`; `details`
 * names the `path`, the `expected` and the `actual` digest. Not retryable.
 */
export class ArtifactIntegrityError extends BallastError {
  private readonly [symbol] = true;

  constructor(options: BallastErrorOptions) {
    super({ name, code: 'ARTIFACT_DIGEST_MISMATCH', isRetryable: false, ...options });
  }

  /** True when `error` is an ArtifactIntegrityError from any copy of this package. */
  static override isInstance(error: unknown): error is ArtifactIntegrityError {
    return BallastError.hasMarker(error, marker);
  }
}
