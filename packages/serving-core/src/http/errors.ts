import {
  BallastError,
  InvalidInputError,
  NotFoundError,
  TimeoutError,
  UnavailableDependencyError,
} from '@ballast/contracts';
import type { RequestOutcome } from '../metrics/server-metrics';

/** How an error is answered: status, outcome label, Retry-After seconds and extra headers. */
export interface ErrorDisposition {
  status: number;
  outcome: RequestOutcome;
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
}

/** Code of the 401 a repository call without valid credentials gets. */
export const unauthenticatedCode = 'UNAUTHENTICATED';
/** Code of the 403 a repository call gets when it is turned off or the caller is refused. */
export const forbiddenCode = 'FORBIDDEN';

/**
 * Maps errors to HTTP statuses as the Open Inference Protocol and KServe do: 400 bad input,
 * 401/403 refused repository calls, 404 unknown model, 503 not ready or overloaded (with
 * Retry-After), 504 deadline exceeded, 499 when the client went away, 500 for model failures.
 */
export function dispositionOf(error: unknown): ErrorDisposition {
  if (InvalidInputError.isInstance(error)) return { status: 400, outcome: 'invalid_input' };
  if (NotFoundError.isInstance(error)) return { status: 404, outcome: 'not_found' };
  if (TimeoutError.isInstance(error)) return { status: 504, outcome: 'deadline_exceeded' };
  if (UnavailableDependencyError.isInstance(error) && error.code !== 'MODEL_LOAD_FAILED') {
    const retryAfter = error.details?.retryAfterSeconds;
    const retryAfterSeconds = typeof retryAfter === 'number' ? retryAfter : 1;
    return {
      status: 503,
      outcome: error.code === 'QUEUE_FULL' ? 'overloaded' : 'not_ready',
      retryAfterSeconds,
      headers: { 'retry-after': String(retryAfterSeconds) },
    };
  }
  if (BallastError.isInstance(error)) {
    if (error.code === 'REQUEST_CANCELLED') return { status: 499, outcome: 'cancelled' };
    if (error.code === unauthenticatedCode) {
      return {
        status: 401,
        outcome: 'invalid_input',
        headers: { 'www-authenticate': 'Bearer realm="ballast-serving-core"' },
      };
    }
    if (error.code === forbiddenCode) return { status: 403, outcome: 'invalid_input' };
  }
  return { status: 500, outcome: 'model_error' };
}

/** The message put in `{ "error": ... }`. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
