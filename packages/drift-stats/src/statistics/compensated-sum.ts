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
