import { InvalidInputError, TimeoutError, UnavailableDependencyError } from '@ballast/contracts';
import { errorFromMlflowResponse } from './mlflow-error-codes';

/**
 * One request as reported to {@link MlflowTransportOptions.onRequest}; never carries credentials.
 *
 * @example
 * ```ts
 * createMlflowRegistry({ trackingUri, onRequest: (event: MlflowRequestEvent) => log.debug(event) });
 * ```
 */
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

/**
 * Connection settings shared by the MLflow client's calls.
 *
 * @example
 * ```ts
 * const settings: MlflowTransportOptions = { trackingUri: 'https://mlflow.internal', token, timeoutMs: 10_000 };
 * ```
 */
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
  /** Per-attempt timeout in ms (default 120 000, as the Python client). */
  timeoutMs?: number;
  /** Retries of idempotent calls on 429, 5xx, timeouts and network errors (default 5). */
  retries?: number;
  /** First backoff delay in ms, doubled each retry, with jitter (default 500). */
  retryDelayMs?: number;
  /** Longest backoff delay in ms (default 30 000). */
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

const sleep = (milliseconds: number) => new Promise(resolve => setTimeout(resolve, milliseconds));

function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

/**
 * Sends MLflow REST 2.0 requests: GET fields as query parameters (repeated keys for lists),
 * JSON bodies for POST, PATCH and DELETE, bearer or basic auth, the workspace header,
 * per-attempt timeouts, and retries with exponential backoff and jitter on 429, 5xx,
 * timeouts and network errors for idempotent calls. Credentials never reach errors or logs.
 *
 * @example
 * ```ts
 * const transport = new MlflowTransport({ trackingUri: 'http://127.0.0.1:5000', token });
 * const body = await transport.json({ method: 'GET', path: '/api/2.0/mlflow/registered-models/get', fields: { name: 'fraud' }, idempotent: true });
 * ```
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
    const response = await this.send(request);
    const text = await response.text();
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

  /** Sends a request with retries; resolves with a successful response. */
  async send(request: TransportRequest): Promise<Response> {
    const maxAttempts = request.idempotent ? this.#retries + 1 : 1;
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.#attempt(request, attempt);
      if (outcome.response) return outcome.response;
      if (!outcome.retryable || attempt >= maxAttempts) throw outcome.error;
      const backoff = Math.min(this.#maxRetryDelayMs, this.#retryDelayMs * 2 ** (attempt - 1));
      await sleep(Math.max(outcome.retryAfterMs ?? 0, backoff * (0.5 + Math.random())));
    }
  }

  async #attempt(
    request: TransportRequest,
    attempt: number,
  ): Promise<{ response?: Response; error?: Error; retryable?: boolean; retryAfterMs?: number }> {
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
    try {
      const init: RequestInit & { duplex?: 'half' } = {
        method: request.method,
        headers,
        signal: controller.signal,
        ...(body !== undefined ? { body } : {}),
        ...(request.rawBody ? { duplex: 'half' } : {}),
      };
      const response = await this.#fetch(url, init);
      if (response.ok) {
        report(response.status);
        return { response };
      }
      const text = await response.text().catch(() => '');
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // non-JSON error bodies come from proxies and auth layers; keep the text
      }
      const retryAfter = Number(response.headers.get('retry-after'));
      const error = errorFromMlflowResponse(response.status, parsed, {
        method: request.method,
        endpoint: request.path,
        ...(Number.isFinite(retryAfter) && retryAfter > 0
          ? { retryAfterMs: retryAfter * 1000 }
          : {}),
      });
      report(response.status, error);
      return {
        error,
        retryable: isRetryableStatus(response.status),
        ...(Number.isFinite(retryAfter) && retryAfter > 0
          ? { retryAfterMs: retryAfter * 1000 }
          : {}),
      };
    } catch (cause) {
      const timedOut = controller.signal.aborted;
      const error = timedOut
        ? new TimeoutError({
            message: `MLflow ${request.method} ${request.path} did not answer within ${this.#timeoutMs} ms.`,
            code: 'REQUEST_TIMEOUT',
            details: { method: request.method, endpoint: request.path, timeoutMs: this.#timeoutMs },
          })
        : new UnavailableDependencyError({
            message: `MLflow ${request.method} ${request.path} failed: ${(cause as Error).message}`,
            code: 'NETWORK_ERROR',
            details: { method: request.method, endpoint: request.path },
            cause,
          });
      report(undefined, error);
      return { error, retryable: true };
    } finally {
      clearTimeout(timer);
    }
  }
}
