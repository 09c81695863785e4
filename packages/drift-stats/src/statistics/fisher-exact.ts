import { InvalidInputError } from '@ballast/contracts';
import { logHypergeometricProbability } from '../distributions/hypergeometric';
import { type CategoricalSampleInput, countedCategories } from './category-counts';
import type { StatisticResult } from './statistic-result';

function requireCount(value: number, name: string): void {
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw new InvalidInputError({
      code: 'INVALID_COUNT',
      message: `fisherExactTable needs non-negative integer counts; ${name} is ${String(value)}.`,
      details: { path: name, received: value },
    });
  }
}

/** Relative tolerance under which two table probabilities count as equal (scipy's). */
const relativeTolerance = 1e-14;
/** Terms below this share of the observed probability cannot change the sum at double precision. */
const negligibleLog = Math.log(1e-20);

/**
 * Sum of `exp(logProbability(x))` over x from `start` stepping by `step` while the terms stay
 * at or below `cutoff` (the probabilities are log-concave, so they rise monotonically towards
 * the mode); the far end where terms are negligible is skipped by bisection.
 */
function tailSum(
  logProbability: (x: number) => number,
  start: number,
  mode: number,
  step: 1 | -1,
  cutoff: number,
): number {
  let first = start;
  if (logProbability(first) < cutoff + negligibleLog) {
    // Bisect for the first x (from `start` towards the mode) whose term is not negligible.
    let negligible = start;
    let notNegligible = mode;
    while (Math.abs(notNegligible - negligible) > 1) {
      const middle = negligible + Math.trunc((notNegligible - negligible) / 2);
      if (logProbability(middle) < cutoff + negligibleLog) negligible = middle;
      else notNegligible = middle;
    }
    first = notNegligible;
  }
  let total = 0;
  for (let x = first; step === 1 ? x <= mode : x >= mode; x += step) {
    const logP = logProbability(x);
    if (logP > cutoff) break;
    total += Math.exp(logP);
  }
  return total;
}

/**
 * Two-sided Fisher exact p-value of the 2×2 table `[[a, b], [c, d]]` as
 * `scipy.stats.fisher_exact`: the sum of hypergeometric probabilities of all tables with the
 * same margins that are no more likely than the observed one (relative tolerance 1e-14).
 * Probabilities come from Loader's saddle-point form (relative error ~1e-14 at any size) and
 * only the non-negligible part of each tail is summed, so N = 2e7 takes milliseconds. Returns
 * the sample odds ratio as the statistic. Counts must be non-negative integers
 * (`InvalidInputError` `INVALID_COUNT` otherwise).
 *
 * @example
 * ```ts
 * fisherExactTable(6, 0, 0, 6).pValue; // 0.00216...
 * ```
 */
export function fisherExactTable(a: number, b: number, c: number, d: number): StatisticResult {
  requireCount(a, 'a');
  requireCount(b, 'b');
  requireCount(c, 'c');
  requireCount(d, 'd');
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0)
    return { statistic: Number.NaN, pValue: 1 };
  const oddsRatio = c > 0 && b > 0 ? (a * d) / (c * b) : Number.POSITIVE_INFINITY;
  const firstRow = a + b;
  const secondRow = c + d;
  const firstColumn = a + c;
  const total = firstRow + secondRow;
  const logProbability = (x: number) =>
    logHypergeometricProbability(x, firstRow, secondRow, firstColumn);
  const low = Math.max(0, firstColumn - secondRow);
  const high = Math.min(firstRow, firstColumn);
  const mode = Math.floor(((firstColumn + 1) * (firstRow + 1)) / (total + 2));
  const observed = logProbability(a);
  const atMode = logProbability(mode);
  // |p_obs − p_mode| / max(p_obs, p_mode) <= 1e-14, in log space (p_mode >= p_obs).
  if (-Math.expm1(observed - atMode) <= relativeTolerance)
    return { statistic: oddsRatio, pValue: 1 };
  const cutoff = observed + Math.log1p(relativeTolerance);
  const pValue =
    tailSum(logProbability, low, mode, 1, cutoff) +
    tailSum(logProbability, high, mode + 1, -1, cutoff);
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
