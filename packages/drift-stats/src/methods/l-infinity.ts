import { lInfinity } from '../statistics/l-infinity';
import { countsForm } from './counts-form';
import { defineDriftMethod } from './drift-method';

/** L-infinity distance between category shares (`>= 0.1`, NannyML/TFDV); exact from a profile's counts or bins. */
export const lInfinityMethod = defineDriftMethod({
  id: 'linf',
  featureTypes: ['categorical'],
  binned: false,
  thresholdKind: 'distance',
  defaultThreshold: 0.1,
  strict: false,
  statistic: lInfinity,
  profile: countsForm('linf'),
});
