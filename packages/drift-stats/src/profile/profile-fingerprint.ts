import { createHash } from 'node:crypto';
import type { DatasetProfile } from '@ballast/contracts';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(key => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * SHA-256 of a profile's content (`rowCount` and `columns`, keys sorted), ignoring `createdAt`
 * and the stored fingerprint: two profiles of the same data with the same options share it, and
 * a merged profile gets the digest of its merged content. Drift reports cite it as
 * `reference.profileDigest`.
 *
 * @example
 * ```ts
 * profileFingerprint(profile) === profile.fingerprint; // true for an untouched profile
 * ```
 */
export function profileFingerprint(profile: Pick<DatasetProfile, 'rowCount' | 'columns'>): string {
  const content = JSON.stringify(
    canonical({ rowCount: profile.rowCount, columns: profile.columns }),
  );
  return createHash('sha256').update(content).digest('hex');
}
