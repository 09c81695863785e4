import type { ColumnProfile } from '@ballast/contracts';
import { kolmogorovSurvival } from '../distributions/kolmogorov';
import { type KllSketch, upperBound } from '../sketch/kll-sketch';
import { roundHalfEven } from '../statistics/kolmogorov-smirnov';
import { populationStandardDeviation } from './moments';
import {
  type ApproximateStatistic,
  exactReferenceValues,
  type ProfileApproximation,
  type ReferenceCdf,
  referenceCdf,
} from './sketch-distances';

/**
 * One profiled side of a comparison between two profiles: its step CDF, exact where the profile
 * kept the values (all of them, or the tails) and within `rankError` of the true CDF elsewhere
 * (99% confidence for a streamed KLL sketch, with certainty for a pushdown rank summary).
 */
export interface ProfiledDistribution {
  cdf: ReferenceCdf;
  /** 0 when the profile kept every value. */
  rankError: number;
  count: number;
  min: number;
  max: number;
}

/** The distribution a column's quantile sketch describes: its exact values when it kept them all. */
export function profiledDistribution(sketch: KllSketch): ProfiledDistribution {
  const exact = exactReferenceValues(sketch);
  if (exact) return exactDistribution(exact);
  return {
    cdf: referenceCdf(sketch),
    rankError: sketch.rankError,
    count: sketch.count,
    min: sketch.min,
    max: sketch.max,
  };
}

/** The empirical CDF of sorted values, exact everywhere. */
export function exactDistribution(sorted: Float64Array): ProfiledDistribution {
  const points: number[] = [];
  const cdf: number[] = [];
  for (let index = 0; index < sorted.length; ) {
    const point = sorted[index] as number;
    index = upperBound(sorted, point);
    points.push(point);
    cdf.push(index / sorted.length);
  }
  return {
    cdf: {
      points: Float64Array.from(points),
      cdf: Float64Array.from(cdf),
      // An empty interval: the rank error applies nowhere.
      uncertain: { from: Number.POSITIVE_INFINITY, to: Number.NEGATIVE_INFINITY },
      total: sorted.length,
    },
    rankError: 0,
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** The rank error of `side` at `point`: none where its CDF is exact (kept values, exact tails). */
function errorAt(side: ProfiledDistribution, point: number): number {
  const { from, to } = side.cdf.uncertain;
  return point >= from && point < to ? side.rankError : 0;
}

/**
 * Walks two step CDFs over every point where either jumps, calling
 * `visit(x, nextX, a(x), b(x))` for each segment [x, nextX) on which both are constant.
 */
function walkPair(
  a: ReferenceCdf,
  b: ReferenceCdf,
  visit: (point: number, nextPoint: number, aValue: number, bValue: number) => void,
): void {
  let aIndex = 0;
  let bIndex = 0;
  let point = Math.min(a.points[0] ?? Infinity, b.points[0] ?? Infinity);
  while (point !== Infinity) {
    while (aIndex < a.points.length && (a.points[aIndex] as number) <= point) aIndex += 1;
    while (bIndex < b.points.length && (b.points[bIndex] as number) <= point) bIndex += 1;
    const aValue = aIndex === 0 ? 0 : (a.cdf[aIndex - 1] as number);
    const bValue = bIndex === 0 ? 0 : (b.cdf[bIndex - 1] as number);
    const nextPoint = Math.min(a.points[aIndex] ?? Infinity, b.points[bIndex] ?? Infinity);
    visit(point, nextPoint, aValue, bValue);
    point = nextPoint;
  }
}

/** How a statistic between two profiles relates to the exact one, with each side's rank error. */
export interface PairApproximation extends ProfileApproximation {
  /** Rank error of the reference CDF (0 when it is exact). */
  referenceRankError: number;
  /** Rank error of the current CDF (0 when it is exact). */
  currentRankError: number;
}

function pairApproximation(
  reference: ProfiledDistribution,
  current: ProfiledDistribution,
  errorBound: number,
  conservativeStatistic: number,
): PairApproximation {
  const sketched = (reference.rankError > 0 ? 1 : 0) + (current.rankError > 0 ? 1 : 0);
  return {
    kind: sketched === 0 ? 'exact' : 'kll-sketch',
    rankError: reference.rankError + current.rankError,
    errorBound,
    conservativeStatistic,
    // Each sketch holds its bound with 99% confidence; both at once with at least 98% (union bound).
    confidence: 1 - 0.01 * sketched,
    referenceRankError: reference.rankError,
    currentRankError: current.rankError,
  };
}

/**
 * Two-sample Kolmogorov–Smirnov between two profiled distributions. D is read from the two
 * CDFs; since each is within its rank error of the true one, the true D is at least
 * `D' = max(0, max over points of gap − errors that apply there)`, and the p-value is the
 * asymptotic `kstwo.sf(D', round(n·m / (n + m)))` of that conservative statistic: an upper bound
 * on the exact test's p-value whenever both sketches hold their bounds, so at level α the
 * false-drift rate on data from one distribution is at most α + 2% (α + 1% with one exact side).
 */
export function ksBetweenDistributions(
  reference: ProfiledDistribution,
  current: ProfiledDistribution,
): ApproximateStatistic {
  let statistic = 0;
  let conservative = 0;
  walkPair(reference.cdf, current.cdf, (point, _next, referenceValue, currentValue) => {
    const gap = Math.abs(referenceValue - currentValue);
    if (gap > statistic) statistic = gap;
    const sure = gap - errorAt(reference, point) - errorAt(current, point);
    if (sure > conservative) conservative = sure;
  });
  const n = reference.count;
  const m = current.count;
  const errorBound = reference.rankError + current.rankError;
  return {
    statistic,
    pValue: kolmogorovSurvival(conservative, roundHalfEven((n * m) / (n + m))),
    errorBound,
    approximation: pairApproximation(reference, current, errorBound, conservative),
  };
}

/** Width of the range where a side's CDF carries its rank error (0 when exact). */
function uncertainWidth(side: ProfiledDistribution): number {
  if (side.rankError === 0) return 0;
  const from = Math.max(side.cdf.uncertain.from, side.min);
  const to = Math.min(side.cdf.uncertain.to, side.max);
  return Math.max(0, to - from);
}

/**
 * Evidently's normed Wasserstein distance between two profiled distributions: ∫|F − G| over the
 * two step CDFs, divided by the reference's population standard deviation (floored at 0.001).
 * Each CDF is within its rank error of the true one over the range where it is uncertain, so
 * `errorBound = Σ rankError × width / norm`; the verdict is taken on
 * `max(0, statistic − errorBound)`.
 */
export function wassersteinBetweenDistributions(
  reference: ProfiledDistribution,
  current: ProfiledDistribution,
  referenceMoments: NonNullable<ColumnProfile['moments']>,
): ApproximateStatistic {
  let distance = 0;
  walkPair(reference.cdf, current.cdf, (point, nextPoint, referenceValue, currentValue) => {
    if (nextPoint !== Infinity)
      distance += Math.abs(referenceValue - currentValue) * (nextPoint - point);
  });
  const norm = Math.max(populationStandardDeviation(referenceMoments), 0.001);
  const statistic = distance / norm;
  const errorBound =
    (reference.rankError * uncertainWidth(reference) +
      current.rankError * uncertainWidth(current)) /
    norm;
  return {
    statistic,
    errorBound,
    approximation: pairApproximation(
      reference,
      current,
      errorBound,
      Math.max(0, statistic - errorBound),
    ),
  };
}
