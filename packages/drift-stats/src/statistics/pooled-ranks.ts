import { forEachPooledGroup } from './pooled-groups';

/** Midranks of two sorted samples in their pooled order. */
export interface PooledRanks {
  /** Rank of each value of the first sample (ascending order), ties averaged. */
  firstRanks: Float64Array;
  /** Rank of each value of the second sample (ascending order), ties averaged. */
  secondRanks: Float64Array;
  /** `Σ (t³ − t)` over tie groups. */
  tieTerm: number;
}

/**
 * Average ranks (`scipy.stats.rankdata(method='average')`) of two ascending samples in the
 * pooled sample, by one merge pass instead of a pooled sort.
 */
export function pooledRanks(first: Float64Array, second: Float64Array): PooledRanks {
  const firstRanks = new Float64Array(first.length);
  const secondRanks = new Float64Array(second.length);
  let position = 0;
  let tieTerm = 0;
  forEachPooledGroup(first, second, (_value, firstStart, firstEnd, secondStart, secondEnd) => {
    const groupSize = firstEnd - firstStart + (secondEnd - secondStart);
    const rank = position + (groupSize + 1) / 2;
    firstRanks.fill(rank, firstStart, firstEnd);
    secondRanks.fill(rank, secondStart, secondEnd);
    position += groupSize;
    if (groupSize > 1) tieTerm += groupSize ** 3 - groupSize;
    return true;
  });
  return { firstRanks, secondRanks, tieTerm };
}
