import { type BinnedDistanceMethod, distanceFromCounts } from '../binning/distance-from-counts';
import type { ProfileForm } from './drift-method';

/**
 * The profile form of a binned distance: the distance between the profile's bin (or category)
 * counts and the current data's counts on the same bins, with the Jensen–Shannon `base` when
 * given.
 */
export function countsForm(method: BinnedDistanceMethod): ProfileForm {
  return {
    kind: 'counts',
    compare: (reference, current, options) =>
      distanceFromCounts(
        method,
        reference,
        current,
        typeof options.base === 'number' ? { base: options.base } : {},
      ),
  };
}
