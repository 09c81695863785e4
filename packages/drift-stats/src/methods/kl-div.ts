import { klDivergence } from '../statistics/kl-divergence';
import { countsForm } from './counts-form';
import { defineDriftMethod } from './drift-method';

/** Evidently's binned `kl_div` (`>= 0.1`): numeric columns binned, categorical ones counted; exact from a profile's bins. */
export const klDivMethod = defineDriftMethod({
  id: 'kl_div',
  featureTypes: ['numeric', 'categorical'],
  binned: true,
  thresholdKind: 'distance',
  defaultThreshold: 0.1,
  strict: false,
  statistic: klDivergence,
  profile: countsForm('kl_div'),
});
