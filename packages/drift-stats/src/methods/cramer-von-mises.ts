import { cramerVonMises } from '../statistics/cramer-von-mises';
import { defineDriftMethod } from './drift-method';

/** Two-sample Cramér–von Mises test (`p <= 0.1`). */
export const cramerVonMisesMethod = defineDriftMethod({
  id: 'cramer_von_mises',
  featureTypes: ['numeric'],
  binned: false,
  thresholdKind: 'p_value',
  defaultThreshold: 0.1,
  strict: false,
  statistic: cramerVonMises,
});
