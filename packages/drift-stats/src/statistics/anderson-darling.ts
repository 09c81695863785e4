import { InvalidInputError } from '@ballast/contracts';
import { type NumericSampleInput, prepareSample } from '../input/sorted-sample';
import { CompensatedSum } from './compensated-sum';
import { forEachPooledGroup } from './pooled-groups';
import { requireValues } from './require-values';
import type { StatisticResult } from './statistic-result';

const significanceLevels = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
const b0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const b1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const b2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

/** Midrank A²akN (Scholz & Stephens eq. 7) of two sorted samples by one merge pass. */
function midrankStatistic(samples: Float64Array[], total: number): number {
  const [first, second] = samples as [Float64Array, Float64Array];
  const sums = [new CompensatedSum(), new CompensatedSum()];
  let below = 0;
  forEachPooledGroup(first, second, (_value, firstStart, firstEnd, secondStart, secondEnd) => {
    const groupSize = firstEnd - firstStart + (secondEnd - secondStart);
    const bj = below + groupSize / 2;
    const denominator = bj * (total - bj) - (total * groupSize) / 4;
    const counts: Array<[number, number, number]> = [
      [firstEnd, firstEnd - firstStart, first.length],
      [secondEnd, secondEnd - secondStart, second.length],
    ];
    counts.forEach(([atOrBelow, equal, size], index) => {
      const mij = atOrBelow - equal / 2;
      (sums[index] as CompensatedSum).add(
        ((groupSize / total) * (total * mij - bj * size) ** 2) / denominator,
      );
    });
    below += groupSize;
    return true;
  });
  const statistic =
    (sums[0] as CompensatedSum).value() / first.length +
    (sums[1] as CompensatedSum).value() / second.length;
  return (statistic * (total - 1)) / total;
}

/** Least-squares quadratic through (x, y), as `numpy.polyfit(x, y, 2)`; returns [a, b, c] of a x² + b x + c. */
function fitQuadratic(x: number[], y: number[]): [number, number, number] {
  const sums = new Float64Array(5);
  const right = new Float64Array(3);
  x.forEach((value, index) => {
    for (let power = 0; power < 5; power++) sums[power] = (sums[power] as number) + value ** power;
    for (let power = 0; power < 3; power++)
      right[power] = (right[power] as number) + (y[index] as number) * value ** power;
  });
  // Normal equations for coefficients [c, b, a], solved by Gaussian elimination with pivoting.
  const matrix = [0, 1, 2].map(row =>
    [0, 1, 2].map(column => sums[row + column] as number).concat(right[row] as number),
  );
  for (let pivot = 0; pivot < 3; pivot++) {
    let best = pivot;
    for (let row = pivot + 1; row < 3; row++) {
      if (
        Math.abs((matrix[row] as number[])[pivot] as number) >
        Math.abs((matrix[best] as number[])[pivot] as number)
      )
        best = row;
    }
    [matrix[pivot], matrix[best]] = [matrix[best] as number[], matrix[pivot] as number[]];
    const pivotRow = matrix[pivot] as number[];
    for (let row = pivot + 1; row < 3; row++) {
      const target = matrix[row] as number[];
      const factor = (target[pivot] as number) / (pivotRow[pivot] as number);
      for (let column = pivot; column < 4; column++)
        target[column] = (target[column] as number) - factor * (pivotRow[column] as number);
    }
  }
  const solution = [0, 0, 0];
  for (let row = 2; row >= 0; row--) {
    const current = matrix[row] as number[];
    let value = current[3] as number;
    for (let column = row + 1; column < 3; column++)
      value -= (current[column] as number) * (solution[column] as number);
    solution[row] = value / (current[row] as number);
  }
  return [solution[2] as number, solution[1] as number, solution[0] as number];
}

/**
 * k-sample Anderson–Darling test for two samples, `scipy.stats.anderson_ksamp` with the
 * midrank variant: the standardised statistic, and scipy's interpolated p-value capped at
 * 0.25 and floored at 0.001. Evidently id `'anderson'`, threshold 0.1 (`p < threshold`).
 *
 * @example
 * ```ts
 * andersonDarling(reference, current); // { statistic, pValue } with 0.001 <= pValue <= 0.25
 * ```
 */
export function andersonDarling(
  reference: NumericSampleInput,
  current: NumericSampleInput,
): StatisticResult {
  const first = requireValues(prepareSample(reference, 'reference'), 'reference', 1);
  const second = requireValues(prepareSample(current, 'current'), 'current', 1);
  const total = first.length + second.length;
  if (total < 4) {
    // The variance of the statistic divides by (N − 1)(N − 2)(N − 3).
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message: `andersonDarling needs at least 4 values across reference and current; received ${total}.`,
      details: { path: 'current', received: total, expected: 4 },
    });
  }
  const pooledMinimum = Math.min(first[0] as number, second[0] as number);
  const pooledMaximum = Math.max(first.at(-1) as number, second.at(-1) as number);
  if (pooledMinimum === pooledMaximum) {
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message: 'andersonDarling needs more than one distinct value across reference and current.',
      details: { path: 'reference' },
    });
  }
  const statistic = midrankStatistic([first, second], total);
  const k = 2;
  const harmonicSampleSizes = 1 / first.length + 1 / second.length;
  let cumulative = 0;
  let g = 0;
  // hs_cs[i] = Σ_{j=N-1-i}^{N-1} 1/j, paired with divisors 2..N-1 in order.
  for (let index = 0; index < total - 2; index++) {
    cumulative += 1 / (total - 1 - index);
    g += cumulative / (index + 2);
  }
  const h = cumulative + 1;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * harmonicSampleSizes;
  const b =
    (2 * g - 4) * k ** 2 +
    8 * h * k +
    (2 * g - 14 * h - 4) * harmonicSampleSizes -
    8 * h +
    4 * g -
    6;
  const c =
    (6 * h + 2 * g - 2) * k ** 2 +
    (4 * h - 4 * g + 6) * k +
    (2 * h - 6) * harmonicSampleSizes +
    4 * h;
  const d = (2 * h + 6) * k ** 2 - 4 * h * k;
  const variance =
    (a * total ** 3 + b * total ** 2 + c * total + d) / ((total - 1) * (total - 2) * (total - 3));
  const m = k - 1;
  const standardised = (statistic - m) / Math.sqrt(variance);
  const critical = b0.map(
    (value, index) => value + (b1[index] as number) / Math.sqrt(m) + (b2[index] as number) / m,
  );
  let pValue: number;
  if (standardised < Math.min(...critical)) pValue = 0.25;
  else if (standardised > Math.max(...critical)) pValue = 0.001;
  else {
    const [qa, qb, qc] = fitQuadratic(critical, significanceLevels.map(Math.log));
    pValue = Math.exp((qa * standardised + qb) * standardised + qc);
  }
  return { statistic: standardised, pValue };
}
