import type { CategoricalColumn } from '../input/categorical-column';
import { kolmogorovSurvival } from '../distributions/kolmogorov';
import type { KllSketch } from '../sketch/kll-sketch';
import { chiSquare } from '../statistics/chi-square';
import { ks, roundHalfEven } from '../statistics/kolmogorov-smirnov';
import { zTest } from '../statistics/z-test';
import { ksStatisticFromSketch } from './sketch-distances';

/** A statistic computed from a profile, with its approximation bound when it has one. */
export interface ProfileStatistic {
  statistic: number;
  pValue?: number;
  errorBound?: number;
}

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

/**
 * `chisquare` (2×K contingency, scipy's `chi2_contingency`) or `z` (two proportions) on category
 * counts — exact from a profile, since both only need counts.
 */
export function categoricalTest(
  method: 'chisquare' | 'z',
  reference: CategoricalColumn,
  current: CategoricalColumn,
): ProfileStatistic {
  return method === 'chisquare' ? chiSquare(reference, current) : zTest(reference, current);
}
