import { tfjsKs } from '../backends/tfjs/tfjs-kernels';
import { ksFromSketch } from '../profile/profile-tests';
import { ks } from '../statistics/kolmogorov-smirnov';
import { defineDriftMethod } from './drift-method';

/** Two-sample Kolmogorov–Smirnov (`p <= 0.05`); from a profile, D is read from the quantile sketch. */
export const ksMethod = defineDriftMethod({
  id: 'ks',
  featureTypes: ['numeric'],
  binned: false,
  thresholdKind: 'p_value',
  defaultThreshold: 0.05,
  strict: false,
  statistic: ks,
  profile: {
    kind: 'sketch',
    compare: (sketch, currentSorted) => ksFromSketch(sketch, currentSorted),
  },
  kernels: { tfjs: tfjsKs },
});
