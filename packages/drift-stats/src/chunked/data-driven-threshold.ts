/**
 * How chunk thresholds are learned from the reference chunks' statistics: NannyML's standard
 * deviation rule (`mean ± multiplier·std`, default 3) or empirical quantiles of the reference
 * chunks' statistics.
 */
export type DataDrivenThreshold =
  | { kind: 'std'; multiplier?: number }
  | { kind: 'quantile'; lower?: number; upper?: number };

/** The bounds a chunk's statistic must stay within, learned from the reference chunks. */
export interface ThresholdBounds {
  /** A chunk whose statistic is below this alerts; absent for statistics where only large values mean drift. */
  lower?: number;
  /** A chunk whose statistic is above this alerts. */
  upper: number;
  /** Reference chunks the bounds were learned from. */
  referenceChunks: number;
}

function quantile(sorted: readonly number[], q: number): number {
  // numpy's default (linear) interpolation.
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const lowValue = sorted[low] as number;
  return lowValue + (position - low) * ((sorted[high] as number) - lowValue);
}

/**
 * Bounds for a chunk statistic from its values on the reference chunks: `mean ± m·std`
 * (sample standard deviation, as NannyML's `StandardDeviationThreshold`) or the `lower` and
 * `upper` quantiles (defaults 0 and 1: the reference chunks' range). Needs at least two values.
 */
export function dataDrivenBounds(
  values: readonly number[],
  threshold: DataDrivenThreshold,
): ThresholdBounds {
  const count = values.length;
  if (threshold.kind === 'quantile') {
    const sorted = [...values].sort((left, right) => left - right);
    return {
      lower: quantile(sorted, threshold.lower ?? 0),
      upper: quantile(sorted, threshold.upper ?? 1),
      referenceChunks: count,
    };
  }
  const multiplier = threshold.multiplier ?? 3;
  const mean = values.reduce((sum, value) => sum + value, 0) / count;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (count - 1);
  const spread = multiplier * Math.sqrt(variance);
  return { lower: mean - spread, upper: mean + spread, referenceChunks: count };
}
