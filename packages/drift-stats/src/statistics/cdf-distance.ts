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
  let previous = Math.min(first[0] as number, second[0] as number);
  while (i < n1 || j < n2) {
    const a = i < n1 ? (first[i] as number) : Number.POSITIVE_INFINITY;
    const b = j < n2 ? (second[j] as number) : Number.POSITIVE_INFINITY;
    const value = Math.min(a, b);
    if (value !== previous) {
      const difference = Math.abs(i / n1 - j / n2);
      const gap = scale === 1 ? value - previous : value / scale - previous / scale;
      block += (power === 1 ? difference : difference * difference) * gap;
      previous = value;
      if (++inBlock === blockSize) {
        total.add(block);
        block = 0;
        inBlock = 0;
      }
    }
    while (i < n1 && first[i] === value) i++;
    while (j < n2 && second[j] === value) j++;
  }
  total.add(block);
  return power === 1 ? total.value() : Math.sqrt(total.value());
}
