import { InvalidInputError, NotFoundError } from '@ballast/contracts';
import { excerpt } from '../codec/excerpt';
import { dispositionOf, errorMessage } from './errors';
import type { InferenceHttpRequest } from './server-types';
import { TextResponse } from './text-response';

/** One header as a string (repeated headers joined with commas). */
export function headerValue(
  headers: InferenceHttpRequest['headers'],
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** A JSON answer, kept as text until it is sent. */
export function json(
  status: number,
  document: unknown,
  headers: Record<string, string> = {},
): TextResponse {
  return new TextResponse(
    status,
    { 'content-type': 'application/json', ...headers },
    JSON.stringify(document),
  );
}

/** `{ "error": "..." }` with the status (and Retry-After) the error maps to. */
export function errorResponse(error: unknown): TextResponse {
  const disposition = dispositionOf(error);
  // A safety net under the excerpts each message takes: no answer echoes a large input.
  const message = excerpt(errorMessage(error), 2048);
  return json(disposition.status, { error: message }, disposition.headers ?? {});
}

/** 400 `METHOD_NOT_ALLOWED`. */
export function methodNotAllowed(method: string, path: string, allowed: string): InvalidInputError {
  return new InvalidInputError({
    code: 'METHOD_NOT_ALLOWED',
    message: `${excerpt(method)} is not supported on ${excerpt(path)}; use ${allowed}.`,
    details: { field: 'method', allowed },
  });
}

/** 404 `ROUTE_NOT_FOUND`. */
export function unknownRoute(method: string, path: string): NotFoundError {
  return new NotFoundError({
    code: 'ROUTE_NOT_FOUND',
    message: `No Open Inference Protocol route for ${excerpt(method)} ${excerpt(path)}.`,
    details: { method: excerpt(method), path: excerpt(path) },
  });
}
