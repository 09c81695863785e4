import { ColumnStatistics, type StatisticNeeds } from '../engine/column-statistics';
import { type QuantileInterpolation, quantileOfSorted } from '../statistics/quantile';

/**
 * Column statistics whose counts, moments and value counts were computed by the engine. The
 * exact order statistics a quantile reads were fetched by rank (see `exactQuantiles`), so
 * `quantiles` reads them from a sparse sorted stand-in instead of retained values.
 */
export class SqlColumnStatistics extends ColumnStatistics {
  /** The fetched order statistics, by 0-based rank, over `numericCount` sorted values. */
  sorted: ArrayLike<number> = { length: 0 };

  constructor(needs: StatisticNeeds = {}) {
    // Values are never retained in Node: the engine keeps them.
    super({ ...needs, values: false });
  }

  override quantiles(qs: readonly number[], interpolation: QuantileInterpolation): number[] {
    return qs.map(q => quantileOfSorted(this.sorted, q, interpolation));
  }
}
