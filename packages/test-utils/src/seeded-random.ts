/**
 * A small deterministic generator (mulberry32) so fixtures and property tests repeat exactly.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * const sample = Array.from({ length: 100 }, () => random.normal(0, 1));
 * ```
 */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    /** Uniform in [0, 1). */
    next,
    /** Uniform integer in [0, upper). */
    integer: (upper: number): number => Math.floor(next() * upper),
    /** Normal by Box–Muller. */
    normal: (mean = 0, standardDeviation = 1): number => {
      const u = 1 - next();
      const v = next();
      return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    /** One element of `values`, uniformly. */
    pick: <Value>(values: readonly Value[]): Value =>
      values[Math.floor(next() * values.length)] as Value,
  };
}
