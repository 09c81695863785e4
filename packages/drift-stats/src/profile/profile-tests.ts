import { kolmogorovSurvival } from '../distributions/kolmogorov';
import type { KllSketch } from '../sketch/kll-sketch';
import { ks, roundHalfEven } from '../statistics/kolmogorov-smirnov';
import { ksStatisticFromSketch } from './sketch-distances';

import type { ProfileStatistic } from '../methods/drift-method';

/**
 * KS between a sketched reference and a sorted current sample. While the sketch is exact it
 * holds every reference value, so the result is scipy's `ks_2samp` exactly (errorBound 0);
 * afterwards D comes from the sketch's CDF (within `rankError`) and the p-value from the
 * asymptotic distribution `kstwo.sf(D, round(n·m / (n + m)))`, as scipy uses for large samples.
 */
export function ksFromSketch(sketch: KllSketch, currentSorted: Float64Array): ProfileStatistic {
  if (sketch.isExact) {
    const reference = sketch.sortedView().values;
    return { ...ks(reference, currentSorted), errorBound: 0 };
  }
  const statistic = ksStatisticFromSketch(sketch, currentSorted);
  const n = sketch.count;
  const m = currentSorted.length;
  return {
    statistic,
    pValue: kolmogorovSurvival(statistic, roundHalfEven((n * m) / (n + m))),
    errorBound: sketch.rankError,
  };
}
