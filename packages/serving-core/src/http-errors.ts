import {
  BallastError,
  InvalidInputError,
  NotFoundError,
  TimeoutError,
  UnavailableDependencyError,
} from '@ballast/contracts';
import type { RequestOutcome } from './server-metrics';

/** How an error is answered: status, outcome label and Retry-After seconds. */
export interface ErrorDisposition {
  status: number;
  outcome: RequestOutcome;
  retryAfterSeconds?: number;
}

/**
 * Maps errors to HTTP statuses as the Open Inference Protocol and KServe do: 400 bad input,
 * 404 unknown model, 503 not ready or overloaded (with Retry-After), 504 deadline exceeded,
 * 499 when the client went away, 500 for model failures.
 *
 * @example
 * ```ts
 * dispositionOf(new TimeoutError({ message: 'late' })).status; // 504
 * ```
 */
export function dispositionOf(error: unknown): ErrorDisposition {
  if (InvalidInputError.isInstance(error)) return { status: 400, outcome: 'invalid_input' };
  if (NotFoundError.isInstance(error)) return { status: 404, outcome: 'not_found' };
  if (TimeoutError.isInstance(error)) return { status: 504, outcome: 'deadline_exceeded' };
  if (UnavailableDependencyError.isInstance(error) && error.code !== 'MODEL_LOAD_FAILED') {
    const retryAfter = error.details?.retryAfterSeconds;
    return {
      status: 503,
      outcome: error.code === 'QUEUE_FULL' ? 'overloaded' : 'not_ready',
      retryAfterSeconds: typeof retryAfter === 'number' ? retryAfter : 1,
    };
  }
  if (BallastError.isInstance(error) && error.code === 'REQUEST_CANCELLED') {
    return { status: 499, outcome: 'cancelled' };
  }
  return { status: 500, outcome: 'model_error' };
}

/** The message put in `{ "error": ... }`. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
