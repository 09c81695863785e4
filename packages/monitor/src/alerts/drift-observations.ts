import type { DriftReport } from '@ballast/contracts';
import type { DriftObservation } from './alert-tracker';

/**
 * A drift report read as alert observations: one per column (undecided when the column had too
 * little data), plus the dataset as feature `__dataset__` when `dataset` is true.
 */
export function driftObservations(report: DriftReport, dataset: boolean): DriftObservation[] {
  const observations: DriftObservation[] = report.columns.map(column => ({
    feature: column.column,
    kind: 'feature_drift',
    drifted: column.status === 'ok' ? column.drifted : undefined,
    method: column.method,
    statistic: column.statistic,
    threshold: column.threshold,
  }));
  if (dataset && report.dataset.totalColumns > 0) {
    observations.push({
      feature: '__dataset__',
      kind: 'dataset_drift',
      drifted: report.dataset.drifted,
      statistic: report.dataset.share,
      threshold: report.options.driftShare,
    });
  }
  return observations;
}
