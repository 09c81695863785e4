import type { ColumnProfile } from '@ballast/contracts';
import type { SortedSample } from '../input/sorted-sample';
import type { ProfileStatistic } from '../methods/drift-method';
import { type KllSketch, upperBound } from '../sketch/kll-sketch';
import { type CdfSteps, cdfSteps } from '../statistics/cdf-distance';
import { scaledMeanAndVariance } from '../statistics/compensated-sum';
import { wasserstein, wassersteinOfSorted } from '../statistics/wasserstein';
import { populationStandardDeviation } from './moments';

/**
 * How a statistic computed from a profile relates to the exact one, written to the report
 * column's `approximation`: `'exact'` (the profile kept every reference value), `'kll-sketch'`
 * (the reference CDF is the sketch's, within `rankError` everywhere between the exact tails,
 * with 99% confidence) or `'histogram'` (binned methods, exact on the profile's bins).
 */
export interface ProfileApproximation {
  kind: 'exact' | 'kll-sketch' | 'histogram';
  /** Normalised rank error of the reference CDF (99% confidence, all points at once); current data is exact. */
  rankError?: number;
  /** |statistic − exact statistic| ≤ errorBound with 99% confidence. */
  errorBound?: number;
  /** The smallest statistic consistent with the bound; the verdict (and a test's p-value) uses it. */
  conservativeStatistic?: number;
  /** Confidence of the bound. */
  confidence?: number;
  /** Reference values kept exactly in each tail (outside them the sketch's error does not apply). */
  exactTail?: number;
  /** Histogram bins compared (binned methods). */
  bins?: number;
}

/** A profile statistic with the statement of its approximation. */
export interface ApproximateStatistic extends ProfileStatistic {
  approximation: ProfileApproximation;
}

/**
 * The reference's step CDF as known from a profile: jump points (ascending), the CDF just after
 * each, and per point whether the sketch's rank error applies there (it does not in the tails
 * kept exactly).
 */
export interface ReferenceCdf {
  points: Float64Array;
  cdf: Float64Array;
  /** The interval [from, to) where the sketch's error applies (empty without exact tails: everywhere). */
  uncertain: { from: number; to: number };
  total: number;
}

// What a reference sketch yields for comparisons (its sorted exact values, its CDF) is computed
// once and reused: a monitor compares one reference with window after window. A sketch only
// changes by taking values, which changes its count, so the count tells a stale entry.
interface PreparedSketch {
  count: number;
  exact?: Float64Array | null;
  tails?: { lower: Float64Array; upper: Float64Array } | null;
  cdf?: ReferenceCdf;
  /** Population variance of the exact values, in units of scale 1. */
  variance?: number;
  /** CDF steps of the exact values. */
  steps?: CdfSteps;
}
const preparedSketches = new WeakMap<KllSketch, PreparedSketch>();

function prepared(sketch: KllSketch): PreparedSketch {
  let entry = preparedSketches.get(sketch);
  if (entry === undefined || entry.count !== sketch.count) {
    entry = { count: sketch.count };
    preparedSketches.set(sketch, entry);
  }
  return entry;
}

/**
 * The sketch's exact values, ascending, when it kept them all (else undefined); computed once
 * per sketch state. The array is shared: callers must not modify it.
 */
export function exactReferenceValues(sketch: KllSketch): Float64Array | undefined {
  const entry = prepared(sketch);
  if (entry.exact === undefined) entry.exact = sketch.exactValues() ?? null;
  return entry.exact ?? undefined;
}

/** The sketch's exact tails (see `KllSketch.exactTails`), computed once per sketch state; shared. */
export function exactReferenceTails(
  sketch: KllSketch,
): { lower: Float64Array; upper: Float64Array } | undefined {
  const entry = prepared(sketch);
  if (entry.tails === undefined) entry.tails = sketch.exactTails() ?? null;
  return entry.tails ?? undefined;
}

/** The sketch's CDF (see `computeReferenceCdf`), computed once per sketch state; shared. */
export function referenceCdf(sketch: KllSketch): ReferenceCdf {
  const entry = prepared(sketch);
  entry.cdf ??= computeReferenceCdf(sketch);
  return entry.cdf;
}

/**
 * The reference CDF from a sketch, corrected by the exact tails when the sketch keeps them:
 * below the largest lower-tail value and from the smallest upper-tail value on, the CDF is exact;
 * between them the sketch's CDF is clamped into the range the tails allow.
 */
function computeReferenceCdf(sketch: KllSketch): ReferenceCdf {
  const { values, cumulativeWeights } = sketch.sortedView();
  const total = sketch.count;
  const tails = exactReferenceTails(sketch);
  if (!tails || tails.lower.length === 0 || tails.upper.length === 0) {
    const cdf = cumulativeWeights.map(weight => weight / total);
    return { points: values, cdf, uncertain: { from: -Infinity, to: Infinity }, total };
  }
  const { lower, upper } = tails;
  const from = lower[lower.length - 1] as number;
  const to = upper[0] as number;
  const low = lower.length / total;
  const high = 1 - upper.length / total;
  const merged = new Float64Array(values.length + lower.length + upper.length);
  merged.set(values);
  merged.set(lower, values.length);
  merged.set(upper, values.length + lower.length);
  merged.sort();
  const points: number[] = [];
  const cdf: number[] = [];
  for (const point of merged) {
    if (points.length > 0 && points[points.length - 1] === point) continue;
    let value: number;
    if (point < from) value = upperBound(lower, point) / total;
    else if (point >= to) value = 1 - (upper.length - upperBound(upper, point)) / total;
    else {
      const position = upperBound(values, point);
      const sketched = position === 0 ? 0 : (cumulativeWeights[position - 1] as number) / total;
      value = Math.min(Math.max(sketched, low), high);
    }
    points.push(point);
    cdf.push(value);
  }
  return {
    points: Float64Array.from(points),
    cdf: Float64Array.from(cdf),
    uncertain: { from, to },
    total,
  };
}

/**
 * Walks the step CDFs of the reference and a sorted current sample over every point where either
 * jumps, calling `visit(x, nextX, referenceCdf, currentCdf)` for each segment [x, nextX).
 */
function walkDistributionFunctions(
  reference: ReferenceCdf,
  currentSorted: Float64Array,
  visit: (point: number, nextPoint: number, referenceCdf: number, currentCdf: number) => void,
): void {
  const { points, cdf } = reference;
  const currentTotal = currentSorted.length;
  let referenceIndex = 0;
  let currentIndex = 0;
  let point = Math.min(points[0] ?? Infinity, currentSorted[0] ?? Infinity);
  while (point !== Infinity) {
    while (referenceIndex < points.length && (points[referenceIndex] as number) <= point)
      referenceIndex += 1;
    while (currentIndex < currentTotal && (currentSorted[currentIndex] as number) <= point)
      currentIndex += 1;
    const referenceValue = referenceIndex === 0 ? 0 : (cdf[referenceIndex - 1] as number);
    const nextPoint = Math.min(
      points[referenceIndex] ?? Infinity,
      currentSorted[currentIndex] ?? Infinity,
    );
    visit(point, nextPoint, referenceValue, currentIndex / currentTotal);
    point = nextPoint;
  }
}

/**
 * The two-sample Kolmogorov–Smirnov statistic D between a sketched reference and an exact,
 * sorted current sample, with its conservative counterpart: the largest gap where the reference
 * CDF is exact (its tails), or a gap less the sketch's rank error where it is not. With 99%
 * confidence `conservative <= exact D <= statistic + rankError`.
 */
export function ksStatisticFromSketch(
  sketch: KllSketch,
  currentSorted: Float64Array,
): { statistic: number; conservative: number } {
  const reference = referenceCdf(sketch);
  const error = sketch.rankError;
  const { from, to } = reference.uncertain;
  let statistic = 0;
  let conservative = 0;
  walkDistributionFunctions(reference, currentSorted, (point, _next, referenceValue, current) => {
    const gap = Math.abs(referenceValue - current);
    if (gap > statistic) statistic = gap;
    const sure = point >= from && point < to ? gap - error : gap;
    if (sure > conservative) conservative = sure;
  });
  return { statistic, conservative };
}

/**
 * The first Wasserstein distance ∫|F_ref − F_cur| between a sketched reference and a sorted
 * current sample (scipy's `wasserstein_distance` formula), with its error bound: the sketch's
 * CDF is within `rankError` of the reference's between the exact tails (or between the exact
 * min and max without tails) and exact outside, so the error is at most `rankError × width`.
 */
export function wassersteinFromSketch(
  sketch: KllSketch,
  currentSorted: Float64Array,
): { distance: number; errorBound: number } {
  const reference = referenceCdf(sketch);
  let distance = 0;
  walkDistributionFunctions(reference, currentSorted, (point, nextPoint, referenceValue, cur) => {
    if (nextPoint !== Infinity) distance += Math.abs(referenceValue - cur) * (nextPoint - point);
  });
  const from = Math.max(reference.uncertain.from, sketch.min);
  const to = Math.min(reference.uncertain.to, sketch.max);
  return { distance, errorBound: sketch.rankError * Math.max(0, to - from) };
}

/** Already sorted finite values as a sample the statistics accept without sorting again. */
export function sortedSample(sorted: Float64Array): SortedSample {
  return { kind: 'sorted-sample', sorted, missing: 0, total: sorted.length };
}

/**
 * Evidently's normed Wasserstein distance between a profiled reference and a sorted current
 * sample: exact when the profile kept every reference value; otherwise read from the sketch
 * (with its exact tails) and divided by the reference's population standard deviation (floored
 * at 0.001), with `errorBound = rankError × width / norm` and the verdict taken on
 * `max(0, statistic − errorBound)`.
 */
export function wassersteinFromProfile(
  sketch: KllSketch,
  currentSorted: Float64Array,
  column: ColumnProfile,
): ApproximateStatistic {
  const exact = exactReferenceValues(sketch);
  if (exact) {
    // wasserstein()'s result, with the reference's variance and CDF steps computed once per sketch.
    let statistic: number;
    if (exact.length > 0 && currentSorted.length > 0) {
      const entry = prepared(sketch);
      entry.steps ??= cdfSteps(exact);
      statistic = wassersteinOfSorted(
        exact,
        currentSorted,
        true,
        scale => {
          if (scale !== 1) return scaledMeanAndVariance(exact, 0, scale).variance;
          entry.variance ??= scaledMeanAndVariance(exact, 0, 1).variance;
          return entry.variance;
        },
        entry.steps,
      );
    } else statistic = wasserstein(sortedSample(exact), sortedSample(currentSorted)).statistic;
    return { statistic, errorBound: 0, approximation: { kind: 'exact' } };
  }
  const moments = column.moments as NonNullable<ColumnProfile['moments']>;
  const norm = Math.max(populationStandardDeviation(moments), 0.001);
  const { distance, errorBound } = wassersteinFromSketch(sketch, currentSorted);
  const statistic = distance / norm;
  const bound = errorBound / norm;
  const tails = exactReferenceTails(sketch);
  return {
    statistic,
    errorBound: bound,
    approximation: {
      kind: 'kll-sketch',
      rankError: sketch.rankError,
      errorBound: bound,
      conservativeStatistic: Math.max(0, statistic - bound),
      confidence: 0.99,
      ...(tails ? { exactTail: tails.lower.length } : {}),
    },
  };
}
