import { kolmogorovSurvival } from '../distributions/kolmogorov';
import { type NumericSampleInput, prepareSample } from '../input/sorted-sample';
import { greatestCommonDivisor } from './pooled-groups';
import { requireValues } from './require-values';
import type { StatisticResult } from './statistic-result';

/** Options of {@link ks}. */
export interface KolmogorovSmirnovOptions {
  /** `'auto'` (scipy's default: exact when `max(n1, n2) <= 10000`), `'exact'` or `'asymptotic'`. */
  method?: 'auto' | 'exact' | 'asymptotic';
}

/**
 * Largest |ECDF difference| by merging the two sorted samples once. Once one sample is
 * exhausted the difference moves monotonically towards 0, so the scan stops there.
 */
function largestDifference(first: Float64Array, second: Float64Array): number {
  const n1 = first.length;
  const n2 = second.length;
  let i = 0;
  let j = 0;
  let maximum = 0;
  let minimum = 0;
  while (i < n1 && j < n2) {
    const a = first[i] as number;
    const b = second[j] as number;
    const value = Math.min(a, b);
    while (i < n1 && first[i] === value) i++;
    while (j < n2 && second[j] === value) j++;
    const difference = i / n1 - j / n2;
    if (difference > maximum) maximum = difference;
    else if (difference < minimum) minimum = difference;
  }
  return Math.max(Math.min(-minimum, 1), maximum);
}

function probabilityOutsideSquare(n: number, h: number): number {
  let total = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let product = 1;
    for (let j = 0; j < h; j++) product = ((n - k * h - j) * product) / (n + k * h + j + 1);
    total = product * (1 - total);
  }
  return 2 * total;
}

function outerProbabilityInside(first: number, second: number, g: number, h: number): number {
  const m = Math.max(first, second);
  const n = Math.min(first, second);
  const mg = m / g;
  const ng = n / g;
  let minimumJ = 0;
  let maximumJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maximumJ - minimumJ;
  const lengthA = Math.min(2 * maximumJ + 2, n + 1);
  const a = new Float64Array(lengthA).fill(1);
  a.fill(0, minimumJ, maximumJ);
  for (let i = 1; i <= m; i++) {
    const lastMinimumJ = minimumJ;
    const lastLength = currentLength;
    minimumJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maximumJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maximumJ <= minimumJ) return 1;
    let value = minimumJ === 0 ? 0 : 1;
    for (let jj = 0; jj < maximumJ - minimumJ; jj++) {
      const j = jj + minimumJ;
      value = ((a[jj + minimumJ - lastMinimumJ] as number) * i + value * j) / (i + j);
      a[jj] = value;
    }
    currentLength = maximumJ - minimumJ;
    if (lastLength > currentLength)
      a.fill(1, maximumJ - minimumJ, maximumJ - minimumJ + (lastLength - currentLength));
  }
  return a[maximumJ - minimumJ - 1] as number;
}

function exactProbability(
  n1: number,
  n2: number,
  g: number,
  d: number,
): { d: number; p: number } | undefined {
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const rounded = h / lcm;
  if (h === 0) return { d: rounded, p: 1 };
  const p = n1 === n2 ? probabilityOutsideSquare(n1, h) : outerProbabilityInside(n1, n2, g, h);
  if (!Number.isFinite(p) || p < 0 || p > 1) return undefined;
  return { d: rounded, p };
}

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, matching `scipy.stats.ks_2samp` with
 * `method='auto'`: exact p-value (Hodges' lattice-path method, Viehmann's stable recursion)
 * when `max(n1, n2) <= 10000`, otherwise `kstwo.sf(D, round(n1·n2 / (n1 + n2)))`.
 * Evidently id `'ks'`.
 *
 * @example
 * ```ts
 * const { statistic, pValue } = ks(reference, current);
 * ```
 */
export function ks(
  reference: NumericSampleInput,
  current: NumericSampleInput,
  options: KolmogorovSmirnovOptions = {},
): StatisticResult {
  const first = requireValues(prepareSample(reference, 'reference'), 'reference', 1);
  const second = requireValues(prepareSample(current, 'current'), 'current', 1);
  const n1 = first.length;
  const n2 = second.length;
  const statistic = largestDifference(first, second);
  const method = options.method ?? 'auto';
  const g = greatestCommonDivisor(n1, n2);
  // scipy switches an explicit 'exact' request to asymptotic when lcm(n1, n2) would overflow int32.
  const exactFeasible = n1 / g < 2_147_483_647 / (n2 / g);
  const useExact =
    (method === 'exact' && exactFeasible) || (method === 'auto' && Math.max(n1, n2) <= 10_000);
  if (useExact) {
    const exact = exactProbability(n1, n2, g, statistic);
    if (exact) return { statistic: exact.d, pValue: Math.min(Math.max(exact.p, 0), 1) };
  }
  const [larger, smaller] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const effective = (larger * smaller) / (larger + smaller);
  return { statistic, pValue: kolmogorovSurvival(statistic, roundHalfEven(effective)) };
}

/**
 * numpy's `round` (ties to even), used where scipy rounds the effective sample size.
 */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const difference = value - floor;
  if (difference > 0.5) return floor + 1;
  if (difference < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
