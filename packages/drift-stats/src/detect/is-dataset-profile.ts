import type { DatasetProfile } from '@ballast/contracts';

/**
 * True when `value` is a `DatasetProfile` document (`kind: 'DatasetProfile'`), the other form a
 * reference can take.
 */
export function isDatasetProfile(value: unknown): value is DatasetProfile {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    (value as { kind?: unknown }).kind === 'DatasetProfile'
  );
}
