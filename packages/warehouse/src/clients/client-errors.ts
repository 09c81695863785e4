import { type SqlDialectName, UnavailableDependencyError } from '@ballast/contracts';
import { queryFailed } from '../engine/query-failed';

/**
 * Wraps a client's rejection: network failures (Node's `E…` codes, HTTP 5xx/429) as a retryable
 * `ENGINE_UNAVAILABLE`, everything else as `QUERY_FAILED` with the client's error as `cause`.
 */
export function clientError(dialect: SqlDialectName, text: string, cause: unknown): Error {
  const code = (cause as { code?: unknown })?.code;
  const status =
    (cause as { status?: unknown; statusCode?: unknown })?.status ??
    (cause as { statusCode?: unknown })?.statusCode;
  const network = typeof code === 'string' && /^E[A-Z]+$/.test(code) && code !== 'ERR';
  const server = typeof status === 'number' && (status >= 500 || status === 429);
  if (network || server) {
    return new UnavailableDependencyError({
      code: 'ENGINE_UNAVAILABLE',
      isRetryable: true,
      message: `${dialect}: the engine could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`,
      details: { dialect },
      cause,
    });
  }
  return queryFailed(dialect, text, cause);
}
