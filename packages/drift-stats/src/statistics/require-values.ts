import { InvalidInputError } from '@ballast/contracts';
import type { SortedSample } from '../input/sorted-sample';

/**
 * The sorted values of a sample, or a typed error naming the side when it has fewer than
 * `minimum` non-missing values.
 */
export function requireValues(sample: SortedSample, side: string, minimum: number): Float64Array {
  if (sample.sorted.length < minimum) {
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message: `${side} has ${sample.sorted.length} non-missing values; this statistic needs at least ${minimum}.`,
      details: { path: side, received: sample.sorted.length, expected: minimum },
    });
  }
  return sample.sorted;
}
