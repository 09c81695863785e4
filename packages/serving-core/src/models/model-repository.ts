import { BallastError, NotFoundError } from '@ballast/contracts';
import { excerpt } from '../codec/excerpt';
import { allocateValues, elementCount, type TensorMap } from '../codec/datatypes';
import { DynamicBatcher } from '../batching/dynamic-batcher';
import type { LoadedModel, ModelDefinition } from './model';
import type { ModelSignature } from '../codec/inference-codec';
import type { ServerMetrics, VersionMetrics } from '../metrics/server-metrics';
import { type TrafficPolicy, validateTrafficPolicy } from '../routing/traffic-policy';
import { currentVersion, pickShadow, pickVersion } from '../routing/version-router';

/**
 * Lifecycle state of one model version, as the repository index reports it.
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
 * Options of {@link ModelRepository.load}.
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
    return currentVersion(this.entry(name));
  }

  /** Sets the canary, shadow and sticky routing of a model. */
  setTraffic(name: string, traffic: TrafficPolicy): void {
    const entry = this.entry(name);
    validateTrafficPolicy(name, traffic);
    entry.traffic = traffic;
  }

  /** Picks the version for a request (see `pickVersion`). */
  route(
    name: string,
    version: string | undefined,
    headers: Record<string, string | undefined>,
  ): ServedVersion {
    return pickVersion(this.entry(name), version, headers);
  }

  /** The version a request should be mirrored to, if the shadow policy picks this request. */
  shadowFor(name: string, served: ServedVersion): ServedVersion | undefined {
    const entry = this.entries.get(name);
    return entry === undefined
      ? undefined
      : pickShadow(entry, served, target => this.entries.get(target));
  }

  /** True when a model of this name is known (loaded, loading or failed). */
  has(name: string): boolean {
    return this.entries.has(name);
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
        message: `Unknown model "${excerpt(name)}"; served models: ${this.names().join(', ') || 'none'}.`,
        details: { model: excerpt(name) },
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
