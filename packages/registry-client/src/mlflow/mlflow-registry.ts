import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import {
  approvalStatusSchema,
  InvalidInputError,
  type ModelVersion,
  NotFoundError,
} from '@ballast/contracts';
import { sha256File } from '@ballast/kit';
import { checkCreateModelVersionOptions } from '../validation/create-model-version-options';
import { BALLAST_TAGS, rejectReservedTagKey } from '../ballast-tags';
import { invalidParameter, parseParameters } from '../errors/registry-errors';
import { downloadVerified, listArtifactFiles } from '../file-store/artifact-files';
import type {
  CreateModelVersionOptions,
  RegisteredModel,
  Registry,
  SearchOptions,
  SearchPage,
} from '../registry';
import { parseOrderBy } from '../search/order-by';
import { PagedSearch } from '../search/paged-search';
import { resolvePageSize } from '../search/page-window';
import { parseSearchFilter, type SearchEntity } from '../search/search-filter';
import {
  parseVersionNumber,
  validateAlias,
  validateModelName,
  validateRelativePath,
  validateTag,
  validateTags,
} from '../validation/registry-rules';
import {
  ballastTagsFor,
  fromWireModelVersion,
  fromWireRegisteredModel,
  toWireTags,
  type WireModelVersion,
  type WireRegisteredModel,
} from './mlflow-wire';
import {
  MlflowTransport,
  type MlflowTransportOptions,
  type TransportRequest,
} from './mlflow-transport';

/**
 * Options of {@link createMlflowRegistry}.
 */
export interface MlflowRegistryOptions extends MlflowTransportOptions {
  /**
   * Include MLflow 3 prompts in searches. Off by default: like MLflow 3's Python client,
   * every search adds ``tags.`mlflow.prompt.is_prompt` != 'true'``.
   */
  includePrompts?: boolean;
}

const API = '/api/2.0/mlflow';
const ARTIFACTS_API = '/api/2.0/mlflow-artifacts/artifacts';
const ARTIFACT_SCHEME = 'mlflow-artifacts:';
const unsetAliasMessage = /Registered model alias .+ not found/i;
const PROMPT_EXCLUSION = "tags.`mlflow.prompt.is_prompt` != 'true'";

/** The proxy path of an `mlflow-artifacts:/path` or `mlflow-artifacts://host/path` URI. */
function proxyPathOf(uri: string): string {
  if (!uri.startsWith(ARTIFACT_SCHEME)) {
    throw invalidParameter(
      'artifacts.uri',
      `The MLflow client downloads through the mlflow-artifacts proxy only; ${uri} is not an mlflow-artifacts: URI.`,
      { uri },
    );
  }
  const path = uri
    .slice(ARTIFACT_SCHEME.length)
    .replace(/^\/\/[^/]*/, '')
    .replace(/^\/+/, '');
  return validateRelativePath(path, 'artifacts.uri');
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * Creates a {@link Registry} backed by an MLflow tracking server's REST 2.0 API, with exact
 * wire semantics (GET query parameters with repeated keys, JSON bodies otherwise, snake_case,
 * versions as strings). Artifacts go through the `mlflow-artifacts` proxy with a sha256
 * manifest kept in `ballast.artifacts.*` tags, checked on download; approval and datasets are
 * `ballast.approval` / `ballast.datasets` tags. `error_code`s map to typed errors; idempotent
 * calls retry with backoff and jitter; the token never appears in errors or logs.
 *
 * @example
 * ```ts
 * const registry = createMlflowRegistry({
 *   trackingUri: 'https://mlflow.internal',
 *   token: process.env.MLFLOW_TRACKING_TOKEN,
 * });
 * const champion = await registry.getModelVersionByAlias('fraud', 'champion');
 * ```
 */
export function createMlflowRegistry(options: MlflowRegistryOptions): Registry {
  const transport = new MlflowTransport(options);

  const call = <Body>(
    method: TransportRequest['method'],
    endpoint: string,
    fields: Record<string, unknown>,
    idempotent = method === 'GET',
  ) => transport.json<Body>({ method, path: `${API}/${endpoint}`, fields, idempotent });

  const artifactUri = (source: string, path: string) => `${source.replace(/\/+$/, '')}/${path}`;
  const toVersion = (wire: WireModelVersion) => fromWireModelVersion(wire, artifactUri);

  function search<Wire, Item>(
    entity: SearchEntity,
    endpoint: string,
    listKey: string,
    convert: (wire: Wire) => Item,
    searchOptions: SearchOptions,
  ): PagedSearch<Item> {
    const userFilter = searchOptions.filter?.trim();
    const filter = options.includePrompts
      ? userFilter
      : userFilter
        ? `${userFilter} AND ${PROMPT_EXCLUSION}`
        : PROMPT_EXCLUSION;
    return new PagedSearch<Item>(async pageToken => {
      // Validate locally so mistakes are reported with their position before any request.
      parseSearchFilter(searchOptions.filter, entity);
      parseOrderBy(searchOptions.orderBy, entity);
      const maxResults = resolvePageSize(searchOptions.maxResults, entity);
      const body = await call<Record<string, unknown>>('GET', endpoint, {
        ...(filter ? { filter } : {}),
        max_results: maxResults,
        ...(searchOptions.orderBy?.length ? { order_by: searchOptions.orderBy } : {}),
        ...(pageToken ? { page_token: pageToken } : {}),
      });
      const items = ((body[listKey] as Wire[] | undefined) ?? []).map(convert);
      const next = body.next_page_token;
      const page: SearchPage<Item> =
        typeof next === 'string' && next !== '' ? { items, nextPageToken: next } : { items };
      return page;
    }, searchOptions.pageToken);
  }

  async function uploadArtifacts(name: string, artifactPath: string) {
    const files = await listArtifactFiles(artifactPath);
    const prefix = `ballast/models/${name}/${randomUUID()}`;
    const manifest: { path: string; sha256: string; size: number }[] = [];
    for (const file of files) {
      const digest = await sha256File(file.absolutePath);
      await transport.send({
        method: 'PUT',
        path: `${ARTIFACTS_API}/${encodePath(`${prefix}/${file.path}`)}`,
        rawBody: () =>
          Readable.toWeb(createReadStream(file.absolutePath)) as unknown as NonNullable<
            RequestInit['body']
          >,
        idempotent: true,
      });
      manifest.push({ path: file.path, ...digest });
    }
    return { source: `${ARTIFACT_SCHEME}/${prefix}`, manifest };
  }

  const registry: Registry = {
    async createRegisteredModel(createOptions) {
      const name = validateModelName(createOptions.name);
      const tags = validateTags(createOptions.tags);
      const body = await call<{ registered_model: WireRegisteredModel }>(
        'POST',
        'registered-models/create',
        {
          name,
          ...(Object.keys(tags).length > 0 ? { tags: toWireTags(tags) } : {}),
          ...(createOptions.description ? { description: createOptions.description } : {}),
        },
      );
      return fromWireRegisteredModel(body.registered_model);
    },

    async getRegisteredModel(name) {
      const body = await call<{ registered_model: WireRegisteredModel }>(
        'GET',
        'registered-models/get',
        {
          name: validateModelName(name),
        },
      );
      return fromWireRegisteredModel(body.registered_model);
    },

    async updateRegisteredModel(name, update) {
      const body = await call<{ registered_model: WireRegisteredModel }>(
        'PATCH',
        'registered-models/update',
        {
          name: validateModelName(name),
          ...(update.description !== undefined ? { description: update.description } : {}),
        },
        true,
      );
      return fromWireRegisteredModel(body.registered_model);
    },

    async renameRegisteredModel(name, newName) {
      const body = await call<{ registered_model: WireRegisteredModel }>(
        'POST',
        'registered-models/rename',
        {
          name: validateModelName(name),
          new_name: validateModelName(newName, 'new_name'),
        },
      );
      return fromWireRegisteredModel(body.registered_model);
    },

    async deleteRegisteredModel(name) {
      await call('DELETE', 'registered-models/delete', { name: validateModelName(name) });
    },

    searchRegisteredModels(searchOptions = {}) {
      return search<WireRegisteredModel, RegisteredModel>(
        'registered_model',
        'registered-models/search',
        'registered_models',
        fromWireRegisteredModel,
        searchOptions,
      );
    },

    async createModelVersion(createOptions: CreateModelVersionOptions) {
      const checked = checkCreateModelVersionOptions(createOptions);
      const { name, tags } = checked;
      let source = createOptions.source;
      let manifest = (checked.artifacts ?? []).map(({ path, sha256, size }) => ({
        path,
        sha256,
        size,
      }));
      if (createOptions.artifactPath !== undefined) {
        // Fail before uploading when the model does not exist.
        await registry.getRegisteredModel(name);
        const uploaded = await uploadArtifacts(name, createOptions.artifactPath);
        source = createOptions.source ?? uploaded.source;
        manifest = uploaded.manifest;
      }
      if (!source) {
        throw invalidParameter(
          'source',
          'source is required when artifacts are given instead of artifactPath.',
        );
      }
      const allTags = {
        ...tags,
        ...ballastTagsFor({
          approval: checked.approval,
          ...(checked.datasets ? { datasets: checked.datasets } : {}),
          artifacts: manifest,
        }),
      };
      const body = await call<{ model_version: WireModelVersion }>(
        'POST',
        'model-versions/create',
        {
          name,
          source,
          ...(createOptions.runId ? { run_id: createOptions.runId } : {}),
          tags: toWireTags(allTags),
          ...(createOptions.description ? { description: createOptions.description } : {}),
        },
      );
      return toVersion(body.model_version);
    },

    async getModelVersion(name, version) {
      const body = await call<{ model_version: WireModelVersion }>('GET', 'model-versions/get', {
        name: validateModelName(name),
        version: String(parseVersionNumber(version)),
      });
      return toVersion(body.model_version);
    },

    async updateModelVersion(name, version, update) {
      validateModelName(name);
      parseVersionNumber(version);
      if (update.description !== undefined) {
        await call(
          'PATCH',
          'model-versions/update',
          { name, version, description: update.description },
          true,
        );
      }
      if (update.approval !== undefined) {
        const approval = parseParameters(approvalStatusSchema, update.approval, 'approval');
        await call(
          'POST',
          'model-versions/set-tag',
          { name, version, key: BALLAST_TAGS.approval, value: approval },
          true,
        );
      }
      return registry.getModelVersion(name, version);
    },

    async deleteModelVersion(name, version) {
      await call('DELETE', 'model-versions/delete', {
        name: validateModelName(name),
        version: String(parseVersionNumber(version)),
      });
    },

    searchModelVersions(searchOptions = {}) {
      return search<WireModelVersion, ModelVersion>(
        'model_version',
        'model-versions/search',
        'model_versions',
        toVersion,
        searchOptions,
      );
    },

    async setRegisteredModelTag(name, key, value) {
      validateTag(key, value);
      await call(
        'POST',
        'registered-models/set-tag',
        { name: validateModelName(name), key, value },
        true,
      );
    },

    async deleteRegisteredModelTag(name, key) {
      validateTag(key, '');
      await call('DELETE', 'registered-models/delete-tag', { name: validateModelName(name), key });
    },

    async setModelVersionTag(name, version, key, value) {
      validateTag(key, value);
      rejectReservedTagKey(key);
      await call(
        'POST',
        'model-versions/set-tag',
        { name: validateModelName(name), version: String(parseVersionNumber(version)), key, value },
        true,
      );
    },

    async deleteModelVersionTag(name, version, key) {
      validateTag(key, '');
      await call('DELETE', 'model-versions/delete-tag', {
        name: validateModelName(name),
        version: String(parseVersionNumber(version)),
        key,
      });
    },

    async setAlias(name, alias, version) {
      await call(
        'POST',
        'registered-models/alias',
        {
          name: validateModelName(name),
          alias: validateAlias(alias),
          version: String(parseVersionNumber(version)),
        },
        true,
      );
    },

    async deleteAlias(name, alias) {
      await call('DELETE', 'registered-models/alias', {
        name: validateModelName(name),
        alias: validateAlias(alias),
      });
    },

    async getModelVersionByAlias(name, alias) {
      const body = await call<{ model_version: WireModelVersion }>(
        'GET',
        'registered-models/alias',
        {
          name: validateModelName(name),
          alias: validateAlias(alias),
        },
      ).catch((error: unknown) => {
        // MLflow reports an unset alias as INVALID_PARAMETER_VALUE; it is a missing resource.
        if (InvalidInputError.isInstance(error) && unsetAliasMessage.test(error.message)) {
          throw new NotFoundError({
            message: `Registered model alias ${alias} not found for model ${name}.`,
            code: 'RESOURCE_DOES_NOT_EXIST',
            details: { name, alias },
            cause: error,
          });
        }
        throw error;
      });
      return toVersion(body.model_version);
    },

    async downloadArtifacts(version, directory) {
      const artifacts = await downloadVerified(version.artifacts, directory, async artifact => {
        // A body that stalls between chunks fails with TimeoutError (REQUEST_TIMEOUT).
        return transport.stream({
          method: 'GET',
          path: `${ARTIFACTS_API}/${encodePath(proxyPathOf(artifact.uri))}`,
          idempotent: true,
        });
      });
      return { directory, artifacts };
    },
  };
  return registry;
}
