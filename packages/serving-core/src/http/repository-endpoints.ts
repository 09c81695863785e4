import { timingSafeEqual } from 'node:crypto';
import { BallastError, InvalidInputError, NotFoundError } from '@ballast/contracts';
import { excerpt } from '../codec/excerpt';
import { parseJsonBody } from '../codec/inference-codec';
import type { ModelDefinition } from '../models/model';
import {
  type ModelConfigOverride,
  parseModelConfigOverride,
  versionsToKeep,
} from '../models/model-config-override';
import type { ModelRepository } from '../models/model-repository';
import { forbiddenCode, unauthenticatedCode } from './errors';
import { headerValue, json, methodNotAllowed, unknownRoute } from './responses';
import type { InferenceHttpRequest, InferenceServerOptions } from './server-types';
import type { ServerAnswer } from './text-response';

type Loader = () => ModelDefinition | Promise<ModelDefinition>;

/**
 * The model repository extension: `POST /v2/repository/index`, and `.../models/{name}/load` and
 * `.../unload`, which answer 403 unless `options.repositoryApi` turns them on and then admit
 * only callers it authorises. Loaders live in a Map: a model called `constructor` or
 * `__proto__` is a plain name, never an inherited property.
 */
export class RepositoryEndpoints {
  private readonly loaders: Map<string, Loader>;
  /** Definitions made from a load's `parameters.config`, mapped to the definition they override. */
  private readonly configuredFrom = new WeakMap<ModelDefinition, ModelDefinition>();

  constructor(
    private readonly repository: ModelRepository,
    private readonly options: Pick<InferenceServerOptions, 'repository' | 'repositoryApi'>,
  ) {
    this.loaders = new Map(Object.entries(options.repository ?? {}));
    const api = options.repositoryApi;
    if (api !== undefined && !('authorize' in api) && !(api.bearerToken?.length > 0)) {
      throw new InvalidInputError({
        code: 'INVALID_REPOSITORY_API',
        message:
          'options.repositoryApi needs an authorisation: { bearerToken: "<non-empty>" } or { authorize(request) }.',
        details: { field: 'repositoryApi' },
      });
    }
  }

  /** Answers a request under `/v2/repository/`; `segments` follow "repository". */
  async respond(
    method: string,
    path: string,
    segments: string[],
    request: InferenceHttpRequest,
  ): Promise<ServerAnswer> {
    if (method !== 'POST') throw methodNotAllowed(method, path, 'POST');
    if (segments.length === 1 && segments[0] === 'index') {
      const readyOnly = parseOptionalJson(request.body).ready === true;
      return json(200, this.index(readyOnly));
    }
    const [models, name, action] = segments;
    if (
      models !== 'models' ||
      name === undefined ||
      segments.length !== 3 ||
      (action !== 'load' && action !== 'unload')
    ) {
      throw unknownRoute(method, path);
    }
    await this.authorize(request);
    const body = parseOptionalJson(request.body);
    if (action === 'load') await this.load(name, loadConfigOf(name, body));
    else await this.repository.unload(name);
    return json(200, {});
  }

  private index(readyOnly: boolean): Array<Record<string, string>> {
    const served = this.repository.list().map(entry => ({
      name: entry.name,
      version: entry.version,
      state: entry.state,
      ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    }));
    const known = new Set(served.map(entry => entry.name));
    const unloaded = [...this.loaders.keys()]
      .filter(name => !known.has(name))
      .map(name => ({ name, version: '', state: 'UNAVAILABLE', reason: 'unloaded' }));
    const index = [...served, ...unloaded];
    return readyOnly ? index.filter(entry => entry.state === 'READY') : index;
  }

  private async authorize(request: InferenceHttpRequest): Promise<void> {
    const api = this.options.repositoryApi;
    if (api === undefined) {
      throw new BallastError({
        code: forbiddenCode,
        message:
          'The repository load/unload API is turned off; enable it with options.repositoryApi and an authorisation.',
      });
    }
    if ('authorize' in api) {
      if (!(await api.authorize(request))) {
        throw new BallastError({
          code: forbiddenCode,
          message: 'This caller may not load or unload models.',
        });
      }
      return;
    }
    const header = headerValue(request.headers, 'authorization') ?? '';
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (match === null || !sameSecret(match[1] as string, api.bearerToken)) {
      throw new BallastError({
        code: unauthenticatedCode,
        message:
          'Loading or unloading models needs a valid "Authorization: Bearer <token>" header.',
      });
    }
  }

  /**
   * Triton's load: the registered loader's definition, else the definition the model was
   * started with (a reload), with `parameters.config` applied when given. A config does not
   * stick: the next load without one goes back to the definition's own settings, as Triton
   * goes back to the repository's config.pbtxt.
   */
  private async load(name: string, override: ModelConfigOverride | undefined): Promise<void> {
    const loader = this.loaders.get(name);
    let definition: ModelDefinition;
    if (loader) definition = await loader();
    else if (this.repository.has(name)) {
      const current = this.repository.current(name).definition;
      definition = this.configuredFrom.get(current) ?? current;
    } else {
      throw new NotFoundError({
        code: 'MODEL_NOT_IN_REPOSITORY',
        message: `No model "${excerpt(name)}" in the repository; register a loader under options.repository.`,
        details: { model: name },
      });
    }
    if (definition.name !== name) {
      throw new InvalidInputError({
        code: 'LOADER_NAME_MISMATCH',
        message: `The loader registered as "${excerpt(name)}" returned a model named "${excerpt(String(definition.name))}".`,
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
    const existing = this.repository.has(name) ? servingVersions() : [];
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
}

/** Compares secrets in time independent of where they differ. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

function parseOptionalJson(body: Buffer): Record<string, unknown> {
  if (body.byteLength === 0) return {};
  const parsed = parseJsonBody(body);
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
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
        message: `Load parameter "${key.slice(0, 64)}": model files cannot be uploaded; models come from the loaders in options.repository.`,
        details: { field: 'parameters' },
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
