import { describe, expect, it } from 'vitest';
import { BallastError } from './ballast-error';
import { ConflictError } from './conflict-error';
import { InvalidInputError } from './invalid-input-error';
import { NotFoundError } from './not-found-error';
import { TimeoutError } from './timeout-error';
import { UnavailableDependencyError } from './unavailable-dependency-error';

const families = [
  [InvalidInputError, 'INVALID_INPUT', false],
  [NotFoundError, 'NOT_FOUND', false],
  [ConflictError, 'CONFLICT', false],
  [UnavailableDependencyError, 'UNAVAILABLE_DEPENDENCY', true],
  [TimeoutError, 'TIMEOUT', true],
] as const;

describe.each(families)('%o', (ErrorClass, code, retryable) => {
  const cause = new Error('socket hang up');
  const error = new ErrorClass({ message: 'boom', cause, details: { path: 'a.b' } });

  it('carries code, retryability, cause and details', () => {
    expect(error.code).toBe(code);
    expect(error.isRetryable).toBe(retryable);
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ path: 'a.b' });
    expect(error.name).toBe(ErrorClass.name);
    expect(error).toBeInstanceOf(Error);
  });

  it('is recognised by its own family and the base, not by other families', () => {
    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(BallastError.isInstance(error)).toBe(true);
    for (const [Other] of families) {
      if (Other !== ErrorClass) expect(Other.isInstance(error)).toBe(false);
    }
  });

  it('accepts a more specific code and an overridden retryability', () => {
    const specific = new ErrorClass({ message: 'x', code: 'SPECIFIC', isRetryable: !retryable });
    expect(specific.code).toBe('SPECIFIC');
    expect(specific.isRetryable).toBe(!retryable);
    expect(ErrorClass.isInstance(specific)).toBe(true);
  });
});

describe('BallastError', () => {
  it('recognises an error from another copy of the package by its Symbol.for marker', () => {
    // A structurally separate object carrying the same global symbols, as a duplicate install would make.
    const foreign = Object.assign(new Error('from another copy'), {
      [Symbol.for('ballast.error')]: true,
      [Symbol.for('ballast.error.NotFoundError')]: true,
    });
    expect(BallastError.isInstance(foreign)).toBe(true);
    expect(NotFoundError.isInstance(foreign)).toBe(true);
    expect(ConflictError.isInstance(foreign)).toBe(false);
  });

  it('does not recognise plain errors or non-objects', () => {
    expect(BallastError.isInstance(new Error('x'))).toBe(false);
    expect(BallastError.isInstance(null)).toBe(false);
    expect(BallastError.isInstance('INVALID_INPUT')).toBe(false);
  });

  it('serialises to JSON without losing the code or the cause message', () => {
    const error = new TimeoutError({ message: 'too slow', cause: new Error('inner') });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'TimeoutError',
      code: 'TIMEOUT',
      message: 'too slow',
      isRetryable: true,
      cause: 'inner',
    });
  });
});

describe('how errors print', () => {
  it('shows the class name and the code in String(), the stack and util.inspect', async () => {
    const { inspect } = await import('node:util');
    const error = new InvalidInputError({
      code: 'POLICY_INVALID',
      message: 'unknown key "minApprover"',
    });
    expect(String(error)).toBe('InvalidInputError [POLICY_INVALID]: unknown key "minApprover"');
    expect(error.stack?.split('\n')[0]).toBe(String(error));
    expect(inspect(error).split('\n')[0]).toBe(String(error));
    const base = new BallastError({ code: 'SOMETHING', message: 'failed' });
    expect(inspect(base).split('\n')[0]).toBe('BallastError [SOMETHING]: failed');
  });
});
