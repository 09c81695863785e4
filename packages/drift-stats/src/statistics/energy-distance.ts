import { type NumericSampleInput, prepareSample } from '../input/sorted-sample';
import { cdfDistance, cdfSteps } from './cdf-distance';
import { largestMagnitudeOfSorted, magnitudeScale } from './compensated-sum';
import { requireValues } from './require-values';
import type { StatisticResult } from './statistic-result';

/**
 * Energy distance between two samples, `scipy.stats.energy_distance`
 * (`sqrt(2) · sqrt(Σ (F_u − F_v)² Δ)`). Evidently id `'ed'`, threshold 0.1 (`> threshold`).
 *
 * @example
 * ```ts
 * energyDistance(reference, current).statistic;
 * ```
 */
export function energyDistance(
  reference: NumericSampleInput,
  current: NumericSampleInput,
): StatisticResult {
  const first = requireValues(prepareSample(reference, 'reference'), 'reference', 1);
  const second = requireValues(prepareSample(current, 'current'), 'current', 1);
  const scale = magnitudeScale(
    Math.max(largestMagnitudeOfSorted(first), largestMagnitudeOfSorted(second)),
  );
  // sqrt(Σ d²·Δ) with Δ in units of `scale`: multiply back by sqrt(scale).
  return {
    statistic: Math.SQRT2 * cdfDistance(cdfSteps(first), second, 2, scale) * Math.sqrt(scale),
  };
}
