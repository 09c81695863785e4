import { energyDistance } from '../statistics/energy-distance';
import { defineDriftMethod } from './drift-method';

/** Energy distance (`> 0.1`). */
export const energyDistanceMethod = defineDriftMethod({
  id: 'ed',
  featureTypes: ['numeric'],
  binned: false,
  thresholdKind: 'distance',
  defaultThreshold: 0.1,
  strict: true,
  statistic: energyDistance,
});
