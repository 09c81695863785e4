import { empiricalMmd } from '../statistics/empirical-mmd';
import { defineDriftMethod } from './drift-method';

/** Univariate MMD with a permutation p-value (`p < 0.1`). */
export const empiricalMmdMethod = defineDriftMethod({
  id: 'empirical_mmd',
  featureTypes: ['numeric'],
  binned: false,
  thresholdKind: 'p_value',
  defaultThreshold: 0.1,
  strict: true,
  statistic: empiricalMmd,
});
