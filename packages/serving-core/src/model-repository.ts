import {
  BallastError,
  InvalidInputError,
  NotFoundError,
  UnavailableDependencyError,
} from '@ballast/contracts';
import { allocateValues, elementCount, type TensorMap } from './datatypes';
import { DynamicBatcher } from './dynamic-batcher';
import type { LoadedModel, ModelDefinition } from './model';
import type { ModelSignature } from './inference-codec';
import type { ServerMetrics, VersionMetrics } from './server-metrics';

/**
 * Lifecycle state of one model version, as the repository index reports it.
 *
 * @example
 * ```ts
 * const state: ModelVersionState = 'READY';
 * ```
 */
export type ModelVersionState = 'LOADING' | 'READY' | 'DRAINING' | 'UNAVAILABLE';

/** One version of a model: its definition, runtime and queue. */
export interface ServedVersion {
  readonly name: string;
  readonly version: string;
  readonly definition: ModelDefinition;
  state: ModelVersionState;
  reason?: string;
  loaded?: LoadedModel;
  batcher?: DynamicBatcher;
  /** Its bound metric children, cached here so requests skip the label lookup. */
  metrics?: VersionMetrics;
  /** Name and signature of the loaded model, built once for request decoding. */
  signature?: ModelSignature;
}

/**
 * Where and how often a model's requests are mirrored. Give `version` for another version of
 * the same model, `model` (and optionally `version`, default: that model's current version)
 * for another model, such as a candidate under a new name.
 *
 * @example
 * ```ts
 * const shadow: ShadowPolicy = { model: 'iris-v2-candidate', percent: 10 };
 * ```
 */
export interface ShadowPolicy {
  /** Model to mirror to; default: the same model (then `version` is required). */
  model?: string;
  /** Version to mirror to; default: the target model's current version. */
  version?: string;
  /** Share of requests mirrored, 0 to 100. */
  percent: number;
}

/**
 * How requests without an explicit version are spread over a model's versions.
 *
 * @example
 * ```ts
 * server.setTraffic('fraud', { weights: { '3': 90, '4': 10 }, stickyHeader: 'x-user-id', shadow: { version: '5', percent: 20 } });
 * server.setTraffic('iris', { shadow: { model: 'iris-v2-candidate', percent: 100 } });
 * ```
 */
export interface TrafficPolicy {
  /** Relative weight per version (canary); default: everything to the current version. */
  weights?: Record<string, number>;
  /**
   * Mirror a share of requests to another version or another model; its responses are
   * discarded and its failures only counted (`ballast_shadow_requests_total`).
   */
  shadow?: ShadowPolicy;
  /** Header whose value is hashed to pick the version, so one client stays on one version. */
  stickyHeader?: string;
}

/**
 * Options of {@link ModelRepository.load}.
 *
 * @example
 * ```ts
 * await server.loadModel(candidate, { makeDefault: false }); // canary: load beside the current version
 * ```
 */
export interface LoadOptions {
  /** Route unversioned requests to this version once ready (default true). */
  makeDefault?: boolean;
  /** Drain and unload the version it replaces as default (default true). */
  retirePrevious?: boolean;
}

interface ModelEntry {
  readonly name: string;
  readonly versions: Map<string, ServedVersion>;
  defaultVersion: string | undefined;
  traffic: TrafficPolicy;
  /** Lifecycle operations on one model run one after another. */
  operations: Promise<unknown>;
}

/** FNV-1a, mapped to [0, 1): a stable position for sticky routing. */
function stableFraction(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}

function warmupInputs(loaded: LoadedModel): TensorMap {
  const inputs: TensorMap = {};
  for (const signature of loaded.inputs) {
    const shape = signature.shape.map(dimension => (dimension < 0 ? 1 : dimension));
    inputs[signature.name] = {
      name: signature.name,
      datatype: signature.datatype,
      shape,
      data: allocateValues(signature.datatype, elementCount(shape)),
    };
  }
  return inputs;
}

/**
 * Every model the server knows, with its versions, default version and traffic policy. Loads,
 * warms up, swaps (load, warm, switch, drain, unload) and unloads, one operation per model at a time.
 *
 * @example
 * ```ts
 * const repository = new ModelRepository(metrics);
 * await repository.load(onnxModel({ name: 'iris', version: '2', path }));
 * ```
 */
export class ModelRepository {
  private readonly entries = new Map<string, ModelEntry>();

  constructor(private readonly metrics: ServerMetrics) {}

  /** Names of all known models. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Every version of every model, for the repository index. */
  list(): ServedVersion[] {
    return [...this.entries.values()].flatMap(entry => [...entry.versions.values()]);
  }

  /** True when the model has a ready default version. */
  isReady(name: string): boolean {
    const entry = this.entries.get(name);
    const current =
      entry?.defaultVersion === undefined ? undefined : entry.versions.get(entry.defaultVersion);
    return current?.state === 'READY';
  }

  /** The version that serves unversioned metadata requests. */
  current(name: string): ServedVersion {
    return currentOf(this.entry(name));
  }

  /** Sets the canary, shadow and sticky routing of a model. */
  setTraffic(name: string, traffic: TrafficPolicy): void {
    const entry = this.entry(name);
    for (const [version, weight] of Object.entries(traffic.weights ?? {})) {
      if (!(weight >= 0)) {
        throw new InvalidInputError({
          code: 'INVALID_TRAFFIC_WEIGHT',
          message: `Traffic weight of ${name} version ${version} is ${weight}; weights must be >= 0.`,
          details: { field: `weights.${version}` },
        });
      }
    }
    const shadow = traffic.shadow;
    if (shadow && (shadow.model ?? name) === name && shadow.version === undefined) {
      throw new InvalidInputError({
        code: 'INVALID_SHADOW_TARGET',
        message: `The shadow of ${name} needs a version (another version of ${name}) or a model to mirror to.`,
        details: { field: 'shadow' },
      });
    }
    const percent = shadow?.percent;
    if (shadow && !(percent !== undefined && percent >= 0 && percent <= 100)) {
      throw new InvalidInputError({
        code: 'INVALID_SHADOW_PERCENT',
        message: `Shadow percent of ${name} is ${percent}; it must be between 0 and 100.`,
        details: { field: 'shadow.percent' },
      });
    }
    entry.traffic = traffic;
  }

  /**
   * Picks the version for a request: the one named in the path, else by canary weights (sticky
   * when the policy names a header the request carries), else the default version.
   */
  route(
    name: string,
    version: string | undefined,
    headers: Record<string, string | undefined>,
  ): ServedVersion {
    const entry = this.entry(name);
    if (version !== undefined) {
      const served = entry.versions.get(version);
      if (!served) {
        throw new NotFoundError({
          code: 'MODEL_VERSION_NOT_FOUND',
          message: `Model "${name}" has no version "${version}"; known versions: ${[...entry.versions.keys()].join(', ') || 'none'}.`,
          details: { model: name, version },
        });
      }
      if (served.state !== 'READY') throw notReady(name, version);
      return served;
    }
    // Most models have no canary weights: skip building the candidate list for them.
    if (entry.traffic.weights === undefined) return currentOf(entry);
    const weighted = Object.entries(entry.traffic.weights).filter(
      ([candidate, weight]) => weight > 0 && entry.versions.get(candidate)?.state === 'READY',
    );
    if (weighted.length > 0) {
      const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
      const stickyValue = entry.traffic.stickyHeader
        ? headers[entry.traffic.stickyHeader.toLowerCase()]
        : undefined;
      let position =
        (stickyValue === undefined ? Math.random() : stableFraction(stickyValue)) * total;
      for (const [candidate, weight] of weighted) {
        position -= weight;
        if (position < 0) return entry.versions.get(candidate) as ServedVersion;
      }
      return entry.versions.get(
        (weighted[weighted.length - 1] as [string, number])[0],
      ) as ServedVersion;
    }
    return currentOf(entry);
  }

  /**
   * The version a request should be mirrored to, if the shadow policy picks this request: a
   * version of the same model (never the one that served it) or of another model (its named
   * version, else its current one). A target that is not ready is skipped.
   */
  shadowFor(name: string, served: ServedVersion): ServedVersion | undefined {
    const shadow = this.entries.get(name)?.traffic.shadow;
    if (!shadow) return undefined;
    const targetName = shadow.model ?? name;
    if (targetName === name && shadow.version === served.version) return undefined;
    if (Math.random() * 100 >= shadow.percent) return undefined;
    const target = this.entries.get(targetName);
    if (!target) return undefined;
    const version = shadow.version ?? target.defaultVersion;
    const chosen = version === undefined ? undefined : target.versions.get(version);
    return chosen?.state === 'READY' ? chosen : undefined;
  }

  /**
   * Loads, warms up and (by default) switches to a model version, then drains and unloads the
   * version it replaces. Requests keep flowing to the old version until the new one is ready;
   * a failed load leaves the old version serving.
   */
  load(definition: ModelDefinition, options: LoadOptions = {}): Promise<ServedVersion> {
    let entry = this.entries.get(definition.name);
    if (!entry) {
      entry = {
        name: definition.name,
        versions: new Map(),
        defaultVersion: undefined,
        traffic: {},
        operations: Promise.resolve(),
      };
      this.entries.set(definition.name, entry);
    }
    const target = entry;
    const operation = target.operations.then(() => this.loadNow(target, definition, options));
    target.operations = operation.catch(() => undefined);
    return operation;
  }

  /** Drains and unloads one version, or every version of the model. */
  unload(name: string, version?: string): Promise<void> {
    const entry = this.entry(name);
    const operation = entry.operations.then(async () => {
      const targets =
        version === undefined ? [...entry.versions.values()] : [entry.versions.get(version)];
      if (version !== undefined && !targets[0]) {
        throw new NotFoundError({
          code: 'MODEL_VERSION_NOT_FOUND',
          message: `Model "${name}" has no version "${version}" to unload.`,
          details: { model: name, version },
        });
      }
      if (version === undefined || entry.defaultVersion === version)
        entry.defaultVersion = undefined;
      await Promise.all(targets.map(served => this.retire(entry, served as ServedVersion)));
    });
    entry.operations = operation.catch(() => undefined);
    return operation;
  }

  /** Waits for every queue to empty and every running call to finish. */
  async drainAll(): Promise<void> {
    await Promise.all(this.list().map(served => served.batcher?.drain()));
  }

  /** Unloads every version of every model. */
  async unloadAll(): Promise<void> {
    await Promise.all(this.names().map(name => this.unload(name)));
  }

  private entry(name: string): ModelEntry {
    const entry = this.entries.get(name);
    if (!entry) {
      throw new NotFoundError({
        code: 'MODEL_NOT_FOUND',
        message: `Unknown model "${name}"; served models: ${this.names().join(', ') || 'none'}.`,
        details: { model: name },
      });
    }
    return entry;
  }

  private async loadNow(
    entry: ModelEntry,
    definition: ModelDefinition,
    options: LoadOptions,
  ): Promise<ServedVersion> {
    const version = definition.version ?? '1';
    const replaced = entry.versions.get(version);
    const served: ServedVersion = { name: entry.name, version, definition, state: 'LOADING' };
    if (!replaced) entry.versions.set(version, served);
    const labels = { model: entry.name, version };
    const bound = this.metrics.forVersion(entry.name, version);
    try {
      const loaded = await definition.load();
      served.loaded = loaded;
      if (definition.warmup !== false) await loaded.predict(warmupInputs(loaded));
      served.batcher = new DynamicBatcher(
        { maxConcurrentBatches: loaded.concurrency, ...definition.batching },
        inputs => loaded.predict(inputs),
        {
          onBatch: (rows, seconds) => {
            bound.batchSize.observe(rows);
            bound.computeDuration.observe(seconds);
          },
          onDequeue: seconds => bound.queueDuration.observe(seconds),
        },
        `model "${entry.name}" version ${version}`,
      );
    } catch (cause) {
      await served.loaded?.unload().catch(() => undefined);
      served.loaded = undefined;
      if (!replaced) {
        this.metrics.modelReady.set(labels, 0);
        served.state = 'UNAVAILABLE';
        served.reason = cause instanceof Error ? cause.message : String(cause);
      }
      if (BallastError.isInstance(cause) && cause.code === 'MODEL_LOAD_FAILED') throw cause;
      throw new BallastError({
        code: 'MODEL_LOAD_FAILED',
        message: `Model "${entry.name}" version ${version} failed to load or warm up: ${served.reason ?? (cause as Error).message}`,
        details: { model: entry.name, version },
        cause,
      });
    }
    served.state = 'READY';
    entry.versions.set(version, served);
    this.metrics.modelReady.set(labels, 1);
    const previous =
      entry.defaultVersion === undefined ? undefined : entry.versions.get(entry.defaultVersion);
    if (options.makeDefault !== false || entry.defaultVersion === undefined)
      entry.defaultVersion = version;
    const retiring = new Set<ServedVersion>();
    if (replaced && replaced !== served) retiring.add(replaced);
    if (
      options.makeDefault !== false &&
      options.retirePrevious !== false &&
      previous &&
      previous !== served &&
      previous.version !== version
    ) {
      retiring.add(previous);
    }
    await Promise.all([...retiring].map(old => this.retire(entry, old)));
    return served;
  }

  /** Stops routing to a version, lets its queue finish, then unloads it. */
  private async retire(entry: ModelEntry, served: ServedVersion): Promise<void> {
    if (entry.versions.get(served.version) === served) entry.versions.delete(served.version);
    if (served.state === 'READY') {
      // Still READY for a replaced same-version slot; keep its gauge if the new one took its label.
      if (!entry.versions.has(served.version))
        this.metrics.modelReady.set({ model: entry.name, version: served.version }, 0);
    }
    served.state = 'DRAINING';
    await served.batcher?.drain();
    served.state = 'UNAVAILABLE';
    await served.loaded?.unload();
  }
}

function currentOf(entry: ModelEntry): ServedVersion {
  const current =
    entry.defaultVersion === undefined ? undefined : entry.versions.get(entry.defaultVersion);
  if (current?.state !== 'READY') throw notReady(entry.name, entry.defaultVersion);
  return current;
}

function notReady(name: string, version: string | undefined): UnavailableDependencyError {
  return new UnavailableDependencyError({
    code: 'MODEL_NOT_READY',
    message: `Model "${name}"${version === undefined ? '' : ` version ${version}`} is not ready; retry shortly.`,
    details: { model: name, version, retryAfterSeconds: 1 },
  });
}
