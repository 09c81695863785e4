import { InvalidInputError, type SqlDialectName, type SqlQuery } from '@ballast/contracts';

/**
 * Checks a query before it reaches a driver: a non-empty `text` and parameters that are
 * `SqlValue`s (string, finite or not number, bigint, boolean, null, valid `Date`). A value of
 * another type would otherwise be stringified by some drivers and compared as text.
 */
export function validateParameters(dialect: SqlDialectName, query: SqlQuery): void {
  if (!query || typeof query.text !== 'string' || query.text.trim() === '') {
    throw new InvalidInputError({
      code: 'INVALID_QUERY',
      message: `${dialect}: query.text must be a non-empty SQL statement.`,
    });
  }
  const parameters = query.parameters ?? [];
  if (!Array.isArray(parameters)) {
    throw new InvalidInputError({
      code: 'INVALID_PARAMETER',
      message: `${dialect}: query.parameters must be an array of values.`,
    });
  }
  parameters.forEach((value: unknown, index) => {
    const ok =
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'bigint' ||
      typeof value === 'boolean' ||
      (value instanceof Date && !Number.isNaN(value.getTime()));
    if (!ok) {
      throw new InvalidInputError({
        code: 'INVALID_PARAMETER',
        message: `${dialect}: parameter $${index + 1} must be a string, number, bigint, boolean, null or valid Date (got ${value instanceof Date ? 'an invalid Date' : typeof value}).`,
        details: { index: index + 1 },
      });
    }
  });
}
