import { asCategorical, categoryCountsOverUnion } from '../binning/binned-shares';
import type { CategoricalColumn, CategoricalInput } from '../input/categorical-column';
import { requireCategories } from './require-categories';

/** Categorical statistics accept raw input or an already counted column. */
export type CategoricalSampleInput = CategoricalInput | CategoricalColumn;

/**
 * Both sides counted over the union of categories, with a typed error when a side has no
 * non-missing value.
 */
export function countedCategories(
  reference: CategoricalSampleInput,
  current: CategoricalSampleInput,
) {
  const referenceColumn = requireCategories(asCategorical(reference, 'reference'), 'reference');
  const currentColumn = requireCategories(asCategorical(current, 'current'), 'current');
  return categoryCountsOverUnion(referenceColumn, currentColumn);
}

/**
 * Sum of a count array.
 */
export function sumOf(counts: Float64Array): number {
  let total = 0;
  for (const count of counts) total += count;
  return total;
}
