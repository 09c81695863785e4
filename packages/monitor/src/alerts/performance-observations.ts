import type { PerformanceEstimate } from '../performance/cbpe';
import type { DriftObservation } from './alert-tracker';

const metrics = [
  ['accuracy', 'estimated_accuracy'],
  ['f1', 'estimated_f1'],
  ['rocAuc', 'estimated_roc_auc'],
] as const;

/**
 * A CBPE estimate read as alert observations: `estimated_accuracy`, `estimated_f1` and
 * `estimated_roc_auc` are "drifted" when the estimate leaves the reference thresholds.
 */
export function performanceObservations(estimate: PerformanceEstimate): DriftObservation[] {
  return metrics.flatMap(([metric, feature]) => {
    const value = estimate[metric];
    if (!value || value.alert === undefined) return [];
    const below = value.value < (value.lowerThreshold ?? 0);
    const threshold = below ? value.lowerThreshold : value.upperThreshold;
    return [
      {
        feature,
        kind: 'performance' as const,
        drifted: value.alert,
        method: 'cbpe',
        statistic: value.value,
        ...(threshold === undefined ? {} : { threshold }),
      },
    ];
  });
}
