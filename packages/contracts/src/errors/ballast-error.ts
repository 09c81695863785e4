const marker = 'ballast.error';
const symbol = Symbol.for(marker);

/** Constructor options shared by every Ballast error. */
export interface BallastErrorOptions {
  /** Human-readable explanation that names the field or resource and, where possible, the fix. */
  message: string;
  /** Stable machine-readable code; subclasses provide a family default. */
  code?: string;
  /** The underlying error, kept so nothing is lost when errors are wrapped. */
  cause?: unknown;
  /** Whether repeating the same call may succeed (network blips, 429, 503, timeouts). */
  isRetryable?: boolean;
  /** Structured context (field path, resource name, expected value) for programs and logs. */
  details?: Record<string, unknown>;
}

/**
 * Base class of every error thrown by a Ballast package.
 *
 * Use `BallastError.isInstance(error)` rather than `instanceof`: the check reads a
 * `Symbol.for` marker, so it survives duplicate installs and ESM/CJS copies of the package.
 *
 * @example
 * ```ts
 * try {
 *   await registry.getModelVersion('fraud', '3');
 * } catch (error) {
 *   if (BallastError.isInstance(error) && error.isRetryable) scheduleRetry();
 *   else throw error;
 * }
 * ```
 */
export class BallastError extends Error {
  private readonly [symbol] = true;
  /** Stable code, safe to switch on across releases. */
  readonly code: string;
  /** Whether repeating the same call may succeed. */
  readonly isRetryable: boolean;
  /** Structured context for programs and logs. */
  readonly details: Record<string, unknown> | undefined;

  constructor(options: BallastErrorOptions & { name?: string }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name ?? 'BallastError';
    this.code = options.code ?? 'BALLAST_ERROR';
    this.isRetryable = options.isRetryable ?? false;
    this.details = options.details;
    // The stack's first line was written by Error() before the name and code were known; make it
    // say `InvalidInputError [POLICY_INVALID]: …` as Node's own coded errors do, so logs and
    // `util.inspect` show the class and the code rather than a bundler's renamed class.
    if (typeof this.stack === 'string') {
      const firstFrame = this.stack.indexOf('\n    at ');
      this.stack = `${this.toString()}${firstFrame === -1 ? '' : this.stack.slice(firstFrame)}`;
    }
  }

  /** `Name [CODE]: message`, the form the stack and logs use. */
  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  /** True when `error` is a BallastError from any copy of this package. */
  static isInstance(error: unknown): error is BallastError {
    return BallastError.hasMarker(error, marker);
  }

  /** Checks the `Symbol.for(markerName)` brand that subclasses set. */
  protected static hasMarker(error: unknown, markerName: string): boolean {
    const key = Symbol.for(markerName);
    return (
      error != null &&
      typeof error === 'object' &&
      key in error &&
      (error as Record<symbol, unknown>)[key] === true
    );
  }

  /** A plain object for logs and JSON responses; the cause is reduced to its message. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      isRetryable: this.isRetryable,
      ...(this.details ? { details: this.details } : {}),
      ...(this.cause instanceof Error ? { cause: this.cause.message } : {}),
    };
  }
}
