import { InvalidInputError } from '@ballast/contracts';
import { logBinomial } from '../distributions/log-gamma';
import { type CategoricalSampleInput, countedCategories } from './category-counts';
import type { StatisticResult } from './statistic-result';

/**
 * Two-sided Fisher exact p-value of the 2×2 table `[[a, b], [c, d]]` as
 * `scipy.stats.fisher_exact`: the sum of hypergeometric probabilities of all tables with the
 * same margins that are no more likely than the observed one (relative tolerance 1e-14).
 * Returns the sample odds ratio as the statistic.
 *
 * @example
 * ```ts
 * fisherExactTable(6, 0, 0, 6).pValue; // 0.00216...
 * ```
 */
export function fisherExactTable(a: number, b: number, c: number, d: number): StatisticResult {
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0)
    return { statistic: Number.NaN, pValue: 1 };
  const oddsRatio = c > 0 && b > 0 ? (a * d) / (c * b) : Number.POSITIVE_INFINITY;
  const firstRow = a + b;
  const secondRow = c + d;
  const firstColumn = a + c;
  const total = firstRow + secondRow;
  const logDenominator = logBinomial(total, firstColumn);
  const logProbability = (x: number) =>
    logBinomial(firstRow, x) + logBinomial(secondRow, firstColumn - x) - logDenominator;
  const low = Math.max(0, firstColumn - secondRow);
  const high = Math.min(firstRow, firstColumn);
  const mode = Math.floor(((firstColumn + 1) * (firstRow + 1)) / (total + 2));
  const observed = logProbability(a);
  const atMode = logProbability(mode);
  const relativeTolerance = 1e-14;
  if (
    Math.abs(Math.exp(observed) - Math.exp(atMode)) /
      Math.max(Math.exp(observed), Math.exp(atMode)) <=
    relativeTolerance
  ) {
    return { statistic: oddsRatio, pValue: 1 };
  }
  const cutoff = observed + Math.log1p(relativeTolerance);
  let pValue = 0;
  for (let x = low; x <= high; x++) {
    const logP = logProbability(x);
    if (logP <= cutoff) pValue += Math.exp(logP);
  }
  return { statistic: oddsRatio, pValue: Math.min(pValue, 1) };
}

/**
 * Fisher's exact test on a binary column: the 2×2 table of reference and current counts of
 * the two categories. Unlike Evidently's, reference and current may differ in length.
 * Evidently id `'fisher_exact'`.
 *
 * @example
 * ```ts
 * fisherExact(['a', 'a', 'a'], ['b', 'b', 'b']).pValue; // 0.1
 * ```
 */
export function fisherExact(
  reference: CategoricalSampleInput,
  current: CategoricalSampleInput,
): StatisticResult {
  const { categories, referenceCounts, currentCounts } = countedCategories(reference, current);
  if (categories.length > 2) {
    throw new InvalidInputError({
      code: 'NOT_BINARY',
      message: `fisherExact needs a binary column; found ${categories.length} categories. Use chiSquare instead.`,
      details: { path: 'reference', categories: categories.slice(0, 10) },
    });
  }
  return fisherExactTable(
    referenceCounts[0] as number,
    (referenceCounts[1] ?? 0) as number,
    currentCounts[0] as number,
    (currentCounts[1] ?? 0) as number,
  );
}
