import { chiSquareSurvival } from '../distributions/incomplete-gamma';
import { type CategoricalSampleInput, countedCategories } from './category-counts';
import { expectedFromReference } from './expected-from-reference';
import type { StatisticResult } from './statistic-result';

/** Options of {@link gTest}. */
export interface GTestOptions {
  /** Pseudo-count for categories unseen in reference, see `expectedFromReference`. Default 0.5. */
  unseenCategoryPseudoCount?: number;
}

/**
 * G-test (log-likelihood ratio) of current counts against reference shares:
 * `scipy.stats.power_divergence(current, expected, lambda_='log-likelihood')` with the
 * expected counts rescaled to the current total (Evidently passes raw reference counts,
 * which scipy rejects when the totals differ). Evidently id `'g_test'`.
 *
 * @example
 * ```ts
 * gTest(['a', 'a', 'b'], ['a', 'b', 'b']).pValue;
 * ```
 */
export function gTest(
  reference: CategoricalSampleInput,
  current: CategoricalSampleInput,
  options: GTestOptions = {},
): StatisticResult {
  const { referenceCounts, currentCounts } = countedCategories(reference, current);
  const expected = expectedFromReference(
    referenceCounts,
    currentCounts,
    options.unseenCategoryPseudoCount,
  );
  // One category: nothing can differ (0 degrees of freedom).
  if (currentCounts.length < 2) return { statistic: 0, pValue: 1 };
  let statistic = 0;
  currentCounts.forEach((observed, category) => {
    if (observed > 0)
      statistic += 2 * observed * Math.log(observed / (expected[category] as number));
  });
  return { statistic, pValue: chiSquareSurvival(statistic, currentCounts.length - 1) };
}
