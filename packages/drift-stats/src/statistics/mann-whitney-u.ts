import { normalCdf } from '../distributions/normal';
import { type NumericSampleInput, prepareSample } from '../input/sorted-sample';
import { CompensatedSum } from './compensated-sum';
import { pooledRanks } from './pooled-ranks';
import { requireValues } from './require-values';
import type { StatisticResult } from './statistic-result';

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyUOptions {
  /** `'two-sided'` (default), or one-sided (`'less'` is what Evidently's `mannw` uses). */
  alternative?: 'two-sided' | 'less' | 'greater';
  /** `'auto'` (scipy): exact when one side has at most 8 values and there are no ties. */
  method?: 'auto' | 'exact' | 'asymptotic';
  /** Continuity correction of the normal approximation. Default `true`. */
  continuity?: boolean;
}

/** Exact null frequencies of U for sizes (m, n): coefficients of the Gaussian binomial [m+n choose m]_q. */
function exactFrequencies(m: number, n: number): Float64Array {
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  const maximum = small * large;
  let frequencies = new Float64Array(maximum + 1);
  frequencies[0] = 1;
  // ∏_{i=1..small} (1 − q^{large+i}) / (1 − q^i), multiplying and dividing one factor at a time.
  for (let i = 1; i <= small; i++) {
    const next = frequencies.slice();
    for (let degree = maximum; degree >= large + i; degree--) {
      next[degree] = (next[degree] as number) - (next[degree - large - i] as number);
    }
    for (let degree = i; degree <= maximum; degree++) {
      next[degree] = (next[degree] as number) + (next[degree - i] as number);
    }
    frequencies = next;
  }
  return frequencies;
}

function exactSurvival(u: number, m: number, n: number): number {
  const frequencies = exactFrequencies(m, n);
  let total = 0;
  for (const frequency of frequencies) total += frequency;
  const complement = m * n - u;
  const cdf = (k: number) => {
    let sum = 0;
    for (let index = 0; index <= k; index++) sum += frequencies[index] as number;
    return sum / total;
  };
  if (u < complement) return 1 - cdf(u) + (frequencies[u] as number) / total;
  return cdf(complement);
}

/**
 * Mann–Whitney U test, `scipy.stats.mannwhitneyu` defaults: two-sided, midranks with tie
 * correction, continuity correction, exact distribution when either sample has at most 8
 * values and there are no ties. The statistic is U of the reference. Evidently id `'mannw'`
 * (Evidently itself runs the one-sided `'less'` alternative; pass `alternative: 'less'` to
 * reproduce it).
 *
 * @example
 * ```ts
 * mannWhitneyU(reference, current).pValue;
 * ```
 */
export function mannWhitneyU(
  reference: NumericSampleInput,
  current: NumericSampleInput,
  options: MannWhitneyUOptions = {},
): StatisticResult {
  const first = requireValues(prepareSample(reference, 'reference'), 'reference', 1);
  const second = requireValues(prepareSample(current, 'current'), 'current', 1);
  const n1 = first.length;
  const n2 = second.length;
  const { firstRanks, tieTerm } = pooledRanks(first, second);
  const rankSum = new CompensatedSum();
  for (const rank of firstRanks) rankSum.add(rank);
  const u1 = rankSum.value() - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const alternative = options.alternative ?? 'two-sided';
  const [u, factor] =
    alternative === 'greater' ? [u1, 1] : alternative === 'less' ? [u2, 1] : [Math.max(u1, u2), 2];
  let method = options.method ?? 'auto';
  if (method === 'auto') method = (n1 > 8 && n2 > 8) || tieTerm > 0 ? 'asymptotic' : 'exact';
  let pValue: number;
  if (method === 'exact') {
    pValue = exactSurvival(Math.round(u), n1, n2);
  } else {
    const total = n1 + n2;
    const deviation = Math.sqrt(((n1 * n2) / 12) * (total + 1 - tieTerm / (total * (total - 1))));
    let numerator = u - (n1 * n2) / 2;
    if (options.continuity ?? true) numerator -= 0.5;
    pValue = normalCdf(-(numerator / deviation));
  }
  return { statistic: u1, pValue: Math.min(Math.max(pValue * factor, 0), 1) };
}
