import { mulberry32 } from '@ballast/kit';

/** A source of uniform numbers in [0, 1); inject one to make permutation tests repeatable. */
export type RandomSource = () => number;

/**
 * A small deterministic generator (mulberry32), the default source of the permutation tests
 * so their p-values repeat exactly for a given `seed`.
 */
export function seededGenerator(seed: number): RandomSource {
  return mulberry32(seed);
}

/**
 * Moves a uniformly random subset of `count` entries of `values` to its front (partial
 * Fisher–Yates), in place.
 */
export function shuffleFront<Values extends { [index: number]: number; length: number }>(
  values: Values,
  count: number,
  random: RandomSource,
): void {
  for (let index = 0; index < count; index++) {
    const pick = index + Math.floor(random() * (values.length - index));
    const held = values[index] as number;
    values[index] = values[pick] as number;
    values[pick] = held;
  }
}

/**
 * The permutation p-value with the `(b + 1) / (m + 1)` correction (Phipson & Smyth), so it
 * is never exactly zero: `b` permuted statistics were at least as extreme out of `m`.
 */
export function permutationPValue(atLeastAsExtreme: number, permutations: number): number {
  return (atLeastAsExtreme + 1) / (permutations + 1);
}
