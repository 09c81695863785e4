import { eppsSingleton } from '../statistics/epps-singleton';
import { defineDriftMethod } from './drift-method';

/** Epps–Singleton test on the empirical characteristic function (`p < 0.05`). */
export const eppsSingletonMethod = defineDriftMethod({
  id: 'es',
  featureTypes: ['numeric'],
  binned: false,
  thresholdKind: 'p_value',
  defaultThreshold: 0.05,
  strict: true,
  statistic: eppsSingleton,
});
