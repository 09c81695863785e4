import { kolmogorovSurvival } from '../distributions/kolmogorov';
import type { KllSketch } from '../sketch/kll-sketch';
import { ks, roundHalfEven } from '../statistics/kolmogorov-smirnov';
import {
  type ApproximateStatistic,
  exactReferenceTails,
  exactReferenceValues,
  ksStatisticFromSketch,
  sortedSample,
} from './sketch-distances';

/**
 * KS between a profiled reference and a sorted current sample.
 *
 * When the profile kept every reference value (the sketch is still exact, or the column had at
 * most `exactLimit` values) the result is scipy's `ks_2samp` exactly. Otherwise D comes from the
 * sketch's CDF, which is within `rankError` of the reference's (99% confidence), so the test is
 * made conservative rather than treating D as exact: the p-value is the asymptotic
 * `kstwo.sf(D', round(n·m / (n + m)))` of `D' = max(0, D − rankError)` (no reduction in the exact
 * tails), an upper bound on the exact test's p-value. At level α the false-drift rate on data
 * from the reference's distribution is then at most α + 1%, whatever the sizes; the price is
 * power on shifts smaller than the rank error (see the docs' calibration table).
 */
export function ksFromSketch(sketch: KllSketch, currentSorted: Float64Array): ApproximateStatistic {
  const exact = exactReferenceValues(sketch);
  if (exact) {
    return {
      ...ks(sortedSample(exact), sortedSample(currentSorted)),
      errorBound: 0,
      approximation: { kind: 'exact' },
    };
  }
  const { statistic, conservative } = ksStatisticFromSketch(sketch, currentSorted);
  const n = sketch.count;
  const m = currentSorted.length;
  const tails = exactReferenceTails(sketch);
  return {
    statistic,
    pValue: kolmogorovSurvival(conservative, roundHalfEven((n * m) / (n + m))),
    errorBound: sketch.rankError,
    approximation: {
      kind: 'kll-sketch',
      rankError: sketch.rankError,
      errorBound: sketch.rankError,
      conservativeStatistic: conservative,
      confidence: 0.99,
      ...(tails ? { exactTail: tails.lower.length } : {}),
    },
  };
}
