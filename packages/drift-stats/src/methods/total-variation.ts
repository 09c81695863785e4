import { totalVariation } from '../statistics/total-variation';
import { defineDriftMethod } from './drift-method';

/** Total variation distance with a permutation p-value (`p < 0.1`). */
export const totalVariationMethod = defineDriftMethod({
  id: 'tvd',
  aliases: ['TVD'],
  featureTypes: ['categorical'],
  binned: false,
  thresholdKind: 'p_value',
  defaultThreshold: 0.1,
  strict: true,
  statistic: totalVariation,
});
