import { chiSquare } from '../statistics/chi-square';
import { defineDriftMethod } from './drift-method';

/** Chi-square test on a 2×K contingency table (`p < 0.05`); exact from a profile's category counts. */
export const chiSquareMethod = defineDriftMethod({
  id: 'chisquare',
  featureTypes: ['categorical'],
  binned: false,
  thresholdKind: 'p_value',
  defaultThreshold: 0.05,
  strict: true,
  statistic: chiSquare,
  profile: { kind: 'categories', compare: chiSquare },
});
