import { ConflictError, InvalidInputError, NotFoundError, TimeoutError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { ArtifactIntegrityError } from '../errors/artifact-integrity-error';
import { HTTP_STATUS_BY_ERROR_CODE, mlflowErrorFor } from './mlflow-error-codes';

describe('mlflowErrorFor', () => {
  it.each([
    [
      new NotFoundError({ message: 'x', code: 'RESOURCE_DOES_NOT_EXIST' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    ],
    [
      new ConflictError({ message: 'x', code: 'RESOURCE_ALREADY_EXISTS' }),
      400,
      'RESOURCE_ALREADY_EXISTS',
    ],
    [new ConflictError({ message: 'x', code: 'LOCK_LOST' }), 409, 'ABORTED'],
    [new InvalidInputError({ message: 'x' }), 400, 'INVALID_PARAMETER_VALUE'],
    [new ArtifactIntegrityError({ message: 'x' }), 500, 'DATA_LOSS'],
    [new TimeoutError({ message: 'x', code: 'LOCK_TIMEOUT' }), 503, 'TEMPORARILY_UNAVAILABLE'],
  ])('maps %o to %i %s', (error, status, errorCode) => {
    expect(mlflowErrorFor(error)).toEqual({
      status,
      body: { error_code: errorCode, message: 'x' },
    });
  });

  it('hides the message of unexpected errors', () => {
    expect(mlflowErrorFor(new Error('/secret/path exploded'))).toEqual({
      status: 500,
      body: { error_code: 'INTERNAL_ERROR', message: 'Internal error.' },
    });
  });

  it("uses MLflow's status table", () => {
    expect(HTTP_STATUS_BY_ERROR_CODE).toMatchObject({
      RESOURCE_ALREADY_EXISTS: 400,
      REQUEST_LIMIT_EXCEEDED: 429,
      DEADLINE_EXCEEDED: 504,
      NOT_IMPLEMENTED: 501,
    });
  });
});
