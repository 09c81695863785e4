import { fisherExact } from '../statistics/fisher-exact';
import { defineDriftMethod } from './drift-method';

/** Fisher's exact test for binary columns (`p < 0.1`). */
export const fisherExactMethod = defineDriftMethod({
  id: 'fisher_exact',
  featureTypes: ['categorical'],
  binned: false,
  thresholdKind: 'p_value',
  defaultThreshold: 0.1,
  strict: true,
  statistic: fisherExact,
});
