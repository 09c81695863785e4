import type { DriftMethodId } from '../methods';

/** Feature types of a column, as the drift report names them. */
export type DriftFeatureType = 'numeric' | 'categorical' | 'boolean' | 'text';

/** What Evidently's default selection looks at. */
export interface DefaultMethodInput {
  featureType: 'numeric' | 'categorical';
  /** Non-missing reference values. */
  referenceRows: number;
  /** Unique non-missing values over reference and current together. */
  uniqueValues: number;
}

/**
 * Evidently's default method (`registry._get_default_stattest`): with at most 1000 reference
 * rows, numeric columns with more than 5 unique values use `ks`, everything else `chisquare`
 * (more than 2 unique values) or `z` (binary); above 1000 rows, numeric columns with more
 * than 5 unique values use `wasserstein`, everything else `jensenshannon`.
 */
export function defaultMethod(input: DefaultMethodInput): DriftMethodId {
  const isNumericWithManyValues = input.featureType === 'numeric' && input.uniqueValues > 5;
  if (input.referenceRows <= 1000) {
    if (isNumericWithManyValues) return 'ks';
    return input.uniqueValues > 2 ? 'chisquare' : 'z';
  }
  return isNumericWithManyValues ? 'wasserstein' : 'jensenshannon';
}
