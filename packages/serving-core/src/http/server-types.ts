import type { CancellationSignal } from '../batching/dynamic-batcher';
import type { MetricsOptions } from '../metrics/server-metrics';
import type { PayloadLoggingOptions } from '../metrics/payload-logger';
import type { ModelDefinition } from '../models/model';
import type { TrafficPolicy } from '../routing/traffic-policy';

/** A request as any HTTP framework can hand it over. */
export interface InferenceHttpRequest {
  /** HTTP method, e.g. "POST". */
  method: string;
  /** Path, optionally with a query string (ignored). */
  path: string;
  /** Header names in lower case, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The whole body. */
  body: Buffer;
  /** Set when the client disconnects (an AbortSignal works); queued work for it is skipped. */
  signal?: CancellationSignal;
}

/** The answer to send back. */
export interface InferenceHttpResponse {
  /** HTTP status. */
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  /** The body. */
  body: Buffer;
}

/**
 * Who may call the model repository's load and unload endpoints: a bearer token the client
 * sends as `Authorization: Bearer <token>`, or a function that decides per request.
 */
export type RepositoryAuthorization =
  | {
      /** The token clients must send as `Authorization: Bearer <token>` (401 otherwise). */
      bearerToken: string;
    }
  | {
      /** Decides per request; false answers 403. */
      authorize: (request: InferenceHttpRequest) => boolean | Promise<boolean>;
    };

/** Options of {@link createInferenceServer}. */
export interface InferenceServerOptions {
  /** Models loaded at start. */
  models?: ModelDefinition[];
  /** Server name in `GET /v2`; default "ballast-serving-core". */
  name?: string;
  /** Server version in `GET /v2`. */
  version?: string;
  /**
   * Models that must be ready for `/v2/health/ready` to pass; default the `models` given. With
   * none required and none loaded the server is not ready (an empty server is not a working one),
   * unless `requiredModels: []` is passed explicitly.
   */
  requiredModels?: string[];
  /** Loaders for `POST /v2/repository/models/{name}/load`, by model name. */
  repository?: Record<string, () => ModelDefinition | Promise<ModelDefinition>>;
  /**
   * Turns on `POST /v2/repository/models/{name}/load` and `.../unload` for callers this
   * authorisation admits (401/403 otherwise); without it they answer 403.
   */
  repositoryApi?: RepositoryAuthorization;
  /** Deadline of every inference request in milliseconds (504 when exceeded); default none. */
  requestTimeoutMs?: number;
  /** Traffic policies (canary weights, shadow, sticky header) by model name. */
  traffic?: Record<string, TrafficPolicy>;
  /** Prometheus registry, name prefix and buckets. */
  metrics?: MetricsOptions;
  /** Sampled request/response records sent to a sink. */
  payloadLogging?: PayloadLoggingOptions;
  /** Background failures (model loads, shadow requests, payload sink); default console.error. */
  onError?: (error: unknown, context: string) => void;
}

/** Options of {@link InferenceServer.shutdown}. */
export interface ShutdownOptions {
  /**
   * How long to keep serving while reporting not ready, so load balancers stop sending traffic
   * first (milliseconds, default 5000).
   */
  graceMs?: number;
  /**
   * Hard limit on the wait for queued and running requests after the grace period (default
   * 30000); what is still running then is abandoned and shutdown finishes.
   */
  drainTimeoutMs?: number;
}
