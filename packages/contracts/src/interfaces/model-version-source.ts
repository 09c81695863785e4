import type { ArtifactRef } from '../schemas/artifact-ref';
import type { ModelRef } from '../schemas/model-ref';
import type { ModelVersion } from '../schemas/model-version';

/** Where `fetchArtifacts` put a version's files. */
export interface FetchedArtifacts {
  /** Directory holding the files at their `ArtifactRef.path`. */
  directory: string;
  /** The artifacts written, each verified against its sha256. */
  artifacts: ArtifactRef[];
}

/** Options for {@link ModelVersionSourceV1.watch}. */
export interface WatchOptions {
  /** How often to poll where the backend cannot push, in milliseconds. */
  intervalMs?: number;
  /** Stops watching when aborted. */
  signal?: AbortSignal;
  /** Called when a poll fails; watching continues. */
  onError?: (error: unknown) => void;
}

/** Stops a watch. */
export interface WatchHandle {
  close(): void;
}

/**
 * Resolves models by name and alias or version, fetches their artifacts and reports alias
 * moves. The registry implements it; serving follows `champion` through it without
 * importing the registry.
 *
 * @example
 * ```ts
 * const version = await source.resolve({ name: 'fraud', alias: 'champion' });
 * const { directory } = await source.fetchArtifacts(version, '/tmp/models/fraud');
 * const handle = source.watch({ name: 'fraud', alias: 'champion' }, next => swapTo(next));
 * ```
 */
export interface ModelVersionSourceV1 {
  /** Which version of this interface the implementation follows. */
  readonly specificationVersion: 'v1';
  /** The version a reference points at now; rejects with a NotFoundError when none. */
  resolve(ref: ModelRef): Promise<ModelVersion>;
  /** Writes the version's artifacts below `directory`, verifying every digest. */
  fetchArtifacts(version: ModelVersion, directory: string): Promise<FetchedArtifacts>;
  /** Calls `onChange` whenever the reference resolves to a different version. */
  watch(
    ref: ModelRef,
    onChange: (version: ModelVersion) => void,
    options?: WatchOptions,
  ): WatchHandle;
}

/** The current {@link ModelVersionSourceV1}. */
export type ModelVersionSource = ModelVersionSourceV1;
