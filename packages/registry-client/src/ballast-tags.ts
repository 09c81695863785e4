import { invalidParameter } from './errors/registry-errors';

/**
 * Tag keys under which Ballast's first-class fields are stored on MLflow, where a model
 * version only has tags. The embedded store keeps them as fields and exposes
 * `ballast.approval` to filters, so `tags.\`ballast.approval\` = 'approved'` works on both.
 *
 * - `ballast.approval`: `pending` | `approved` | `rejected`
 * - `ballast.datasets`: JSON array of DatasetRef
 * - `ballast.artifacts.<n>`: chunks (each at most 5000 characters) of a JSON array of
 *   `[path, sha256, size]`, the digest manifest of the version's files
 */
export const BALLAST_TAGS = {
  approval: 'ballast.approval',
  datasets: 'ballast.datasets',
  artifactsPrefix: 'ballast.artifacts.',
} as const;

/** Prefix of every reserved Ballast tag key. */
export const BALLAST_TAG_PREFIX = 'ballast.';

/** Rejects user tags in Ballast's reserved namespace, naming the field to use instead. */
export function rejectReservedTagKey(key: string): void {
  if (key.startsWith(BALLAST_TAG_PREFIX)) {
    throw invalidParameter(
      'key',
      `Tag key '${key}' is reserved for Ballast's own fields; set approval and datasets through createModelVersion / updateModelVersion.`,
      { key },
    );
  }
}
