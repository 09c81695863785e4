import { sumOf } from './category-counts';

/**
 * Expected current counts for a goodness-of-fit test: reference counts rescaled to the
 * current total (`reference · n_cur / n_ref`, so both sums agree as scipy requires). When a
 * category occurs in current but never in reference, its expected count would be 0 and the
 * test would report p = 0 whatever the sizes; instead every reference count gets
 * `pseudoCount` added (default 0.5, Jeffreys) before rescaling, which keeps the test finite
 * and still flags a frequent new category.
 */
export function expectedFromReference(
  referenceCounts: Float64Array,
  currentCounts: Float64Array,
  pseudoCount = 0.5,
): Float64Array {
  const hasUnseen = referenceCounts.some(
    (count, index) => count === 0 && (currentCounts[index] as number) > 0,
  );
  const adjusted = hasUnseen ? referenceCounts.map(count => count + pseudoCount) : referenceCounts;
  const scale = sumOf(currentCounts) / sumOf(adjusted);
  return adjusted.map(count => count * scale);
}
