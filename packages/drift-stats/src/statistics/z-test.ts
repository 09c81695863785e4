import { InvalidInputError } from '@ballast/contracts';
import { normalTwoSided } from '../distributions/normal';
import { type CategoricalSampleInput, countedCategories, sumOf } from './category-counts';
import type { StatisticResult } from './statistic-result';

/**
 * Two-proportion pooled z-test (two-sided) for a binary column, as Evidently's `z` test: the
 * proportion of the last category in sorted key order (`'1'`, `'true'`, `'b'`, ...) is
 * compared; p = 1 when both sides hold the same single value. The p-value is `2 Φ(−|z|)`
 * (scipy's `2 · norm.sf(|z|)`), exact in the far tail, where Evidently's `2 (1 − Φ(|z|))`
 * loses digits. Evidently id `'z'`.
 *
 * @example
 * ```ts
 * zTest([0, 1, 1, 0], [1, 1, 1, 0]).pValue;
 * ```
 */
export function zTest(
  reference: CategoricalSampleInput,
  current: CategoricalSampleInput,
): StatisticResult {
  const { categories, referenceCounts, currentCounts } = countedCategories(reference, current);
  if (categories.length > 2) {
    throw new InvalidInputError({
      code: 'NOT_BINARY',
      message: `zTest needs a binary column; found ${categories.length} categories. Use chiSquare or jensenShannon.`,
      details: { path: 'reference', categories: categories.slice(0, 10) },
    });
  }
  if (categories.length === 1) return { statistic: 0, pValue: 1 };
  const referenceTotal = sumOf(referenceCounts);
  const currentTotal = sumOf(currentCounts);
  const referenceProportion = (referenceCounts[1] as number) / referenceTotal;
  const currentProportion = (currentCounts[1] as number) / currentTotal;
  const pooled =
    (referenceProportion * referenceTotal + currentProportion * currentTotal) /
    (referenceTotal + currentTotal);
  const statistic =
    (referenceProportion - currentProportion) /
    Math.sqrt(pooled * (1 - pooled) * (1 / referenceTotal + 1 / currentTotal));
  return { statistic, pValue: normalTwoSided(statistic) };
}
