import { InvalidInputError, TimeoutError, UnavailableDependencyError } from '@ballast/contracts';
import { parseRetryAfter, retry } from '@ballast/kit';
import { errorFromMlflowResponse } from './mlflow-error-codes';

/** One request as reported to {@link MlflowTransportOptions.onRequest}; never carries credentials. */
export interface MlflowRequestEvent {
  method: string;
  /** The request URL without query string or credentials. */
  endpoint: string;
  attempt: number;
  status?: number;
  durationMs: number;
  /** The error's message when the attempt failed. */
  error?: string;
}

/** Connection settings shared by the MLflow client's calls. */
export interface MlflowTransportOptions {
  /** Base URL of the tracking server, e.g. `http://mlflow.internal:5000`. */
  trackingUri: string;
  /** Bearer token (takes precedence over username/password, as in the Python client). */
  token?: string;
  /** HTTP Basic user name. */
  username?: string;
  /** HTTP Basic password. */
  password?: string;
  /** Sent as `X-MLFLOW-WORKSPACE` when the server has workspaces enabled. */
  workspace?: string;
  /** A `fetch` implementation (default: the global one). */
  fetch?: typeof fetch;
  /**
   * Per-attempt deadline in ms (default 120 000, as the Python client), covering the response
   * body too; for artifact downloads it bounds each wait for the next chunk.
   */
  timeoutMs?: number;
  /** Retries of idempotent calls on 429, 5xx, timeouts and network errors (default 5). */
  retries?: number;
  /** First backoff delay in ms, doubled each retry, with full jitter (default 500). */
  retryDelayMs?: number;
  /** Longest wait between attempts in ms, also capping a server's `Retry-After` (default 30 000). */
  maxRetryDelayMs?: number;
  /** Called after every attempt, for logs and metrics; carries no headers or credentials. */
  onRequest?: (event: MlflowRequestEvent) => void;
}

/** A request to send. */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  /** Path after the tracking URI, starting with `/api/2.0/`. */
  path: string;
  /** GET: query parameters (arrays become repeated keys). Others: the JSON body. */
  fields?: Record<string, unknown>;
  /** A raw body (artifact uploads), rebuilt for each attempt. */
  rawBody?: () => NonNullable<RequestInit['body']>;
  /** Whether repeating the call is safe, which allows retries. */
  idempotent: boolean;
}

/** A successful response whose body was read within the attempt's deadline. */
interface BufferedResponse {
  status: number;
  text: string;
}

/** One attempt's result; a failure carries the retry verdict beside the error. */
type AttemptOutcome<Result> =
  | { ok: true; value: Result }
  | { ok: false; error: Error; retryable: boolean; retryAfterMs?: number };

/** Rejects with `reason()` once `signal` aborts, so a body that never ends cannot hang a call. */
function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  reason: () => Error,
): Promise<T> {
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

/**
 * Sends MLflow REST 2.0 requests: GET fields as query parameters (repeated keys for lists),
 * JSON bodies for POST, PATCH and DELETE, bearer or basic auth, the workspace header,
 * per-attempt deadlines that cover the response body, and retries (kit's `retry`) with
 * exponential backoff and jitter on 429, 5xx, timeouts and network errors for idempotent
 * calls, honouring `Retry-After` up to `maxRetryDelayMs`. Credentials never reach errors or
 * logs.
 */
export class MlflowTransport {
  readonly baseUrl: string;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #onRequest: ((event: MlflowRequestEvent) => void) | undefined;

  constructor(options: MlflowTransportOptions) {
    let url: URL;
    try {
      url = new URL(options.trackingUri);
    } catch (cause) {
      throw new InvalidInputError({
        message: 'trackingUri must be an absolute http(s) URL such as http://127.0.0.1:5000.',
        code: 'INVALID_PARAMETER_VALUE',
        details: { field: 'trackingUri' },
        cause,
      });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InvalidInputError({
        message: `trackingUri must use http or https, not ${url.protocol}`,
        code: 'INVALID_PARAMETER_VALUE',
        details: { field: 'trackingUri' },
      });
    }
    // Credentials in the URL are moved to a header so they never appear in logged URLs.
    const username =
      options.username ?? (url.username ? decodeURIComponent(url.username) : undefined);
    const password =
      options.password ?? (url.password ? decodeURIComponent(url.password) : undefined);
    url.username = '';
    url.password = '';
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.#headers = {};
    if (options.token) this.#headers.authorization = `Bearer ${options.token}`;
    else if (username !== undefined) {
      this.#headers.authorization = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
    }
    if (options.workspace) this.#headers['x-mlflow-workspace'] = options.workspace;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 120_000;
    this.#retries = options.retries ?? 5;
    this.#retryDelayMs = options.retryDelayMs ?? 500;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.#onRequest = options.onRequest;
  }

  /** Sends a request and parses the JSON response, throwing typed errors. */
  async json<Body>(request: TransportRequest): Promise<Body> {
    const { text } = await this.#withRetries(request, attempt =>
      this.#attempt(request, attempt, async (response, signal, timeout) => ({
        status: response.status,
        text: await untilAborted(response.text(), signal, timeout),
      })),
    );
    if (text.trim() === '') return {} as Body;
    try {
      return JSON.parse(text) as Body;
    } catch (cause) {
      throw new UnavailableDependencyError({
        message: `MLflow ${request.method} ${request.path} returned a body that is not JSON.`,
        code: 'INVALID_RESPONSE',
        details: { method: request.method, endpoint: request.path },
        cause,
      });
    }
  }

  /** Sends a request with retries, reading and discarding the response body. */
  async send(request: TransportRequest): Promise<BufferedResponse> {
    return this.#withRetries(request, attempt =>
      this.#attempt(request, attempt, async (response, signal, timeout) => ({
        status: response.status,
        text: await untilAborted(response.text(), signal, timeout),
      })),
    );
  }

  /**
   * Sends a request with retries and streams the body of the successful response. A body
   * that stalls for `timeoutMs` between chunks fails with `TimeoutError` (`REQUEST_TIMEOUT`).
   */
  async stream(request: TransportRequest): Promise<AsyncIterable<Uint8Array>> {
    return this.#withRetries(request, attempt =>
      this.#attempt(request, attempt, async (response, _signal, timeout, keep) => {
        keep();
        return this.#guardedBody(response, timeout);
      }),
    );
  }

  async *#guardedBody(response: Response, timeout: () => Error): AsyncGenerator<Uint8Array> {
    if (!response.body) return;
    const reader = response.body.getReader();
    try {
      for (;;) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const stalled = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(timeout()), this.#timeoutMs);
        });
        try {
          const chunk = await Promise.race([reader.read(), stalled]);
          if (chunk.done) return;
          yield chunk.value;
        } finally {
          clearTimeout(timer);
        }
      }
    } finally {
      // Cancelling also closes the connection of a stalled or abandoned body.
      await reader.cancel().catch(() => undefined);
    }
  }

  async #withRetries<Result>(
    request: TransportRequest,
    attempt: (number: number) => Promise<AttemptOutcome<Result>>,
  ): Promise<Result> {
    const failures = new WeakMap<object, AttemptOutcome<Result> & { ok: false }>();
    return retry(
      async number => {
        const outcome = await attempt(number);
        if (outcome.ok) return outcome.value;
        failures.set(outcome.error, outcome);
        throw outcome.error;
      },
      {
        retries: request.idempotent ? this.#retries : 0,
        initialDelayMs: this.#retryDelayMs,
        // Also caps Retry-After: a server asking for an hour does not stall the caller.
        maxDelayMs: this.#maxRetryDelayMs,
        shouldRetry: error => failures.get(error as object)?.retryable === true,
        retryAfterMs: error => failures.get(error as object)?.retryAfterMs,
      },
    );
  }

  async #attempt<Result>(
    request: TransportRequest,
    attempt: number,
    consume: (
      response: Response,
      signal: AbortSignal,
      timeout: () => Error,
      keepOpen: () => void,
    ) => Promise<Result>,
  ): Promise<AttemptOutcome<Result>> {
    const endpoint = `${this.baseUrl}${request.path}`;
    let url = endpoint;
    const headers: Record<string, string> = { ...this.#headers };
    let body: RequestInit['body'] | undefined;
    if (request.rawBody) {
      body = request.rawBody();
      headers['content-type'] = 'application/octet-stream';
    } else if (request.method === 'GET') {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(request.fields ?? {})) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
      }
      const text = query.toString();
      if (text) url += `?${text}`;
    } else {
      body = JSON.stringify(request.fields ?? {});
      headers['content-type'] = 'application/json';
    }
    const timeout = () =>
      new TimeoutError({
        message: `MLflow ${request.method} ${request.path} did not answer within ${this.#timeoutMs} ms.`,
        code: 'REQUEST_TIMEOUT',
        details: { method: request.method, endpoint: request.path, timeoutMs: this.#timeoutMs },
      });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    const started = performance.now();
    const report = (status: number | undefined, error?: Error) =>
      this.#onRequest?.({
        method: request.method,
        endpoint,
        attempt,
        ...(status !== undefined ? { status } : {}),
        durationMs: performance.now() - started,
        ...(error ? { error: error.message } : {}),
      });
    let response: Response;
    try {
      const init: RequestInit & { duplex?: 'half' } = {
        method: request.method,
        headers,
        signal: controller.signal,
        ...(body !== undefined ? { body } : {}),
        ...(request.rawBody ? { duplex: 'half' } : {}),
      };
      response = await untilAborted(this.#fetch(url, init), controller.signal, timeout);
    } catch (cause) {
      clearTimeout(timer);
      const error = TimeoutError.isInstance(cause)
        ? cause
        : controller.signal.aborted
          ? timeout()
          : new UnavailableDependencyError({
              message: `MLflow ${request.method} ${request.path} failed: ${(cause as Error).message}`,
              code: 'NETWORK_ERROR',
              details: { method: request.method, endpoint: request.path },
              cause,
            });
      report(undefined, error);
      return { ok: false, error, retryable: true };
    }
    let keptOpen = false;
    try {
      if (response.ok) {
        const result = await consume(response, controller.signal, timeout, () => {
          keptOpen = true;
        });
        report(response.status);
        return { ok: true, value: result };
      }
      const text = await untilAborted(
        response.text().catch(() => ''),
        controller.signal,
        timeout,
      );
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // non-JSON error bodies come from proxies and auth layers; keep the text
      }
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const error = errorFromMlflowResponse(response.status, parsed, {
        method: request.method,
        endpoint: request.path,
        ...(retryAfterMs !== undefined && retryAfterMs > 0 ? { retryAfterMs } : {}),
      });
      report(response.status, error);
      return {
        ok: false,
        error,
        retryable: isRetryableStatus(response.status),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    } catch (cause) {
      // The body stalled or broke off after the headers.
      const error = TimeoutError.isInstance(cause)
        ? cause
        : new UnavailableDependencyError({
            message: `MLflow ${request.method} ${request.path} failed while reading the response: ${(cause as Error).message}`,
            code: 'NETWORK_ERROR',
            details: { method: request.method, endpoint: request.path },
            cause,
          });
      report(response.status, error);
      return { ok: false, error, retryable: true };
    } finally {
      // A streamed body keeps its own per-chunk deadline instead.
      clearTimeout(timer);
      if (!keptOpen) controller.abort();
    }
  }
}
