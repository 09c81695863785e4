import { CompensatedSum } from './compensated-sum';

/** Terms are added in blocks and the block sums compensated: close to numpy's pairwise sum, cheaper than compensating every term. */
const blockSize = 256;

/**
 * An ascending sample as the steps of its empirical CDF: its distinct values and, for each, the
 * CDF just after it (values up to and including it, divided by the sample size: the quotient a
 * merge over the raw sample computes). A sample compared with many others (a monitor's
 * reference) is stepped once, and each comparison then walks fewer points with no division.
 */
export interface CdfSteps {
  readonly values: Float64Array;
  readonly cdf: Float64Array;
}

/** The CDF steps of an ascending, non-empty sample; `values` is the sample itself when no value repeats. */
export function cdfSteps(sorted: Float64Array): CdfSteps {
  const length = sorted.length;
  const cdf = new Float64Array(length);
  // Distinct values are written out only once a repeat shows up.
  let values: Float64Array | undefined;
  let steps = 0;
  let index = 0;
  while (index < length) {
    const value = sorted[index] as number;
    index++;
    while (index < length && sorted[index] === value) index++;
    if (values === undefined && index !== steps + 1) {
      values = new Float64Array(length);
      values.set(sorted.subarray(0, steps));
    }
    if (values !== undefined) values[steps] = value;
    cdf[steps] = index / length;
    steps++;
  }
  if (values === undefined) return { values: sorted, cdf };
  return { values: values.subarray(0, steps), cdf: cdf.subarray(0, steps) };
}

/**
 * `scipy.stats._cdf_distance` on two ascending samples, the first given as its CDF steps:
 * `Σ |F_u − F_v|^p · Δ` over the pooled order, for p = 1 (returned as is) or p = 2 (square
 * root taken). With `scale` (a power of two) the gaps Δ are measured in units of `scale`, so
 * `−1.79e308 … 1.79e308` cannot overflow; the result is then in those units too.
 */
export function cdfDistance(
  first: CdfSteps,
  second: Float64Array,
  power: 1 | 2,
  scale = 1,
): number {
  const { values, cdf } = first;
  const steps = values.length;
  const n2 = second.length;
  const total = new CompensatedSum();
  let block = 0;
  let inBlock = 0;
  let k = 0;
  let j = 0;
  // The CDF of the second sample, j / n2, divided again only when j moves: the same quotients
  // as dividing at every step, so the sum is bit for bit the same.
  let cdf1 = 0;
  let cdf2 = 0;
  let previous = Math.min(values[0] as number, second[0] as number);
  // The pooled order walked one `second` value at a time: first the steps of `first` below it
  // (a tight loop whose branch is predictable), then the value itself with any equal step and
  // equal `second` values. The points and the terms are those of a plain merge, in the same
  // order. The term at each point (`value !== previous`) is written out three times: a shared
  // closure over these variables would keep them in a heap context and halve the speed.
  while (j < n2) {
    const b = second[j] as number;
    while (k < steps) {
      const a = values[k] as number;
      if (!(a < b)) break;
      if (a !== previous) {
        const difference = Math.abs(cdf1 - cdf2);
        const gap = scale === 1 ? a - previous : a / scale - previous / scale;
        block += (power === 1 ? difference : difference * difference) * gap;
        previous = a;
        if (++inBlock === blockSize) {
          total.add(block);
          block = 0;
          inBlock = 0;
        }
      }
      cdf1 = cdf[k] as number;
      k++;
    }
    // Math.min as the merge takes it: -0 when one sample has -0 and the other +0.
    const value = k < steps ? Math.min(values[k] as number, b) : b;
    if (value !== previous) {
      const difference = Math.abs(cdf1 - cdf2);
      const gap = scale === 1 ? value - previous : value / scale - previous / scale;
      block += (power === 1 ? difference : difference * difference) * gap;
      previous = value;
      if (++inBlock === blockSize) {
        total.add(block);
        block = 0;
        inBlock = 0;
      }
    }
    if (k < steps && values[k] === b) {
      cdf1 = cdf[k] as number;
      k++;
    }
    j++;
    while (j < n2 && second[j] === b) j++;
    cdf2 = j / n2;
  }
  while (k < steps) {
    const a = values[k] as number;
    if (a !== previous) {
      const difference = Math.abs(cdf1 - cdf2);
      const gap = scale === 1 ? a - previous : a / scale - previous / scale;
      block += (power === 1 ? difference : difference * difference) * gap;
      previous = a;
      if (++inBlock === blockSize) {
        total.add(block);
        block = 0;
        inBlock = 0;
      }
    }
    cdf1 = cdf[k] as number;
    k++;
  }
  total.add(block);
  return power === 1 ? total.value() : Math.sqrt(total.value());
}
