import {
  BallastError,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  TimeoutError,
  UnavailableDependencyError,
} from '@ballast/contracts';

/** An error as a worker sends it back: enough to rebuild the same typed error. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
  isRetryable?: boolean;
}

/** Flattens an error for `postMessage` (class instances lose their prototype in a structured clone). */
export function serializeError(error: unknown): SerializedError {
  if (BallastError.isInstance(error)) {
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      isRetryable: error.isRetryable,
      ...(error.details ? { details: error.details } : {}),
    };
  }
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

const families = {
  InvalidInputError,
  ConflictError,
  NotFoundError,
  TimeoutError,
  UnavailableDependencyError,
} as const;

/** Rebuilds the typed error a worker threw, so callers see the same class and code as in-thread. */
export function deserializeError(error: SerializedError): Error {
  const Family = families[error.name as keyof typeof families];
  if (Family) {
    return new Family({
      message: error.message,
      ...(error.code ? { code: error.code } : {}),
      ...(error.details ? { details: error.details } : {}),
      ...(error.isRetryable === undefined ? {} : { isRetryable: error.isRetryable }),
    });
  }
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}
