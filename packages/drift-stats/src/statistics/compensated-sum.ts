/**
 * Neumaier-compensated running sum, so long reductions (millions of terms) keep full
 * precision and agree with numpy's pairwise sums to ~1e-15.
 */
export class CompensatedSum {
  private total = 0;
  private compensation = 0;

  /** Adds one term. */
  add(term: number): void {
    const next = this.total + term;
    if (Math.abs(this.total) >= Math.abs(term)) this.compensation += this.total - next + term;
    else this.compensation += term - next + this.total;
    this.total = next;
  }

  /** The compensated sum so far. */
  value(): number {
    return this.total + this.compensation;
  }
}

/**
 * Sum of `values` (optionally of `transform(value)`), in blocks whose sums are compensated.
 */
export function blockSum(values: Float64Array, transform?: (value: number) => number): number {
  const total = new CompensatedSum();
  let block = 0;
  for (let start = 0; start < values.length; start += 256) {
    const end = Math.min(start + 256, values.length);
    block = 0;
    if (transform)
      for (let index = start; index < end; index++) block += transform(values[index] as number);
    else for (let index = start; index < end; index++) block += values[index] as number;
    total.add(block);
  }
  return total.value();
}

/**
 * Mean and variance (`degreesOfFreedomDelta` 0 for population, 1 for sample), two passes
 * with block-compensated sums.
 */
export function meanAndVariance(
  values: Float64Array,
  degreesOfFreedomDelta: number,
): { mean: number; variance: number } {
  const mean = blockSum(values) / values.length;
  const squares = blockSum(values, value => (value - mean) ** 2);
  return { mean, variance: squares / (values.length - degreesOfFreedomDelta) };
}

/** Magnitudes outside [2^-500, 2^500] are rescaled before anything is squared. */
const largeMagnitude = 2 ** 500;
const smallMagnitude = 2 ** -500;

/**
 * A power of two `s` such that `values / s` has magnitudes around 1, or 1 when the largest
 * magnitude is already moderate (so ordinary data are computed exactly as before). Dividing by
 * a power of two is exact, so statistics computed on the scaled values and scaled back cannot
 * overflow (squares of 1e200 would) or underflow (squares of 1e-300 would).
 */
export function magnitudeScale(largestMagnitude: number): number {
  if (
    !Number.isFinite(largestMagnitude) ||
    largestMagnitude === 0 ||
    (largestMagnitude <= largeMagnitude && largestMagnitude >= smallMagnitude)
  )
    return 1;
  const exponent = Math.min(Math.floor(Math.log2(largestMagnitude)), 1023);
  return 2 ** exponent;
}

/** Largest |value| of an ascending sample (its first or last entry). */
export function largestMagnitudeOfSorted(sorted: Float64Array): number {
  if (sorted.length === 0) return 0;
  return Math.max(Math.abs(sorted[0] as number), Math.abs(sorted[sorted.length - 1] as number));
}

/**
 * Mean and variance of `values / scale` (`scale` a power of two, see {@link magnitudeScale}):
 * the mean is `scale ·` and the variance `scale² ·` the returned numbers, which stay finite
 * whatever the input magnitude.
 */
export function scaledMeanAndVariance(
  values: Float64Array,
  degreesOfFreedomDelta: number,
  scale: number,
): { mean: number; variance: number } {
  if (scale === 1) return meanAndVariance(values, degreesOfFreedomDelta);
  const mean = blockSum(values, value => value / scale) / values.length;
  const squares = blockSum(values, value => (value / scale - mean) ** 2);
  return { mean, variance: squares / (values.length - degreesOfFreedomDelta) };
}
