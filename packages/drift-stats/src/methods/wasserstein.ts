import { tfjsWasserstein } from '../backends/tfjs/tfjs-kernels';
import { wassersteinFromProfile } from '../profile/sketch-distances';
import { wasserstein } from '../statistics/wasserstein';
import { defineDriftMethod } from './drift-method';

/** Wasserstein distance normed by the reference standard deviation (`>= 0.1`); from a profile, read from the sketch. */
export const wassersteinMethod = defineDriftMethod({
  id: 'wasserstein',
  featureTypes: ['numeric'],
  binned: false,
  thresholdKind: 'distance',
  defaultThreshold: 0.1,
  strict: false,
  statistic: wasserstein,
  profile: { kind: 'sketch', compare: wassersteinFromProfile },
  kernels: { tfjs: tfjsWasserstein },
});
