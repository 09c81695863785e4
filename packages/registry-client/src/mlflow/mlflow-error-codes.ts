import {
  type BallastError,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  TimeoutError,
  UnavailableDependencyError,
} from '@ballast/contracts';
import { AccessDeniedError } from '../errors/access-denied-error';
import { ArtifactIntegrityError } from '../errors/artifact-integrity-error';

/** MLflow's `error_code` → HTTP status table (`mlflow/exceptions.py`). */
export const HTTP_STATUS_BY_ERROR_CODE: Record<string, number> = {
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  INVALID_STATE: 500,
  UNAUTHENTICATED: 401,
  CUSTOMER_UNAUTHORIZED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_DOES_NOT_EXIST: 404,
  NOT_FOUND: 404,
  ENDPOINT_NOT_FOUND: 404,
  ABORTED: 409,
  RESOURCE_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  REQUEST_LIMIT_EXCEEDED: 429,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  INTERNAL_ERROR: 500,
  DATA_LOSS: 500,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

const codeByStatus: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'ENDPOINT_NOT_FOUND',
  409: 'RESOURCE_CONFLICT',
  429: 'REQUEST_LIMIT_EXCEEDED',
  501: 'NOT_IMPLEMENTED',
  503: 'TEMPORARILY_UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * The MLflow error body and status for an error thrown by a registry backend.
 */
export function mlflowErrorFor(error: unknown): {
  status: number;
  body: { error_code: string; message: string };
} {
  const message = error instanceof Error ? error.message : String(error);
  const errorCode = NotFoundError.isInstance(error)
    ? 'RESOURCE_DOES_NOT_EXIST'
    : ConflictError.isInstance(error)
      ? error.code === 'RESOURCE_ALREADY_EXISTS'
        ? 'RESOURCE_ALREADY_EXISTS'
        : 'ABORTED'
      : InvalidInputError.isInstance(error)
        ? 'INVALID_PARAMETER_VALUE'
        : ArtifactIntegrityError.isInstance(error)
          ? 'DATA_LOSS'
          : TimeoutError.isInstance(error) || UnavailableDependencyError.isInstance(error)
            ? 'TEMPORARILY_UNAVAILABLE'
            : 'INTERNAL_ERROR';
  return {
    status: HTTP_STATUS_BY_ERROR_CODE[errorCode] as number,
    body: {
      error_code: errorCode,
      message: errorCode === 'INTERNAL_ERROR' ? 'Internal error.' : message,
    },
  };
}

/**
 * Maps an MLflow error response to a typed Ballast error. Bodies without an MLflow
 * `error_code` (proxies, auth layers) fall back on the HTTP status.
 */
export function errorFromMlflowResponse(
  status: number,
  body: unknown,
  context: { method: string; endpoint: string; retryAfterMs?: number },
): BallastError {
  const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const rawCode = record.error_code;
  const errorCode =
    typeof rawCode === 'string' && rawCode !== ''
      ? rawCode
      : (codeByStatus[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'));
  const serverMessage =
    typeof record.message === 'string'
      ? record.message
      : typeof body === 'string'
        ? body.slice(0, 300)
        : '';
  const message = `MLflow ${context.method} ${context.endpoint} failed with ${status} ${errorCode}${serverMessage ? `: ${serverMessage}` : ''}`;
  const options = {
    message,
    code: errorCode,
    details: { errorCode, httpStatus: status, method: context.method, endpoint: context.endpoint },
  };
  switch (errorCode) {
    case 'RESOURCE_DOES_NOT_EXIST':
    case 'NOT_FOUND':
    case 'ENDPOINT_NOT_FOUND':
      return new NotFoundError(options);
    case 'RESOURCE_ALREADY_EXISTS':
    case 'ALREADY_EXISTS':
    case 'RESOURCE_CONFLICT':
    case 'ABORTED':
      return new ConflictError(options);
    case 'INVALID_PARAMETER_VALUE':
    case 'BAD_REQUEST':
      return new InvalidInputError(options);
    case 'UNAUTHENTICATED':
    case 'CUSTOMER_UNAUTHORIZED':
    case 'PERMISSION_DENIED':
      return new AccessDeniedError(options);
    case 'DEADLINE_EXCEEDED':
      return new TimeoutError(options);
    case 'DATA_LOSS':
      return new ArtifactIntegrityError(options);
    case 'REQUEST_LIMIT_EXCEEDED':
    case 'RESOURCE_EXHAUSTED':
      return new UnavailableDependencyError({
        ...options,
        isRetryable: true,
        details: { ...options.details, retryAfterMs: context.retryAfterMs },
      });
    default:
      return new UnavailableDependencyError({ ...options, isRetryable: status >= 500 });
  }
}
