import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  parseWithSchema,
} from '@ballast/contracts';
import type { z } from 'zod';

/**
 * `NotFoundError` with MLflow's code `RESOURCE_DOES_NOT_EXIST`.
 */
export function resourceDoesNotExist(
  message: string,
  details: Record<string, unknown>,
): NotFoundError {
  return new NotFoundError({ message, code: 'RESOURCE_DOES_NOT_EXIST', details });
}

/**
 * `ConflictError` with MLflow's code `RESOURCE_ALREADY_EXISTS`.
 */
export function resourceAlreadyExists(
  message: string,
  details: Record<string, unknown>,
): ConflictError {
  return new ConflictError({ message, code: 'RESOURCE_ALREADY_EXISTS', details });
}

/**
 * `InvalidInputError` with MLflow's code `INVALID_PARAMETER_VALUE`; `field` names the
 * parameter at fault.
 */
export function invalidParameter(
  field: string,
  message: string,
  details: Record<string, unknown> = {},
): InvalidInputError {
  return new InvalidInputError({
    message,
    code: 'INVALID_PARAMETER_VALUE',
    details: { field, ...details },
  });
}

/**
 * `parseWithSchema` for call parameters: the same message naming the path, re-coded as
 * MLflow's `INVALID_PARAMETER_VALUE` so every backend reports bad parameters alike.
 */
export function parseParameters<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  try {
    return parseWithSchema(schema, input, what);
  } catch (error) {
    const parsed = error as InvalidInputError;
    throw new InvalidInputError({
      message: parsed.message,
      code: 'INVALID_PARAMETER_VALUE',
      details: { field: what, ...parsed.details },
      cause: parsed.cause,
    });
  }
}
