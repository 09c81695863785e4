import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { InvalidInputError, TimeoutError, UnavailableDependencyError } from '@ballast/contracts';
import { parseRetryAfter, retry } from '@ballast/kit';
import { parseOpenLineageEvent } from '../events/event-schemas';
import { emitterClosedError, type LineageTransport } from './lineage-transport';
import { kitBackoffOptions, type RetryOptions, resolveRetryOptions } from './retry-policy';

const gzip = promisify(gzipCallback);

/** Options of {@link createHttpTransport}. */
export interface HttpTransportOptions {
  /** Base URL of the receiver, e.g. `http://marquez:5000`. */
  url: string;
  /** Path of the lineage endpoint (default `api/v1/lineage`, Marquez and the Python client). */
  endpoint?: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Per-attempt timeout in ms (default 5000). */
  timeoutMs?: number;
  /** `gzip` compresses the body (`Content-Encoding: gzip`). */
  compression?: 'gzip';
  /** Retries on network errors, timeouts, 429 and 5xx; other 4xx are never retried. */
  retry?: RetryOptions;
  /** `fetch` implementation; defaults to the global one. */
  fetch?: typeof globalThis.fetch;
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Posts each event to an OpenLineage HTTP endpoint (Marquez-compatible `POST /api/v1/lineage`).
 * Any 2xx is success. Network errors, timeouts, 429 and 5xx are retried with exponential backoff
 * and jitter (honouring `Retry-After`); other 4xx fail at once with an `InvalidInputError`
 * (`LINEAGE_EVENT_REJECTED`). When retries run out it throws an `UnavailableDependencyError`
 * (`LINEAGE_ENDPOINT_UNAVAILABLE`) or a `TimeoutError` (`LINEAGE_ENDPOINT_TIMEOUT`), both
 * retryable. Wrap it in {@link createOutboxTransport} so nothing is lost while the endpoint is down.
 *
 * @example
 * ```ts
 * const transport = createHttpTransport({ url: 'http://marquez:5000', apiKey: process.env.OPENLINEAGE_API_KEY, compression: 'gzip' });
 * ```
 */
export function createHttpTransport(options: HttpTransportOptions): LineageTransport {
  const endpoint = options.endpoint ?? 'api/v1/lineage';
  if (!URL.canParse(options.url) || !/^https?:$/.test(new URL(options.url).protocol)) {
    throw new InvalidInputError({
      code: 'INVALID_TRANSPORT_OPTIONS',
      message: `url must be an absolute URL such as "http://marquez:5000", got "${options.url}"`,
      details: { field: 'url', received: options.url },
    });
  }
  const target = new URL(endpoint, options.url.endsWith('/') ? options.url : `${options.url}/`);
  const timeoutMs = options.timeoutMs ?? 5000;
  const retryOptions = resolveRetryOptions(options.retry);
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  // Aborted by close(): cuts backoff waits short and stops further attempts.
  const stopRetries = new AbortController();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...options.headers,
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    ...(options.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
  };
  let closed = false;
  const inFlight = new Set<Promise<unknown>>();

  const attempt = async (body: Uint8Array | string): Promise<Response> => {
    const response = await fetchImplementation(target, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drain the body so the connection is reused.
    await response.arrayBuffer().catch(() => undefined);
    return response;
  };

  const deliver = async (body: Uint8Array | string): Promise<void> => {
    let attempts = 0;
    let lastError: unknown;
    try {
      await retry(
        async attemptNumber => {
          attempts = attemptNumber;
          const response = await attempt(body);
          if (response.ok) return;
          if (!isRetryableStatus(response.status)) {
            throw new InvalidInputError({
              code: 'LINEAGE_EVENT_REJECTED',
              message: `${target.href} rejected the event with HTTP ${response.status} ${response.statusText}; it will not be retried. Check the event and the credentials.`,
              details: { url: target.href, status: response.status },
            });
          }
          throw new UnavailableDependencyError({
            code: 'LINEAGE_ENDPOINT_UNAVAILABLE',
            message: `${target.href} answered HTTP ${response.status}`,
            details: {
              url: target.href,
              status: response.status,
              retryAfter: response.headers.get('retry-after'),
            },
          });
        },
        {
          ...kitBackoffOptions(retryOptions),
          retries: retryOptions.maxAttempts - 1,
          // close() ends the waits between attempts; the last failure is reported below.
          signal: stopRetries.signal,
          shouldRetry: error => !InvalidInputError.isInstance(error),
          retryAfterMs: error =>
            UnavailableDependencyError.isInstance(error)
              ? parseRetryAfter(error.details?.['retryAfter'] as string | null | undefined)
              : undefined,
          onRetry: ({ error }) => {
            lastError = error;
          },
        },
      );
      return;
    } catch (error) {
      if (InvalidInputError.isInstance(error)) throw error;
      // An abort by close() rejects with the signal's reason: report the last real failure.
      if (!(stopRetries.signal.aborted && error === stopRetries.signal.reason)) lastError = error;
    }
    // close() won the race before the first attempt: nothing was sent.
    if (attempts === 0) throw emitterClosedError('http');
    const timedOut = (lastError as { name?: unknown } | undefined)?.name === 'TimeoutError';
    const details = { url: target.href, attempts };
    if (timedOut) {
      throw new TimeoutError({
        code: 'LINEAGE_ENDPOINT_TIMEOUT',
        message: `${target.href} did not answer within ${timeoutMs} ms after ${attempts} attempt(s).`,
        details,
        cause: lastError,
      });
    }
    throw new UnavailableDependencyError({
      code: 'LINEAGE_ENDPOINT_UNAVAILABLE',
      message: `Could not deliver the lineage event to ${target.href} after ${attempts} attempt(s): ${lastError instanceof Error ? lastError.message : String(lastError)}`,
      details,
      cause: lastError,
    });
  };

  return {
    specificationVersion: 'v1',
    name: 'http',
    async emit(event) {
      if (closed) throw emitterClosedError('http');
      const json = JSON.stringify(parseOpenLineageEvent(event));
      const body = options.compression === 'gzip' ? new Uint8Array(await gzip(json)) : json;
      const delivery = deliver(body);
      inFlight.add(delivery);
      try {
        await delivery;
      } finally {
        inFlight.delete(delivery);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // Requests already on the wire finish; waits between retries are cut short.
      stopRetries.abort();
      await Promise.allSettled(inFlight);
    },
  };
}
