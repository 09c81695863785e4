import type { DatasetProfile } from '@ballast/contracts';
import { sha256Of } from '@ballast/kit';

/**
 * SHA-256 of a profile's content (`rowCount` and `columns`, canonical JSON with keys sorted),
 * ignoring `createdAt` and the stored fingerprint: two profiles of the same data with the same
 * options share it, and a merged profile gets the digest of its merged content. Drift reports
 * cite it as `reference.profileDigest`.
 */
export function profileFingerprint(profile: Pick<DatasetProfile, 'rowCount' | 'columns'>): string {
  return sha256Of({ rowCount: profile.rowCount, columns: profile.columns });
}
