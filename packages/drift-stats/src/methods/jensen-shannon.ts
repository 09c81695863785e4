import { jensenShannon } from '../statistics/jensen-shannon';
import { tfjsJensenShannon } from '../backends/tfjs/tfjs-kernels';
import { countsForm } from './counts-form';
import { defineDriftMethod } from './drift-method';

/** Evidently's binned `jensenshannon` (`>= 0.1`): numeric columns binned, categorical ones counted; exact from a profile's bins. */
export const jensenShannonMethod = defineDriftMethod({
  id: 'jensenshannon',
  featureTypes: ['numeric', 'categorical'],
  binned: true,
  thresholdKind: 'distance',
  defaultThreshold: 0.1,
  strict: false,
  statistic: jensenShannon,
  profile: countsForm('jensenshannon'),
  kernels: { tfjs: tfjsJensenShannon },
});
