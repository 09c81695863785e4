import { InvalidInputError } from '@ballast/contracts';
import { studentTTwoSided } from '../distributions/incomplete-beta';
import { type NumericSampleInput, prepareSample } from '../input/sorted-sample';
import { largestMagnitudeOfSorted, magnitudeScale, scaledMeanAndVariance } from './compensated-sum';
import { requireValues } from './require-values';
import type { StatisticResult } from './statistic-result';

/** Options of {@link tTest}. */
export interface TTestOptions {
  /** `true` (default, Evidently and scipy's default): Student's pooled variance; `false`: Welch. */
  equalVariance?: boolean;
}

/**
 * Welch–Satterthwaite degrees of freedom `(a + b)² / (a²/(n1 − 1) + b²/(n2 − 1))`, with a and b
 * divided by the larger of the two first so neither square can overflow or underflow.
 */
function welchDegrees(a: number, b: number, n1: number, n2: number): number {
  const larger = Math.max(a, b);
  // Two constant samples: 0/0 as in scipy (the statistic is then ±Infinity or NaN).
  if (larger === 0) return Number.NaN;
  const first = a / larger;
  const second = b / larger;
  return (first + second) ** 2 / (first ** 2 / (n1 - 1) + second ** 2 / (n2 - 1));
}

/**
 * Two-sided two-sample t-test, `scipy.stats.ttest_ind` (Student by default, Welch with
 * `equalVariance: false`). Constant samples give ±Infinity and p = 0 (scipy) when their
 * values differ, and an `INSUFFICIENT_DATA` error when they are equal (scipy: NaN). Finite for any finite input (computed in units of a
 * power of two beyond 1e150); the p-value keeps ~1e-13 relative precision at any degrees of
 * freedom. Evidently id `'t_test'`.
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
  // Means and variances in units of a power of two: values up to ±1.79e308 (or down to 1e-300)
  // never overflow or underflow when squared; t and the degrees of freedom are scale-free.
  const scale = magnitudeScale(
    Math.max(largestMagnitudeOfSorted(first), largestMagnitudeOfSorted(second)),
  );
  const left = scaledMeanAndVariance(first, 1, scale);
  const right = scaledMeanAndVariance(second, 1, scale);
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
    degrees = welchDegrees(leftShare, rightShare, n1, n2);
    standardError = Math.sqrt(leftShare + rightShare);
  }
  const difference = left.mean - right.mean;
  // Two constant samples with the same value: t = 0/0 (scipy's NaN) is undefined.
  if (difference === 0 && standardError === 0) {
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message: 'tTest is undefined when both samples are constant and equal (t = 0/0).',
      details: { path: 'current' },
    });
  }
  const statistic = difference / standardError;
  return { statistic, pValue: studentTTwoSided(statistic, degrees) };
}
