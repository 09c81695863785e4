import { NotFoundError, type WatchHandle } from '@ballast/contracts';
import { sleep } from '@ballast/kit';
import type { Registry } from 'prom-client';
import { PayloadLogger } from '../metrics/payload-logger';
import { ServerMetrics } from '../metrics/server-metrics';
import {
  type FollowModelVersionSourceOptions,
  followModelVersionSource,
} from '../models/follow-model-version-source';
import type { ModelDefinition } from '../models/model';
import { type LoadOptions, ModelRepository, type ServedVersion } from '../models/model-repository';
import type { TrafficPolicy } from '../routing/traffic-policy';
import { type InferContext, infer } from './infer-handler';
import { parseInferPath, splitPath } from './paths';
import { RepositoryEndpoints } from './repository-endpoints';
import { errorResponse, json, methodNotAllowed, unknownRoute } from './responses';
import type {
  InferenceHttpRequest,
  InferenceHttpResponse,
  InferenceServerOptions,
  ShutdownOptions,
} from './server-types';
import { type ServerAnswer, textResponders, toHttpResponse } from './text-response';

const serverExtensions = ['binary_tensor_data', 'model_repository'];

/**
 * An Open Inference Protocol (KServe V2) server, independent of any HTTP framework: give it
 * `{ method, path, headers, body }`, get `{ status, headers, body }`. Mount it with `listen`
 * (node:http) or `fastifyInferencePlugin` (`@ballast/serving-core/fastify`).
 *
 * @example
 * ```ts
 * const server = createInferenceServer({ models: [iris] });
 * await server.waitUntilLoaded();
 * const response = await server.handle({ method: 'GET', path: '/v2/health/ready', headers: {}, body: Buffer.alloc(0) });
 * ```
 */
export class InferenceServer {
  /** The server's own Prometheus registry (`GET /metrics` serves it). */
  readonly registry: Registry;
  private readonly metrics: ServerMetrics;
  private readonly repository: ModelRepository;
  private readonly repositoryEndpoints: RepositoryEndpoints;
  private readonly inferContext: InferContext;
  private readonly payloadLogger: PayloadLogger | undefined;
  private readonly initialLoad: Promise<void>;
  private readonly onError: (error: unknown, context: string) => void;
  private loaded = false;
  private draining = false;
  private stopped = false;
  private closed = false;
  private shutdownPromise: Promise<void> | undefined;

  constructor(private readonly options: InferenceServerOptions = {}) {
    this.metrics = new ServerMetrics(options.metrics);
    this.registry = this.metrics.registry;
    this.repository = new ModelRepository(this.metrics);
    this.repositoryEndpoints = new RepositoryEndpoints(this.repository, options);
    this.onError =
      options.onError ?? ((error, context) => console.error(`[serving-core] ${context}:`, error));
    textResponders.set(this, request => this.respond(request));
    if (options.payloadLogging) {
      this.payloadLogger = new PayloadLogger(options.payloadLogging, {
        onWritten: count => this.metrics.payloadRecords.inc({ result: 'written' }, count),
        onDropped: count => this.metrics.payloadRecords.inc({ result: 'dropped' }, count),
        onFailed: (count, error) => {
          if (count > 0) this.metrics.payloadRecords.inc({ result: 'failed' }, count);
          this.onError(error, 'payload sink');
        },
      });
    }
    this.inferContext = {
      repository: this.repository,
      metrics: this.metrics,
      payloadLogger: this.payloadLogger,
      requestTimeoutMs: options.requestTimeoutMs,
      onError: (error, context) => this.onError(error, context),
      isStopped: () => this.stopped,
    };
    const traffic = new Map(Object.entries(options.traffic ?? {}));
    this.initialLoad = Promise.all(
      (options.models ?? []).map(definition =>
        this.repository
          .load(definition)
          .then(() => {
            const policy = traffic.get(definition.name);
            if (policy) this.repository.setTraffic(definition.name, policy);
          })
          .catch(error => this.onError(error, `loading model "${definition.name}"`)),
      ),
    ).then(() => {
      this.loaded = true;
    });
  }

  /** Resolves when the models given at start have loaded or failed (failures go to `onError`). */
  waitUntilLoaded(): Promise<void> {
    return this.initialLoad;
  }

  /** Liveness: true until shutdown has finished; never depends on models. */
  isLive(): boolean {
    return !this.closed;
  }

  /** Readiness: started, not shutting down, and every required model ready. */
  isReady(): boolean {
    return this.readinessProblem() === undefined;
  }

  /**
   * Loads and warms up a model version, then (by default) switches unversioned traffic to it and
   * drains and unloads the version it replaces. A failed load leaves the serving version in place.
   */
  async loadModel(definition: ModelDefinition, options?: LoadOptions): Promise<void> {
    await this.repository.load(definition, options);
  }

  /** Drains and unloads a model version, or the whole model. */
  unloadModel(name: string, version?: string): Promise<void> {
    return this.repository.unload(name, version);
  }

  /**
   * Sets canary weights, shadow mirroring (to another version or another model) and sticky
   * routing for a model.
   */
  setTraffic(name: string, traffic: TrafficPolicy): void {
    this.repository.setTraffic(name, traffic);
  }

  /**
   * Serves whatever version a `ModelVersionSource` reference (e.g. alias "champion") points at,
   * swapping with zero failed requests whenever it moves. Resolves after the first load.
   */
  followModelVersionSource(options: FollowModelVersionSourceOptions): Promise<WatchHandle> {
    return followModelVersionSource(
      { loadModel: (definition, loadOptions) => this.loadModel(definition, loadOptions) },
      { onError: error => this.onError(error, `following ${options.ref.name}`), ...options },
    );
  }

  /** Answers one HTTP request. Never throws: every failure becomes `{ "error": "..." }`. */
  handle(request: InferenceHttpRequest): Promise<InferenceHttpResponse> {
    return this.respond(request).then(toHttpResponse);
  }

  /** Like handle(), but JSON answers stay text (what `listen()` sends). */
  private respond(request: InferenceHttpRequest): Promise<ServerAnswer> {
    // Not an async function: a single reaction on dispatch's promise instead of an await plus
    // the async function's own promise, one microtask hop fewer per request.
    try {
      const result = this.dispatch(request);
      return result instanceof Promise
        ? result.then(undefined, errorResponse)
        : Promise.resolve(result);
    } catch (error) {
      return Promise.resolve(errorResponse(error));
    }
  }

  /**
   * Graceful stop: report not ready at once, keep serving for `graceMs`, then refuse new
   * inference (503) and wait for queued and running requests, at most `drainTimeoutMs`; then
   * unload models and flush payloads, abandoning whatever still hangs past the deadline.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.draining = true;
      await sleep(options.graceMs ?? 5000);
      this.stopped = true;
      const deadline = Date.now() + (options.drainTimeoutMs ?? 30_000);
      await withDeadline(this.repository.drainAll(), deadline);
      // A model call that never returns keeps its version draining: unloading waits for it, so
      // unload and flush get whatever remains of the deadline, then shutdown finishes anyway.
      await withDeadline(
        this.repository.unloadAll().catch(error => this.onError(error, 'unloading models')),
        deadline,
      );
      await withDeadline(this.payloadLogger?.close() ?? Promise.resolve(), deadline);
      this.closed = true;
    })();
    return this.shutdownPromise;
  }

  private readinessProblem(): string | undefined {
    if (!this.loaded) return 'models are still loading';
    if (this.draining) return 'the server is shutting down';
    const required =
      this.options.requiredModels ?? (this.options.models ?? []).map(model => model.name);
    const missing = required.filter(name => !this.repository.isReady(name));
    if (missing.length > 0) return `required models not ready: ${missing.join(', ')}`;
    if (this.options.requiredModels === undefined && required.length === 0) {
      const anyReady = this.repository.names().some(name => this.repository.isReady(name));
      if (!anyReady) return 'no model is loaded';
    }
    return undefined;
  }

  // dispatch and modelRoute are plain functions (not async) so an inference request crosses no
  // extra promise on its way to infer(); handle() awaits whatever they return or throw.
  private dispatch(request: InferenceHttpRequest): ServerAnswer | Promise<ServerAnswer> {
    const inference = parseInferPath(request.path);
    if (inference !== undefined && request.method === 'POST') {
      return infer(this.inferContext, inference.name, inference.version, request);
    }
    const { path, segments } = splitPath(request.path);
    const method = request.method.toUpperCase();
    const [root, area] = segments;
    if (root === 'metrics' && segments.length === 1) {
      if (method !== 'GET') throw methodNotAllowed(method, path, 'GET');
      return this.registry.metrics().then(text => ({
        status: 200,
        headers: { 'content-type': this.registry.contentType },
        body: Buffer.from(text),
      }));
    }
    if (root !== 'v2') throw unknownRoute(method, path);
    if (segments.length === 1) {
      if (method !== 'GET') throw methodNotAllowed(method, path, 'GET');
      return json(200, {
        name: this.options.name ?? 'ballast-serving-core',
        version: this.options.version ?? '0.0.0',
        extensions: serverExtensions,
      });
    }
    if (area === 'health' && segments.length === 3) {
      if (method !== 'GET') throw methodNotAllowed(method, path, 'GET');
      if (segments[2] === 'live') {
        return this.isLive()
          ? json(200, { live: true })
          : json(503, { live: false, error: 'the server has shut down' });
      }
      if (segments[2] === 'ready') {
        const problem = this.readinessProblem();
        return problem === undefined
          ? json(200, { ready: true })
          : json(503, { ready: false, error: `not ready: ${problem}` });
      }
    }
    if (area === 'models' && segments.length >= 3) {
      return this.modelRoute(method, path, segments.slice(2), request);
    }
    if (area === 'repository') {
      return this.repositoryEndpoints.respond(method, path, segments.slice(2), request);
    }
    throw unknownRoute(method, path);
  }

  private modelRoute(
    method: string,
    path: string,
    [name, ...rest]: string[],
    request: InferenceHttpRequest,
  ): ServerAnswer | Promise<ServerAnswer> {
    let version: string | undefined;
    if (rest[0] === 'versions') {
      version = rest[1];
      rest = rest.slice(2);
      if (version === undefined) throw unknownRoute(method, path);
    }
    const action = rest[0];
    if (rest.length > 1 || (action !== undefined && action !== 'ready' && action !== 'infer')) {
      throw unknownRoute(method, path);
    }
    const modelName = name as string;
    if (action === 'infer') {
      if (method !== 'POST') throw methodNotAllowed(method, path, 'POST');
      return infer(this.inferContext, modelName, version, request);
    }
    if (method !== 'GET') throw methodNotAllowed(method, path, 'GET');
    if (action === 'ready') {
      let ready: boolean;
      try {
        ready = this.repository.route(modelName, version, {}).state === 'READY';
      } catch (error) {
        if (NotFoundError.isInstance(error)) throw error;
        ready = false;
      }
      return json(ready ? 200 : 503, { name: modelName, ready });
    }
    const served =
      version === undefined
        ? this.repository.current(modelName)
        : this.repository.route(modelName, version, {});
    const loaded = served.loaded as NonNullable<ServedVersion['loaded']>;
    return json(200, {
      name: modelName,
      versions: this.repository
        .list()
        .filter(candidate => candidate.name === modelName && candidate.state === 'READY')
        .map(candidate => candidate.version),
      platform: served.definition.platform,
      inputs: loaded.inputs,
      outputs: loaded.outputs,
    });
  }
}

/** Waits for `work`, but no later than `deadline` (epoch ms); never rejects. */
async function withDeadline(work: Promise<unknown>, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>(resolve => {
    timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
  });
  try {
    await Promise.race([
      work.then(
        () => undefined,
        () => undefined,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Creates an {@link InferenceServer} and starts loading its models.
 *
 * @example
 * ```ts
 * const server = createInferenceServer({
 *   models: [functionModel({ name: 'sum', inputs, outputs, predict })],
 *   requestTimeoutMs: 1000,
 * });
 * ```
 */
export function createInferenceServer(options: InferenceServerOptions = {}): InferenceServer {
  return new InferenceServer(options);
}

export type {
  InferenceHttpRequest,
  InferenceHttpResponse,
  InferenceServerOptions,
  RepositoryAuthorization,
  ShutdownOptions,
} from './server-types';
