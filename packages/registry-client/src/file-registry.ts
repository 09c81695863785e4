import { createReadStream } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type ArtifactRef,
  approvalStatusSchema,
  type ModelVersion,
  NotFoundError,
  SPEC_VERSION,
} from '@ballast/contracts';
import { withFileLock } from '@ballast/kit';
import { BALLAST_TAGS, rejectReservedTagKey } from './ballast-tags';
import {
  invalidParameter,
  parseParameters,
  resourceAlreadyExists,
  resourceDoesNotExist,
} from './errors/registry-errors';
import { downloadVerified, listArtifactFiles } from './file-store/artifact-files';
import { BlobStore } from './file-store/blob-store';
import type { FaultHooks } from './file-store/fault-points';
import {
  Journal,
  type JournalOperation,
  type JournalState,
  type StoredArtifact,
  type StoredModel,
  type StoredVersion,
} from './file-store/journal';
import type {
  CreateRegisteredModelOptions,
  DownloadedArtifacts,
  RegisteredModel,
  Registry,
  SearchOptions,
  UpdateModelVersionOptions,
} from './registry';
import { compareBy, parseOrderBy } from './search/order-by';
import { PagedSearch } from './search/paged-search';
import { pageOf, resolvePageSize } from './search/page-window';
import { type FilterSubject, matchesFilter, parseSearchFilter } from './search/search-filter';
import { checkCreateModelVersionOptions } from './validation/create-model-version-options';
import {
  parseVersionNumber,
  validateAlias,
  validateModelName,
  validateTag,
  validateTags,
} from './validation/registry-rules';

/** Options of the registry's cross-process lock. */
export interface RegistryLockOptions {
  /** Give up acquiring after this long (default 30 s) with a `TimeoutError` (`LOCK_TIMEOUT`). */
  acquireTimeoutMs?: number;
}

/** Options of {@link createFileRegistry}. */
export interface FileRegistryOptions {
  /** Directory of the store; created on first write. Default `.ballast/registry`. */
  root?: string;
  /** Lock timing. */
  lock?: RegistryLockOptions;
  /**
   * Compact the journal once it holds more lines than this (default 1000) and four times
   * more lines than live models and versions.
   */
  compactAfterLines?: number;
}

/**
 * The embedded registry; `root` is the absolute directory it lives in.
 */
export interface FileRegistry extends Registry {
  readonly root: string;
}

const iso = (milliseconds: number) => new Date(milliseconds).toISOString();

function modelNotFound(name: string): Error {
  return resourceDoesNotExist(`Registered Model with name=${name} not found`, { name });
}

function versionNotFound(name: string, version: string | number): Error {
  return resourceDoesNotExist(`Model Version (name=${name}, version=${version}) not found`, {
    name,
    version: String(version),
  });
}

/**
 * Creates the embedded registry: a directory holding content-addressed artifacts
 * (`blobs/<aa>/<sha256>`, one copy per distinct content), an append-only JSON Lines journal of
 * metadata, and a lock file. Writers serialise through a cross-process lock (taken over at
 * once when its holder's process is gone, never broken while it lives), so concurrent
 * processes get distinct, gap-free version numbers; a writer killed mid-way leaves no visible
 * partial version. Searches run on an in-memory index kept current
 * by reading only what other processes appended.
 *
 * @example
 * ```ts
 * const registry = createFileRegistry({ root: '.ballast/registry' });
 * await registry.createRegisteredModel({ name: 'fraud' });
 * const v1 = await registry.createModelVersion({ name: 'fraud', artifactPath: './model' });
 * await registry.setAlias('fraud', 'champion', v1.version);
 * ```
 */
export function createFileRegistry(options: FileRegistryOptions = {}): FileRegistry {
  return openFileRegistry(options);
}

/**
 * {@link createFileRegistry} with fault injection hooks. Internal, for crash tests only: not
 * exported from the package.
 */
export function openFileRegistry(options: FileRegistryOptions, faults?: FaultHooks): FileRegistry {
  const root = resolve(options.root ?? '.ballast/registry');
  const blobs = new BlobStore(join(root, 'blobs'));
  const journal = new Journal(join(root, 'journal.jsonl'), options.compactAfterLines, faults);
  const lockPath = join(root, 'registry.lock');
  const lockOptions =
    options.lock?.acquireTimeoutMs === undefined
      ? {}
      : { timeoutMs: options.lock.acquireTimeoutMs };
  // Writers of this instance queue here rather than poll the lock file against each other.
  let writes: Promise<unknown> = Promise.resolve();
  let rootReady: Promise<unknown> | undefined;

  const ensureRoot = () => (rootReady ??= mkdir(root, { recursive: true }));

  async function read(): Promise<JournalState> {
    await journal.refresh();
    return journal.state;
  }

  /** Validates against fresh state under the lock and commits the resulting changes. */
  async function mutate<Result>(
    plan: (state: JournalState, now: number) => { operations: JournalOperation[]; result: Result },
  ): Promise<Result> {
    await ensureRoot();
    const run = writes.then(() =>
      // The lock is broken only once its holder's process is gone, never by age, so a slow
      // writer cannot lose it half-way.
      withFileLock(
        lockPath,
        async () => {
          await journal.refresh();
          const { operations, result } = plan(journal.state, Date.now());
          if (operations.length > 0) {
            await faults?.reach('before-commit');
            await journal.commit(operations);
          }
          return result;
        },
        lockOptions,
      ),
    );
    writes = run.catch(() => undefined);
    return run;
  }

  function requireModel(state: JournalState, name: string): StoredModel {
    const model = state.models.get(validateModelName(name));
    if (!model) throw modelNotFound(name);
    return model;
  }

  function requireVersion(state: JournalState, name: string, version: string): StoredVersion {
    const model = requireModel(state, name);
    const number = parseVersionNumber(version);
    const stored = state.versions.get(model.name)?.get(number);
    if (!stored) throw versionNotFound(name, version);
    return stored;
  }

  function toRegisteredModel(model: StoredModel): RegisteredModel {
    const aliases: Record<string, string> = {};
    for (const [alias, version] of Object.entries(model.aliases)) aliases[alias] = String(version);
    return {
      name: model.name,
      ...(model.description ? { description: model.description } : {}),
      tags: { ...model.tags },
      aliases,
      createdAt: iso(model.createdAt),
      updatedAt: iso(model.updatedAt),
    };
  }

  function aliasesByVersion(model: StoredModel | undefined): Map<number, string[]> {
    const byVersion = new Map<number, string[]>();
    for (const [alias, version] of Object.entries(model?.aliases ?? {})) {
      byVersion.set(version, [...(byVersion.get(version) ?? []), alias]);
    }
    return byVersion;
  }

  function toArtifactRef(artifact: StoredArtifact): ArtifactRef {
    return { ...artifact, uri: artifact.uri ?? blobs.uriFor(artifact.sha256) };
  }

  function toModelVersion(stored: StoredVersion, aliases: string[]): ModelVersion {
    return {
      kind: 'ModelVersion',
      specVersion: SPEC_VERSION,
      name: stored.name,
      version: String(stored.version),
      aliases: [...aliases].sort(),
      tags: { ...stored.tags },
      ...(stored.description ? { description: stored.description } : {}),
      source: stored.source,
      ...(stored.runId ? { runId: stored.runId } : {}),
      status: stored.status,
      approval: stored.approval,
      artifacts: stored.artifacts.map(toArtifactRef),
      ...(stored.datasets ? { datasets: stored.datasets } : {}),
      createdAt: iso(stored.createdAt),
      updatedAt: iso(stored.updatedAt),
    };
  }

  function versionDocument(state: JournalState, stored: StoredVersion): ModelVersion {
    return toModelVersion(
      stored,
      aliasesByVersion(state.models.get(stored.name)).get(stored.version) ?? [],
    );
  }

  function versionSubject(stored: StoredVersion): FilterSubject {
    return {
      attribute: name =>
        name === 'name'
          ? stored.name
          : name === 'run_id'
            ? stored.runId
            : name === 'source_path'
              ? stored.source
              : name === 'version_number'
                ? stored.version
                : undefined,
      tag: key => (key === BALLAST_TAGS.approval ? stored.approval : stored.tags[key]),
    };
  }

  /** Copies local files into the blob store; artifacts stored elsewhere are kept as given. */
  async function uploadArtifacts(
    artifactPath: string | undefined,
    external: ArtifactRef[] | undefined,
  ): Promise<StoredArtifact[]> {
    if (artifactPath === undefined) return external ?? [];
    const artifacts: StoredArtifact[] = [];
    for (const file of await listArtifactFiles(artifactPath)) {
      artifacts.push({ path: file.path, ...(await blobs.putFile(file.absolutePath)) });
    }
    return artifacts;
  }

  const registry: FileRegistry = {
    root,

    async createRegisteredModel(createOptions: CreateRegisteredModelOptions) {
      const name = validateModelName(createOptions.name);
      const tags = validateTags(createOptions.tags);
      return mutate((state, now) => {
        if (state.models.has(name)) {
          throw resourceAlreadyExists(`Registered Model (name=${name}) already exists.`, { name });
        }
        const model: StoredModel = {
          name,
          ...(createOptions.description ? { description: createOptions.description } : {}),
          tags,
          aliases: {},
          createdAt: now,
          updatedAt: now,
          lastVersion: 0,
        };
        return { operations: [{ op: 'put-model', model }], result: toRegisteredModel(model) };
      });
    },

    async getRegisteredModel(name) {
      return toRegisteredModel(requireModel(await read(), name));
    },

    async updateRegisteredModel(name, update) {
      return mutate((state, now) => {
        const model = { ...requireModel(state, name), updatedAt: now };
        if (update.description !== undefined) model.description = update.description;
        return { operations: [{ op: 'put-model', model }], result: toRegisteredModel(model) };
      });
    },

    async renameRegisteredModel(name, newName) {
      validateModelName(newName, 'new_name');
      return mutate((state, now) => {
        const model = requireModel(state, name);
        if (state.models.has(newName)) {
          throw resourceAlreadyExists(`Registered Model (name=${newName}) already exists.`, {
            name: newName,
          });
        }
        const renamed: StoredModel = { ...model, name: newName, updatedAt: now };
        const operations: JournalOperation[] = [{ op: 'put-model', model: renamed }];
        for (const version of state.versions.get(name)?.values() ?? []) {
          operations.push({ op: 'put-version', version: { ...version, name: newName } });
        }
        operations.push({ op: 'delete-model', name });
        return { operations, result: toRegisteredModel(renamed) };
      });
    },

    async deleteRegisteredModel(name) {
      await mutate(state => {
        requireModel(state, name);
        return { operations: [{ op: 'delete-model', name }], result: undefined };
      });
    },

    searchRegisteredModels(searchOptions: SearchOptions = {}) {
      return new PagedSearch(async pageToken => {
        const clauses = parseSearchFilter(searchOptions.filter, 'registered_model');
        const order = compareBy<StoredModel>(
          parseOrderBy(searchOptions.orderBy, 'registered_model'),
          (model, key) =>
            key === 'creation_timestamp'
              ? model.createdAt
              : key === 'last_updated_timestamp'
                ? model.updatedAt
                : model.name,
        );
        const pageSize = resolvePageSize(searchOptions.maxResults, 'registered_model');
        const state = await read();
        const matches = [...state.models.values()].filter(model =>
          matchesFilter(clauses, {
            attribute: attribute => (attribute === 'name' ? model.name : undefined),
            tag: key => model.tags[key],
          }),
        );
        const page = pageOf(matches.sort(order), pageToken, pageSize);
        return { ...page, items: page.items.map(toRegisteredModel) };
      }, searchOptions.pageToken);
    },

    async createModelVersion(createOptions) {
      const checked = checkCreateModelVersionOptions(createOptions);
      const { name, tags } = checked;
      // Fail fast before uploading; the lock below re-checks against fresh state.
      requireModel(await read(), name);
      const artifacts = await uploadArtifacts(createOptions.artifactPath, checked.artifacts);
      await faults?.reach('after-artifacts');
      const source =
        createOptions.source ?? pathToFileURL(resolve(createOptions.artifactPath as string)).href;
      return mutate((state, now) => {
        const model = requireModel(state, name);
        const version: StoredVersion = {
          name,
          version: model.lastVersion + 1,
          createdAt: now,
          updatedAt: now,
          ...(createOptions.description ? { description: createOptions.description } : {}),
          source,
          ...(createOptions.runId ? { runId: createOptions.runId } : {}),
          status: 'READY',
          approval: checked.approval,
          tags,
          ...(checked.datasets ? { datasets: checked.datasets } : {}),
          artifacts,
        };
        const updatedModel: StoredModel = {
          ...model,
          lastVersion: version.version,
          updatedAt: now,
        };
        return {
          operations: [
            { op: 'put-version', version },
            { op: 'put-model', model: updatedModel },
          ],
          result: toModelVersion(version, []),
        };
      });
    },

    async getModelVersion(name, version) {
      const state = await read();
      return versionDocument(state, requireVersion(state, name, version));
    },

    async updateModelVersion(name, version, update: UpdateModelVersionOptions) {
      const approval =
        update.approval === undefined
          ? undefined
          : parseParameters(approvalStatusSchema, update.approval, 'approval');
      return mutate((state, now) => {
        const stored = { ...requireVersion(state, name, version), updatedAt: now };
        if (update.description !== undefined) stored.description = update.description;
        if (approval !== undefined) stored.approval = approval;
        return {
          operations: [{ op: 'put-version', version: stored }],
          result: versionDocument(state, stored),
        };
      });
    },

    async deleteModelVersion(name, version) {
      await mutate((state, now) => {
        const stored = requireVersion(state, name, version);
        const model = state.models.get(stored.name) as StoredModel;
        const aliases = Object.fromEntries(
          Object.entries(model.aliases).filter(([, target]) => target !== stored.version),
        );
        return {
          operations: [
            { op: 'delete-version', name: stored.name, version: stored.version },
            { op: 'put-model', model: { ...model, aliases, updatedAt: now } },
          ],
          result: undefined,
        };
      });
    },

    searchModelVersions(searchOptions: SearchOptions = {}) {
      return new PagedSearch(async pageToken => {
        const clauses = parseSearchFilter(searchOptions.filter, 'model_version');
        const order = compareBy<StoredVersion>(
          parseOrderBy(searchOptions.orderBy, 'model_version'),
          (version, key) =>
            key === 'creation_timestamp'
              ? version.createdAt
              : key === 'last_updated_timestamp'
                ? version.updatedAt
                : key === 'version_number'
                  ? version.version
                  : version.name,
        );
        const pageSize = resolvePageSize(searchOptions.maxResults, 'model_version');
        // `name = '...'` narrows the scan to one model, the most common search.
        const nameClause = clauses.find(
          clause =>
            clause.kind === 'attribute' && clause.key === 'name' && clause.comparator === '=',
        );
        const state = await read();
        const candidates =
          nameClause === undefined
            ? [...state.versions.values()].flatMap(versions => [...versions.values()])
            : [...(state.versions.get(nameClause.value as string)?.values() ?? [])];
        const matches = candidates.filter(version =>
          matchesFilter(clauses, versionSubject(version)),
        );
        const page = pageOf(matches.sort(order), pageToken, pageSize);
        return { ...page, items: page.items.map(version => versionDocument(state, version)) };
      }, searchOptions.pageToken);
    },

    async setRegisteredModelTag(name, key, value) {
      validateTag(key, value);
      await mutate((state, now) => {
        const model = requireModel(state, name);
        return {
          operations: [
            {
              op: 'put-model',
              model: { ...model, tags: { ...model.tags, [key]: value }, updatedAt: now },
            },
          ],
          result: undefined,
        };
      });
    },

    async deleteRegisteredModelTag(name, key) {
      validateTag(key, '');
      await mutate((state, now) => {
        const model = requireModel(state, name);
        if (!(key in model.tags)) return { operations: [], result: undefined };
        const { [key]: _removed, ...tags } = model.tags;
        return {
          operations: [{ op: 'put-model', model: { ...model, tags, updatedAt: now } }],
          result: undefined,
        };
      });
    },

    async setModelVersionTag(name, version, key, value) {
      validateTag(key, value);
      rejectReservedTagKey(key);
      await mutate((state, now) => {
        const stored = requireVersion(state, name, version);
        return {
          operations: [
            {
              op: 'put-version',
              version: { ...stored, tags: { ...stored.tags, [key]: value }, updatedAt: now },
            },
          ],
          result: undefined,
        };
      });
    },

    async deleteModelVersionTag(name, version, key) {
      validateTag(key, '');
      await mutate((state, now) => {
        const stored = requireVersion(state, name, version);
        if (!(key in stored.tags)) return { operations: [], result: undefined };
        const { [key]: _removed, ...tags } = stored.tags;
        return {
          operations: [{ op: 'put-version', version: { ...stored, tags, updatedAt: now } }],
          result: undefined,
        };
      });
    },

    async setAlias(name, alias, version) {
      validateAlias(alias);
      await mutate(state => {
        const stored = requireVersion(state, name, version);
        const model = state.models.get(stored.name) as StoredModel;
        return {
          operations: [
            {
              op: 'put-model',
              model: { ...model, aliases: { ...model.aliases, [alias]: stored.version } },
            },
          ],
          result: undefined,
        };
      });
    },

    async deleteAlias(name, alias) {
      validateAlias(alias);
      await mutate(state => {
        const model = requireModel(state, name);
        if (!(alias in model.aliases)) return { operations: [], result: undefined };
        const { [alias]: _removed, ...aliases } = model.aliases;
        return {
          operations: [{ op: 'put-model', model: { ...model, aliases } }],
          result: undefined,
        };
      });
    },

    async getModelVersionByAlias(name, alias) {
      validateAlias(alias);
      const state = await read();
      const model = requireModel(state, name);
      const version = model.aliases[alias];
      const stored =
        version === undefined ? undefined : state.versions.get(model.name)?.get(version);
      if (!stored) {
        throw resourceDoesNotExist(`Registered model alias ${alias} not found.`, {
          name,
          alias,
        });
      }
      return versionDocument(state, stored);
    },

    async downloadArtifacts(
      version: ModelVersion,
      directory: string,
    ): Promise<DownloadedArtifacts> {
      const artifacts = await downloadVerified(version.artifacts, directory, async artifact => {
        if (!artifact.uri.startsWith('file:')) {
          throw invalidParameter(
            'artifacts.uri',
            `The file registry reads file:// artifacts only; '${artifact.path}' is at ${artifact.uri}.`,
            { path: artifact.path },
          );
        }
        const file = fileURLToPath(artifact.uri);
        await access(file).catch(cause => {
          throw new NotFoundError({
            message: `Artifact '${artifact.path}' of ${version.name} version ${version.version} is missing from ${file}; the store was altered.`,
            code: 'ARTIFACT_MISSING',
            details: { path: artifact.path, uri: artifact.uri },
            cause,
          });
        });
        return createReadStream(file);
      });
      return { directory, artifacts };
    },
  };
  return registry;
}
