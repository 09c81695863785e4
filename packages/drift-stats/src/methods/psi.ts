import { psi } from '../statistics/psi';
import { tfjsPsi } from '../backends/tfjs/tfjs-kernels';
import { countsForm } from './counts-form';
import { defineDriftMethod } from './drift-method';

/** Evidently's binned `psi` (`>= 0.1`): numeric columns binned, categorical ones counted; exact from a profile's bins. */
export const psiMethod = defineDriftMethod({
  id: 'psi',
  featureTypes: ['numeric', 'categorical'],
  binned: true,
  thresholdKind: 'distance',
  defaultThreshold: 0.1,
  strict: false,
  statistic: psi,
  profile: countsForm('psi'),
  kernels: { tfjs: tfjsPsi },
});
