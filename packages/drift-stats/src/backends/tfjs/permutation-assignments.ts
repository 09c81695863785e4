import { seededGenerator, shuffleFront } from '../../random/seeded-generator';

/**
 * `permutations` seeded random splits of `size` pooled rows into a first group of
 * `firstSize` rows: a `size × permutations` 0/1 matrix in row-major order (column p marks the
 * rows of the first group in permutation p). A partial Fisher–Yates shuffle per column makes
 * every split equally likely; the same seed gives the same splits.
 */
export function permutationAssignments(
  size: number,
  firstSize: number,
  permutations: number,
  seed: number,
): Float32Array {
  const random = seededGenerator(seed);
  const assignments = new Float32Array(size * permutations);
  const order = new Int32Array(size);
  for (let permutation = 0; permutation < permutations; permutation += 1) {
    for (let index = 0; index < size; index += 1) order[index] = index;
    shuffleFront(order, firstSize, random);
    for (let index = 0; index < firstSize; index += 1) {
      assignments[(order[index] as number) * permutations + permutation] = 1;
    }
  }
  return assignments;
}
