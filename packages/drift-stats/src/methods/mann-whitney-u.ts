import { mannWhitneyU } from '../statistics/mann-whitney-u';
import { defineDriftMethod } from './drift-method';

/** Mann–Whitney U test (`p < 0.05`). */
export const mannWhitneyUMethod = defineDriftMethod({
  id: 'mannw',
  featureTypes: ['numeric'],
  binned: false,
  thresholdKind: 'p_value',
  defaultThreshold: 0.05,
  strict: true,
  statistic: mannWhitneyU,
});
