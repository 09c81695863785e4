import { gTest } from '../statistics/g-test';
import { defineDriftMethod } from './drift-method';

/** G-test (log-likelihood ratio) on category counts (`p < 0.1`). */
export const gTestMethod = defineDriftMethod({
  id: 'g_test',
  featureTypes: ['categorical'],
  binned: false,
  thresholdKind: 'p_value',
  defaultThreshold: 0.1,
  strict: true,
  statistic: gTest,
});
