import { hellinger } from '../statistics/hellinger';
import { countsForm } from './counts-form';
import { defineDriftMethod } from './drift-method';

/** Evidently's binned `hellinger` (`>= 0.1`): numeric columns binned, categorical ones counted; exact from a profile's bins. */
export const hellingerMethod = defineDriftMethod({
  id: 'hellinger',
  featureTypes: ['numeric', 'categorical'],
  binned: true,
  thresholdKind: 'distance',
  defaultThreshold: 0.1,
  strict: false,
  statistic: hellinger,
  profile: countsForm('hellinger'),
});
