import { CompensatedSum } from './compensated-sum';

/** Terms are added in blocks and the block sums compensated: close to numpy's pairwise sum, cheaper than compensating every term. */
const blockSize = 256;

/**
 * `scipy.stats._cdf_distance` on two ascending samples: `Σ |F_u − F_v|^p · Δ` over the
 * pooled order, for p = 1 (returned as is) or p = 2 (square root taken). With `scale` (a power
 * of two) the gaps Δ are measured in units of `scale`, so `−1.79e308 … 1.79e308` cannot
 * overflow; the result is then in those units too.
 */
export function cdfDistance(
  first: Float64Array,
  second: Float64Array,
  power: 1 | 2,
  scale = 1,
): number {
  const n1 = first.length;
  const n2 = second.length;
  const total = new CompensatedSum();
  let block = 0;
  let inBlock = 0;
  let i = 0;
  let j = 0;
  // The CDFs i / n1 and j / n2, divided again only when i or j moves: the same quotients as
  // dividing at every step, so the sum is bit for bit the same.
  let cdf1 = 0;
  let cdf2 = 0;
  let previous = Math.min(first[0] as number, second[0] as number);
  // The pooled order walked one `second` value at a time: first the run of `first` values below
  // it (a tight loop whose branch is predictable), then the value itself with any equal ones of
  // both samples. The points and the terms are those of a plain merge, in the same order. The
  // term at each point (`value !== previous`) is written out three times: a shared closure over
  // these variables would keep them in a heap context and halve the speed.
  while (j < n2) {
    const b = second[j] as number;
    while (i < n1) {
      const a = first[i] as number;
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
      i++;
      while (i < n1 && first[i] === a) i++;
      cdf1 = i / n1;
    }
    // Math.min as the merge takes it: -0 when one sample has -0 and the other +0.
    const value = i < n1 ? Math.min(first[i] as number, b) : b;
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
    if (i < n1 && first[i] === b) {
      i++;
      while (i < n1 && first[i] === b) i++;
      cdf1 = i / n1;
    }
    j++;
    while (j < n2 && second[j] === b) j++;
    cdf2 = j / n2;
  }
  while (i < n1) {
    const a = first[i] as number;
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
    i++;
    while (i < n1 && first[i] === a) i++;
    cdf1 = i / n1;
  }
  total.add(block);
  return power === 1 ? total.value() : Math.sqrt(total.value());
}
