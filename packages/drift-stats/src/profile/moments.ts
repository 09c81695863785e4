import type { DatasetProfile } from '@ballast/contracts';

/** Count, mean, M2 (sum of squared deviations), min, max and sum of a numeric column. */
export type Moments = NonNullable<DatasetProfile['columns'][number]['moments']>;

/** Moments of no values: the identity of {@link mergeMoments}. */
export function emptyMoments(): Moments {
  return {
    count: 0,
    mean: 0,
    m2: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    sum: 0,
  };
}

/**
 * Moments of one batch of finite values. Two passes over the batch (mean, then squared
 * deviations) keep M2 accurate; batches are then combined with {@link mergeMoments}.
 */
export function momentsOf(values: Float64Array): Moments {
  const count = values.length;
  if (count === 0) return emptyMoments();
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < count; index += 1) {
    const value = values[index] as number;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const mean = sum / count;
  let m2 = 0;
  for (let index = 0; index < count; index += 1) {
    const deviation = (values[index] as number) - mean;
    m2 += deviation * deviation;
  }
  return { count, mean, m2, min, max, sum };
}

/**
 * Combines the moments of two disjoint sets of values exactly (Chan, Golub and LeVeque's
 * parallel update of the mean and M2), so partitions can be profiled anywhere and merged.
 */
export function mergeMoments(left: Moments, right: Moments): Moments {
  if (left.count === 0) return { ...right };
  if (right.count === 0) return { ...left };
  const count = left.count + right.count;
  const delta = right.mean - left.mean;
  return {
    count,
    mean: left.mean + (delta * right.count) / count,
    m2: left.m2 + right.m2 + (delta * delta * left.count * right.count) / count,
    min: Math.min(left.min, right.min),
    max: Math.max(left.max, right.max),
    sum: left.sum + right.sum,
  };
}

/** Population standard deviation (ddof 0, as `np.std`), NaN when empty. */
export function populationStandardDeviation(moments: Moments): number {
  return moments.count === 0 ? Number.NaN : Math.sqrt(moments.m2 / moments.count);
}
