import type { ArtifactRef, DatasetRef, ModelVersion } from '@ballast/contracts';
import type { PagedSearch } from './search/paged-search';

/**
 * Approval state of a model version (first-class here, a tag on MLflow).
 */
export type ApprovalStatus = ModelVersion['approval'];

/**
 * A registered model: the named container of versions, with MLflow's fields.
 */
export interface RegisteredModel {
  name: string;
  description?: string;
  tags: Record<string, string>;
  /** Alias to version number (as a string), e.g. `{ champion: '3' }`. */
  aliases: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

/**
 * Options of {@link Registry.createRegisteredModel}.
 */
export interface CreateRegisteredModelOptions {
  name: string;
  description?: string;
  tags?: Record<string, string>;
}

/**
 * Options of {@link Registry.createModelVersion}: pass `artifactPath` (uploaded and hashed) or
 * `artifacts` (already stored elsewhere, with `source`).
 */
export interface CreateModelVersionOptions {
  /** Registered model the version belongs to (it must exist). */
  name: string;
  /**
   * A local file or directory to upload. Every file is hashed (sha256) and sized; a directory
   * keeps its relative layout.
   */
  artifactPath?: string;
  /**
   * Artifacts already stored elsewhere, with their digests (used instead of `artifactPath`
   * when the bytes were uploaded by another process, e.g. through the MLflow artifacts proxy).
   */
  artifacts?: ArtifactRef[];
  /** Where the artifacts came from; defaults to the `file://` URL of `artifactPath`. */
  source?: string;
  /** Training run that produced the model. */
  runId?: string;
  runLink?: string;
  description?: string;
  tags?: Record<string, string>;
  /** Defaults to `'pending'`. */
  approval?: ApprovalStatus;
  /** Training / evaluation datasets. */
  datasets?: DatasetRef[];
}

/**
 * Options of {@link Registry.updateModelVersion}.
 */
export interface UpdateModelVersionOptions {
  description?: string;
  approval?: ApprovalStatus;
}

/**
 * Options of the search methods, with MLflow's semantics.
 */
export interface SearchOptions {
  /** MLflow filter syntax, e.g. `name = 'fraud' AND tags.team = 'risk'` (AND only). */
  filter?: string;
  /** Page size (MLflow `max_results`). */
  maxResults?: number;
  /** MLflow `order_by`, e.g. `['version_number DESC']`. */
  orderBy?: string[];
  /** Start from this page (MLflow `page_token`). */
  pageToken?: string;
}

/**
 * One page of search results. An absent `nextPageToken` means the last page.
 */
export interface SearchPage<Item> {
  items: Item[];
  nextPageToken?: string;
}

/**
 * Result of {@link Registry.downloadArtifacts}.
 */
export interface DownloadedArtifacts {
  /** Directory holding the files at their `ArtifactRef.path`. */
  directory: string;
  /** The files written, each verified against its sha256. */
  artifacts: ArtifactRef[];
}

/**
 * A model registry with MLflow's vocabulary. Two backends implement it:
 * `createFileRegistry` (embedded directory store) and `createMlflowRegistry` (MLflow REST 2.0).
 * Every method rejects with a typed Ballast error: `NotFoundError` (`RESOURCE_DOES_NOT_EXIST`),
 * `ConflictError` (`RESOURCE_ALREADY_EXISTS`) or `InvalidInputError` (`INVALID_PARAMETER_VALUE`).
 */
export interface Registry {
  /** Creates a model; `ConflictError` (`RESOURCE_ALREADY_EXISTS`) when the name is taken. */
  createRegisteredModel(options: CreateRegisteredModelOptions): Promise<RegisteredModel>;
  /** Reads a model; `NotFoundError` (`RESOURCE_DOES_NOT_EXIST`) when absent. */
  getRegisteredModel(name: string): Promise<RegisteredModel>;
  /** Updates a model's description. */
  updateRegisteredModel(name: string, update: { description?: string }): Promise<RegisteredModel>;
  /** Renames a model; its versions and aliases follow. */
  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel>;
  /** Deletes the model, its versions and aliases. */
  deleteRegisteredModel(name: string): Promise<void>;
  /** Searches models (filter on `name` and `tags.<key>`). */
  searchRegisteredModels(options?: SearchOptions): PagedSearch<RegisteredModel>;

  /** Registers the next version of a model, recording the sha256 and size of every file. */
  createModelVersion(options: CreateModelVersionOptions): Promise<ModelVersion>;
  /** Reads one version (`version` is a positive integer as a string). */
  getModelVersion(name: string, version: string): Promise<ModelVersion>;
  /** Updates a version's description and/or approval. */
  updateModelVersion(
    name: string,
    version: string,
    update: UpdateModelVersionOptions,
  ): Promise<ModelVersion>;
  /** Deletes the version and the aliases pointing at it; its number is never reused. */
  deleteModelVersion(name: string, version: string): Promise<void>;
  /** Searches versions (filter on `name`, `run_id`, `source_path`, `version_number`, `tags.<key>`). */
  searchModelVersions(options?: SearchOptions): PagedSearch<ModelVersion>;

  /** Sets a model tag (key ≤ 250, value ≤ 5000 characters). */
  setRegisteredModelTag(name: string, key: string, value: string): Promise<void>;
  /** Deletes a model tag; deleting an absent tag is not an error. */
  deleteRegisteredModelTag(name: string, key: string): Promise<void>;
  /** Sets a version tag; keys starting with `ballast.` are reserved. */
  setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void>;
  /** Deletes a version tag; deleting an absent tag is not an error. */
  deleteModelVersionTag(name: string, version: string, key: string): Promise<void>;

  /** Points `alias` at `version`, moving it if it pointed elsewhere. */
  setAlias(name: string, alias: string, version: string): Promise<void>;
  /** Removes an alias; removing an absent alias is not an error. */
  deleteAlias(name: string, alias: string): Promise<void>;
  /** The version an alias points at; `NotFoundError` when the alias is not set. */
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion>;

  /** Writes the version's artifacts below `directory`, verifying every sha256. */
  downloadArtifacts(version: ModelVersion, directory: string): Promise<DownloadedArtifacts>;
}
