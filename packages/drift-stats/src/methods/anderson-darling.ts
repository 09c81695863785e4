import { andersonDarling } from '../statistics/anderson-darling';
import { defineDriftMethod } from './drift-method';

/** k-sample Anderson–Darling test (`p < 0.1`). */
export const andersonDarlingMethod = defineDriftMethod({
  id: 'anderson',
  featureTypes: ['numeric'],
  binned: false,
  thresholdKind: 'p_value',
  defaultThreshold: 0.1,
  strict: true,
  statistic: andersonDarling,
});
