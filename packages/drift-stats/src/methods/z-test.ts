import { zTest } from '../statistics/z-test';
import { defineDriftMethod } from './drift-method';

/** Two-proportion z-test for binary columns (`p < 0.05`); exact from a profile's category counts. */
export const zTestMethod = defineDriftMethod({
  id: 'z',
  featureTypes: ['categorical'],
  binned: false,
  thresholdKind: 'p_value',
  defaultThreshold: 0.05,
  strict: true,
  statistic: zTest,
  profile: { kind: 'categories', compare: zTest },
});
