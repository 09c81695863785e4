import { tTest } from '../statistics/t-test';
import { defineDriftMethod } from './drift-method';

/** Welch's t-test (`p < 0.05`). */
export const tTestMethod = defineDriftMethod({
  id: 't_test',
  featureTypes: ['numeric'],
  binned: false,
  thresholdKind: 'p_value',
  defaultThreshold: 0.05,
  strict: true,
  statistic: tTest,
});
