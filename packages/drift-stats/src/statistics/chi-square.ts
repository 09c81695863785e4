import { chiSquareSurvival } from '../distributions/incomplete-gamma';
import { type CategoricalSampleInput, countedCategories, sumOf } from './category-counts';
import { expectedFromReference } from './expected-from-reference';
import type { StatisticResult } from './statistic-result';

/** Options of {@link chiSquare}. */
export interface ChiSquareOptions {
  /** `'contingency'` (default, scipy's `chi2_contingency`) or Evidently's `'goodness-of-fit'`. */
  variant?: 'contingency' | 'goodness-of-fit';
  /** Yates' continuity correction for 2×2 tables (contingency only). Default `true`. */
  correction?: boolean;
  /** Pseudo-count for the goodness-of-fit variant, see `expectedFromReference`. Default 0.5. */
  unseenCategoryPseudoCount?: number;
}

/**
 * Chi-square statistic and p-value of a 2×K contingency table, exactly as
 * `scipy.stats.chi2_contingency(table, correction)` computes them.
 *
 * @example
 * ```ts
 * contingencyChiSquare(new Float64Array([500, 300, 200, 0]), new Float64Array([400, 300, 250, 50]));
 * ```
 */
export function contingencyChiSquare(
  referenceCounts: Float64Array,
  currentCounts: Float64Array,
  correction = true,
): StatisticResult & { degreesOfFreedom: number } {
  const categories = referenceCounts.length;
  const referenceTotal = sumOf(referenceCounts);
  const currentTotal = sumOf(currentCounts);
  const total = referenceTotal + currentTotal;
  const degreesOfFreedom = categories - 1;
  if (degreesOfFreedom === 0) return { statistic: 0, pValue: 1, degreesOfFreedom };
  let statistic = 0;
  for (const [rowCounts, rowTotal] of [
    [referenceCounts, referenceTotal],
    [currentCounts, currentTotal],
  ] as const) {
    for (let category = 0; category < categories; category++) {
      const columnTotal =
        (referenceCounts[category] as number) + (currentCounts[category] as number);
      const expected = (rowTotal * columnTotal) / total;
      let observed = rowCounts[category] as number;
      if (degreesOfFreedom === 1 && correction) {
        const difference = expected - observed;
        observed += Math.sign(difference) * Math.min(0.5, Math.abs(difference));
      }
      statistic += (observed - expected) ** 2 / expected;
    }
  }
  return { statistic, pValue: chiSquareSurvival(statistic, degreesOfFreedom), degreesOfFreedom };
}

/**
 * Chi-square test between the category frequencies of reference and current. Default: the
 * 2×K contingency test (`scipy.stats.chi2_contingency`); `variant: 'goodness-of-fit'` runs
 * Evidently's test of current counts against reference shares. Evidently id `'chisquare'`.
 *
 * @example
 * ```ts
 * chiSquare(['a', 'b', 'a'], ['b', 'b', 'a']).pValue;
 * ```
 */
export function chiSquare(
  reference: CategoricalSampleInput,
  current: CategoricalSampleInput,
  options: ChiSquareOptions = {},
): StatisticResult {
  const { referenceCounts, currentCounts } = countedCategories(reference, current);
  if ((options.variant ?? 'contingency') === 'contingency') {
    const { statistic, pValue } = contingencyChiSquare(
      referenceCounts,
      currentCounts,
      options.correction ?? true,
    );
    return { statistic, pValue };
  }
  const expected = expectedFromReference(
    referenceCounts,
    currentCounts,
    options.unseenCategoryPseudoCount,
  );
  // One category: nothing can differ (0 degrees of freedom); p = 1 as for the G-test.
  if (currentCounts.length < 2) return { statistic: 0, pValue: 1 };
  let statistic = 0;
  currentCounts.forEach((observed, category) => {
    const expectedCount = expected[category] as number;
    statistic += (observed - expectedCount) ** 2 / expectedCount;
  });
  return { statistic, pValue: chiSquareSurvival(statistic, currentCounts.length - 1) };
}
