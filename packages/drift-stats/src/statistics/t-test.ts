import { InvalidInputError } from '@ballast/contracts';
import { studentTTwoSided } from '../distributions/incomplete-beta';
import { type NumericSampleInput, prepareSample } from '../input/sorted-sample';
import { meanAndVariance } from './compensated-sum';
import { requireValues } from './require-values';
import type { StatisticResult } from './statistic-result';

/** Options of {@link tTest}. */
export interface TTestOptions {
  /** `true` (default, Evidently and scipy's default): Student's pooled variance; `false`: Welch. */
  equalVariance?: boolean;
}

/**
 * Two-sided two-sample t-test, `scipy.stats.ttest_ind` (Student by default, Welch with
 * `equalVariance: false`). Constant samples give the scipy results: NaN when both means are
 * equal, ±Infinity and p = 0 otherwise. Evidently id `'t_test'`.
 *
 * @example
 * ```ts
 * tTest(reference, current, { equalVariance: false }).pValue;
 * ```
 */
export function tTest(
  reference: NumericSampleInput,
  current: NumericSampleInput,
  options: TTestOptions = {},
): StatisticResult {
  const equalVariance = options.equalVariance ?? true;
  // Student's pooled variance is defined when one side has a single value; Welch's is not.
  const minimum = equalVariance ? 1 : 2;
  const first = requireValues(prepareSample(reference, 'reference'), 'reference', minimum);
  const second = requireValues(prepareSample(current, 'current'), 'current', minimum);
  const n1 = first.length;
  const n2 = second.length;
  if (n1 + n2 < 3) {
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message: 'tTest needs at least three values in total (one degree of freedom).',
      details: { path: 'current', received: n1 + n2, expected: 3 },
    });
  }
  const left = meanAndVariance(first, 1);
  const right = meanAndVariance(second, 1);
  let degrees: number;
  let standardError: number;
  if (equalVariance) {
    degrees = n1 + n2 - 2;
    // A single value contributes no spread (its ddof-1 variance is NaN, weighted by 0).
    const spread = (size: number, variance: number) => (size > 1 ? (size - 1) * variance : 0);
    const pooled = (spread(n1, left.variance) + spread(n2, right.variance)) / degrees;
    standardError = Math.sqrt(pooled * (1 / n1 + 1 / n2));
  } else {
    const leftShare = left.variance / n1;
    const rightShare = right.variance / n2;
    degrees =
      (leftShare + rightShare) ** 2 / (leftShare ** 2 / (n1 - 1) + rightShare ** 2 / (n2 - 1));
    standardError = Math.sqrt(leftShare + rightShare);
  }
  const statistic = (left.mean - right.mean) / standardError;
  return { statistic, pValue: studentTTwoSided(statistic, degrees) };
}
