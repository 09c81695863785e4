import { InvalidInputError, type SqlDialectName } from '@ballast/contracts';

/**
 * Wraps an engine's rejection of a statement (syntax, unknown table or column, type mismatch,
 * out of memory) in an `InvalidInputError` with code `QUERY_FAILED`, keeping the driver's error
 * as `cause` and the first line of the statement for the log.
 */
export function queryFailed(
  dialect: SqlDialectName,
  text: string,
  cause: unknown,
): InvalidInputError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const firstLine = text.trim().split('\n', 1)[0] ?? '';
  return new InvalidInputError({
    code: 'QUERY_FAILED',
    message: `${dialect}: the query failed: ${reason}`,
    details: {
      dialect,
      statement: firstLine.length > 200 ? `${firstLine.slice(0, 200)}…` : firstLine,
    },
    cause,
  });
}
