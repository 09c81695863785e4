import { randomUUID } from 'node:crypto';
import {
  type InferencePayload,
  InvalidInputError,
  NotFoundError,
  UnavailableDependencyError,
  type WatchHandle,
} from '@ballast/contracts';
import type { Registry } from 'prom-client';
import type { TensorMap } from './datatypes';
import type { CancellationSignal } from './dynamic-batcher';
import {
  type FollowModelVersionSourceOptions,
  followModelVersionSource,
} from './follow-model-version-source';
import { dispositionOf, errorMessage } from './http-errors';
import {
  type DecodedInferenceRequest,
  decodeInferenceRequest,
  binaryResponseBody,
  encodeInferenceResponseParts,
  inferenceHeaderContentLength,
  parseJsonBody,
  tensorAsJsonRecord,
  tensorsAsJsonInputs,
} from './inference-codec';
import type { ModelDefinition, TensorSignature } from './model';
import {
  type ModelConfigOverride,
  parseModelConfigOverride,
  versionsToKeep,
} from './model-config-override';
import {
  type LoadOptions,
  ModelRepository,
  type ServedVersion,
  type TrafficPolicy,
} from './model-repository';
import { PayloadLogger, type PayloadLoggingOptions } from './payload-logger';
import { type ServerAnswer, TextResponse, textResponders, toHttpResponse } from './text-response';
import { type MetricsOptions, ServerMetrics } from './server-metrics';

/**
 * A request as any HTTP framework can hand it over.
 *
 * @example
 * ```ts
 * const request: InferenceHttpRequest = { method: 'GET', path: '/v2/health/ready', headers: {}, body: Buffer.alloc(0) };
 * ```
 */
export interface InferenceHttpRequest {
  method: string;
  /** Path, optionally with a query string (ignored). */
  path: string;
  /** Header names in lower case, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Set when the client disconnects (an AbortSignal works); queued work for it is skipped. */
  signal?: CancellationSignal;
}

/**
 * The answer to send back.
 *
 * @example
 * ```ts
 * const { status, headers, body } = await server.handle(request);
 * ```
 */
export interface InferenceHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Options of {@link createInferenceServer}.
 *
 * @example
 * ```ts
 * const options: InferenceServerOptions = { models: [iris], requestTimeoutMs: 2000 };
 * ```
 */
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
  /** Deadline of every inference request in milliseconds (504 when exceeded); default none. */
  requestTimeoutMs?: number;
  /** Traffic policies (canary weights, shadow, sticky header) by model name. */
  traffic?: Record<string, TrafficPolicy>;
  metrics?: MetricsOptions;
  payloadLogging?: PayloadLoggingOptions;
  /** Background failures (model loads, shadow requests, payload sink); default console.error. */
  onError?: (error: unknown, context: string) => void;
}

/**
 * Options of {@link InferenceServer.shutdown}.
 *
 * @example
 * ```ts
 * await server.shutdown({ graceMs: 10_000, drainTimeoutMs: 20_000 });
 * ```
 */
export interface ShutdownOptions {
  /**
   * How long to keep serving while reporting not ready, so load balancers stop sending traffic
   * first (milliseconds, default 5000).
   */
  graceMs?: number;
  /** Longest wait for queued and running requests after the grace period (default 30000). */
  drainTimeoutMs?: number;
}

const serverExtensions = ['binary_tensor_data', 'model_repository'];

function headerValue(headers: InferenceHttpRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function json(
  status: number,
  document: unknown,
  headers: Record<string, string> = {},
): TextResponse {
  return new TextResponse(
    status,
    { 'content-type': 'application/json', ...headers },
    JSON.stringify(document),
  );
}

function errorResponse(error: unknown): TextResponse {
  const disposition = dispositionOf(error);
  return json(
    disposition.status,
    { error: errorMessage(error) },
    disposition.retryAfterSeconds === undefined
      ? {}
      : { 'retry-after': String(disposition.retryAfterSeconds) },
  );
}

function methodNotAllowed(method: string, path: string, allowed: string): InvalidInputError {
  return new InvalidInputError({
    code: 'METHOD_NOT_ALLOWED',
    message: `${method} is not supported on ${path}; use ${allowed}.`,
    details: { field: 'method', allowed },
  });
}

function parseOptionalJson(body: Buffer): Record<string, unknown> {
  if (body.byteLength === 0) return {};
  const parsed = parseJsonBody(body);
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

/**
 * An Open Inference Protocol (KServe V2) server, independent of any HTTP framework: give it
 * `{ method, path, headers, body }`, get `{ status, headers, body }`. Mount it with `listen`
 * (node:http) or `fastifyInferencePlugin`.
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
  private readonly payloadLogger: PayloadLogger | undefined;
  private readonly initialLoad: Promise<void>;
  private readonly onError: (error: unknown, context: string) => void;
  private loaded = false;
  private draining = false;
  private stopped = false;
  private closed = false;
  private shutdownPromise: Promise<void> | undefined;
  /** Definitions made from a load's `parameters.config`, mapped to the definition they override. */
  private readonly configuredFrom = new WeakMap<ModelDefinition, ModelDefinition>();

  constructor(private readonly options: InferenceServerOptions = {}) {
    this.metrics = new ServerMetrics(options.metrics);
    this.registry = this.metrics.registry;
    this.repository = new ModelRepository(this.metrics);
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
    this.initialLoad = Promise.all(
      (options.models ?? []).map(definition =>
        this.repository
          .load(definition)
          .then(() => {
            const traffic = options.traffic?.[definition.name];
            if (traffic) this.repository.setTraffic(definition.name, traffic);
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
   * inference (503), wait for queued and running requests, unload models and flush payloads.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.draining = true;
      await new Promise(resolve => setTimeout(resolve, options.graceMs ?? 5000));
      this.stopped = true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>(resolve => {
        timer = setTimeout(resolve, options.drainTimeoutMs ?? 30_000);
      });
      await Promise.race([this.repository.drainAll(), timeout]);
      clearTimeout(timer);
      await this.repository.unloadAll().catch(error => this.onError(error, 'unloading models'));
      await this.payloadLogger?.close();
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
      return this.infer(inference.name, inference.version, request);
    }
    const path = request.path.split('?')[0] ?? '';
    const segments = path
      .split('/')
      .filter(segment => segment !== '')
      .map(decodeSegment);
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
    if (area === 'repository')
      return this.repositoryRoute(method, path, segments.slice(2), request);
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
      return this.infer(modelName, version, request);
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

  private async repositoryRoute(
    method: string,
    path: string,
    segments: string[],
    request: InferenceHttpRequest,
  ): Promise<ServerAnswer> {
    if (method !== 'POST') throw methodNotAllowed(method, path, 'POST');
    if (segments.length === 1 && segments[0] === 'index') {
      const readyOnly = parseOptionalJson(request.body).ready === true;
      const served = this.repository.list().map(entry => ({
        name: entry.name,
        version: entry.version,
        state: entry.state,
        ...(entry.reason === undefined ? {} : { reason: entry.reason }),
      }));
      const known = new Set(served.map(entry => entry.name));
      const unloaded = Object.keys(this.options.repository ?? {})
        .filter(name => !known.has(name))
        .map(name => ({ name, version: '', state: 'UNAVAILABLE', reason: 'unloaded' }));
      const index = [...served, ...unloaded];
      return json(200, readyOnly ? index.filter(entry => entry.state === 'READY') : index);
    }
    const [models, name, action] = segments;
    if (models !== 'models' || name === undefined || segments.length !== 3)
      throw unknownRoute(method, path);
    const body = parseOptionalJson(request.body);
    if (action === 'load') {
      await this.loadFromRepository(name, loadConfigOf(name, body));
      return json(200, {});
    }
    if (action === 'unload') {
      await this.repository.unload(name);
      return json(200, {});
    }
    throw unknownRoute(method, path);
  }

  /**
   * Triton's load: the registered loader's definition, else the definition the model was
   * started with (a reload), with `parameters.config` applied when given. A config does not
   * stick: the next load without one goes back to the definition's own settings, as Triton
   * goes back to the repository's config.pbtxt.
   */
  private async loadFromRepository(
    name: string,
    override: ModelConfigOverride | undefined,
  ): Promise<void> {
    const loader = this.options.repository?.[name];
    let definition: ModelDefinition;
    if (loader) definition = await loader();
    else if (this.repository.names().includes(name)) {
      const current = this.repository.current(name).definition;
      definition = this.configuredFrom.get(current) ?? current;
    } else {
      throw new NotFoundError({
        code: 'MODEL_NOT_IN_REPOSITORY',
        message: `No model "${name}" in the repository; register a loader under options.repository["${name}"].`,
        details: { model: name },
      });
    }
    if (override === undefined) {
      await this.repository.load(definition);
      return;
    }
    const configured = withBatching(definition, override.batching);
    this.configuredFrom.set(configured, definition);
    const policy = override.versionPolicy;
    if (policy === undefined) {
      await this.repository.load(configured);
      return;
    }
    const version = definition.version ?? '1';
    const servingVersions = () =>
      this.repository
        .list()
        .filter(served => served.name === name && served.state === 'READY')
        .map(served => served.version);
    // Refuse before loading a version the policy would unload at once (and leave no default).
    const existing = this.repository.names().includes(name) ? servingVersions() : [];
    if (!versionsToKeep(policy, [...new Set([...existing, version])]).includes(version)) {
      throw new InvalidInputError({
        code: 'INVALID_MODEL_CONFIG',
        message: `Invalid parameters.config.version_policy: it would not keep version ${version}, the one this load brings (serving: ${existing.join(', ') || 'none'}).`,
        details: { field: 'parameters.config.version_policy' },
      });
    }
    await this.repository.load(configured, { retirePrevious: false });
    const keep = new Set(versionsToKeep(policy, servingVersions()));
    await Promise.all(
      servingVersions()
        .filter(candidate => !keep.has(candidate))
        .map(candidate => this.repository.unload(name, candidate)),
    );
  }

  private deadlineOf(parameters: Record<string, unknown> | undefined): number | undefined {
    // Triton's schedule policy: `parameters.timeout` in microseconds, which may only shorten the server's.
    const requested = parameters?.timeout;
    const requestedMs =
      typeof requested === 'number' && requested > 0 ? requested / 1000 : undefined;
    const serverMs = this.options.requestTimeoutMs;
    const limit =
      requestedMs === undefined
        ? serverMs
        : serverMs === undefined
          ? requestedMs
          : Math.min(requestedMs, serverMs);
    return limit === undefined ? undefined : performance.now() + limit;
  }

  private async infer(
    name: string,
    version: string | undefined,
    request: InferenceHttpRequest,
  ): Promise<ServerAnswer> {
    const started = performance.now();
    // Wall-clock time only feeds payload records.
    const receivedAt = this.payloadLogger === undefined ? 0 : Date.now();
    if (this.stopped) {
      throw new UnavailableDependencyError({
        code: 'SERVER_SHUTTING_DOWN',
        message: 'The server is shutting down and accepts no new inference requests.',
        details: { retryAfterSeconds: 1 },
      });
    }
    let served: ServedVersion;
    try {
      served = this.repository.route(name, version, request.headers as Record<string, string>);
    } catch (error) {
      const { outcome } = dispositionOf(error);
      // Unknown names come from clients: one shared label keeps the series count bounded.
      const model = outcome === 'not_found' ? '(unknown)' : name;
      this.metrics.requests.inc({ model, version: version ?? '', outcome });
      throw error;
    }
    served.metrics ??= this.metrics.forVersion(name, served.version);
    const metrics = served.metrics;
    metrics.inFlight.inc();
    let decoded: DecodedInferenceRequest | undefined;
    try {
      const loaded = served.loaded as NonNullable<ServedVersion['loaded']>;
      served.signature ??= { name, inputs: loaded.inputs, outputs: loaded.outputs };
      decoded = decodeInferenceRequest(
        served.signature,
        request.body,
        headerValue(request.headers, inferenceHeaderContentLength),
      );
      const deadline = this.deadlineOf(decoded.parameters);
      const batcher = served.batcher as NonNullable<ServedVersion['batcher']>;
      const pending =
        deadline === undefined && request.signal === undefined
          ? batcher.submit(decoded.inputs)
          : batcher.submit(decoded.inputs, { deadline, signal: request.signal });
      const shadow = this.repository.shadowFor(name, served);
      if (shadow) this.mirror(shadow, decoded.inputs);
      const outputs = await pending;
      const encoded = encodeInferenceResponseParts({
        modelName: name,
        modelVersion: served.version,
        id: decoded.id ?? randomUUID(),
        outputs,
        requested: decoded.outputs,
      });
      metrics.requests('success').inc();
      if (this.payloadLogger !== undefined) {
        // Only a server that logs payloads pays for the closure.
        const requested = decoded.outputs;
        this.logPayload(served, decoded, receivedAt, started, () => ({
          ...encoded.document,
          outputs: requested.map(({ name: outputName }) =>
            tensorAsJsonRecord(outputs[outputName] as TensorMap[string]),
          ),
        }));
      }
      if (encoded.binaryParts.length === 0) {
        return new TextResponse(200, { 'content-type': 'application/json' }, encoded.json);
      }
      return { status: 200, ...binaryResponseBody(encoded) };
    } catch (error) {
      const disposition = dispositionOf(error);
      metrics.requests(disposition.outcome).inc();
      if (decoded) {
        this.logPayload(served, decoded, receivedAt, started, undefined, {
          status: disposition.status,
          message: errorMessage(error),
        });
      }
      throw error;
    } finally {
      metrics.inFlight.dec();
      metrics.requestDuration.observe((performance.now() - started) / 1000);
    }
  }

  private mirror(shadow: ServedVersion, inputs: TensorMap): void {
    const labels = { model: shadow.name, version: shadow.version };
    // Another model may take other inputs: count the mismatch instead of feeding the model
    // tensors it never declared.
    if (!fitsSignature(inputs, (shadow.loaded as NonNullable<ServedVersion['loaded']>).inputs)) {
      this.metrics.shadowRequests.inc({ ...labels, outcome: 'invalid_input' });
      return;
    }
    (shadow.batcher as NonNullable<ServedVersion['batcher']>).submit(inputs).then(
      () => this.metrics.shadowRequests.inc({ ...labels, outcome: 'success' }),
      error =>
        this.metrics.shadowRequests.inc({ ...labels, outcome: dispositionOf(error).outcome }),
    );
  }

  private logPayload(
    served: ServedVersion,
    decoded: DecodedInferenceRequest,
    receivedAt: number,
    started: number,
    buildResponse: (() => NonNullable<InferencePayload['response']>) | undefined,
    error?: InferencePayload['error'],
  ): void {
    // Records are built only for sampled requests: encoding tensors as JSON is not free.
    if (!this.payloadLogger?.shouldSample()) return;
    try {
      const response = buildResponse?.();
      this.payloadLogger.record({
        model: { name: served.name, version: served.version },
        requestId: response?.id ?? decoded.id ?? randomUUID(),
        receivedAt: new Date(receivedAt).toISOString(),
        latencySeconds: (performance.now() - started) / 1000,
        request: {
          ...(decoded.id === undefined ? {} : { id: decoded.id }),
          ...(decoded.parameters === undefined ? {} : { parameters: decoded.parameters }),
          inputs: tensorsAsJsonInputs(decoded.inputs),
          outputs: decoded.outputs.map(output => ({ name: output.name })),
        },
        ...(response === undefined ? {} : { response }),
        ...(error === undefined ? {} : { error }),
      });
    } catch (failure) {
      this.onError(failure, 'building a payload record');
    }
  }
}

/** True when the tensors are exactly the inputs a signature declares, datatypes and shapes included. */
function fitsSignature(inputs: TensorMap, signatures: readonly TensorSignature[]): boolean {
  if (Object.keys(inputs).length !== signatures.length) return false;
  return signatures.every(signature => {
    const tensor = inputs[signature.name];
    if (tensor === undefined || tensor.datatype !== signature.datatype) return false;
    if (signature.shape.length === 0) return true;
    return (
      tensor.shape.length === signature.shape.length &&
      signature.shape.every(
        (dimension, index) => dimension < 0 || dimension === tensor.shape[index],
      )
    );
  });
}

/** Reads `parameters.config` of a repository load body; undefined when there is none. */
function loadConfigOf(
  name: string,
  body: Record<string, unknown>,
): ModelConfigOverride | undefined {
  const parameters = body.parameters;
  if (parameters === undefined) return undefined;
  if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw new InvalidInputError({
      code: 'INVALID_LOAD_PARAMETERS',
      message: 'The load request\'s "parameters" must be an object.',
      details: { field: 'parameters' },
    });
  }
  for (const key of Object.keys(parameters)) {
    if (key.startsWith('file:')) {
      throw new InvalidInputError({
        code: 'UNSUPPORTED_LOAD_PARAMETER',
        message: `Load parameter "${key}": model files cannot be uploaded; models come from the loaders in options.repository.`,
        details: { field: `parameters.${key}` },
      });
    }
  }
  const config = (parameters as Record<string, unknown>).config;
  return config === undefined ? undefined : parseModelConfigOverride(name, config);
}

/** The definition with its batching replaced (its concurrency kept), everything else inherited. */
function withBatching(
  definition: ModelDefinition,
  batching: ModelConfigOverride['batching'],
): ModelDefinition {
  const concurrency = definition.batching?.maxConcurrentBatches;
  // A prototype link, not a spread: definitions may be class instances with getters and methods.
  return Object.create(definition, {
    batching: {
      value:
        concurrency === undefined ? batching : { ...batching, maxConcurrentBatches: concurrency },
      enumerable: true,
    },
  }) as ModelDefinition;
}

const inferPrefix = '/v2/models/';
const inferSuffix = '/infer';
const versionsMarker = '/versions/';

/**
 * The hot route, `/v2/models/{name}[/versions/{version}]/infer` with plain segments, read
 * without splitting the path into arrays. Anything unusual (query string, percent-encoding,
 * doubled slashes) returns undefined and takes the general router, which gives the same answer.
 */
function parseInferPath(path: string): { name: string; version: string | undefined } | undefined {
  if (!path.startsWith(inferPrefix) || !path.endsWith(inferSuffix)) return undefined;
  const middle = path.slice(inferPrefix.length, path.length - inferSuffix.length);
  if (middle === '' || middle.includes('%') || middle.includes('?')) return undefined;
  const slash = middle.indexOf('/');
  if (slash < 0) return { name: middle, version: undefined };
  const name = middle.slice(0, slash);
  if (name === '' || !middle.startsWith(versionsMarker, slash)) return undefined;
  const version = middle.slice(slash + versionsMarker.length);
  if (version === '' || version.includes('/')) return undefined;
  return { name, version };
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch (cause) {
    throw new InvalidInputError({
      code: 'MALFORMED_PATH',
      message: `The path segment "${segment}" is not valid percent-encoding.`,
      details: { field: 'path' },
      cause,
    });
  }
}

function unknownRoute(method: string, path: string): NotFoundError {
  return new NotFoundError({
    code: 'ROUTE_NOT_FOUND',
    message: `No Open Inference Protocol route for ${method} ${path}.`,
    details: { method, path },
  });
}

/**
 * Creates an {@link InferenceServer} and starts loading its models.
 *
 * @example
 * ```ts
 * const server = createInferenceServer({
 *   models: [onnxModel({ name: 'iris', path: './iris.onnx', batching: { maxBatchSize: 32 } })],
 *   requestTimeoutMs: 1000,
 * });
 * ```
 */
export function createInferenceServer(options: InferenceServerOptions = {}): InferenceServer {
  return new InferenceServer(options);
}
