import { type DatasetProfile, type DriftReport, InvalidInputError } from '@ballast/contracts';
import type { DetectDriftOptions } from './column-drift/detect-drift-options';
import { compareOnCpu } from './column-drift/compare-on-cpu';
import { finishReport, planColumns } from './column-drift/plan-columns';
import { toProfileOptions } from './column-drift/profile-options';
import { detectDriftFromProfile } from './profile/detect-drift-from-profile';
import type { TableInput } from './table/read-table';

/**
 * Compares a current dataset with a reference, column by column, and returns the
 * `DriftReport` contract document. Per column: the type is inferred (Arrow type, or the
 * JavaScript values), nulls/NaN/±Infinity are excluded and reported with a missing-share
 * drift signal, the method is Evidently's default choice unless set per column or per type,
 * the threshold is the method's Evidently default. Empty or all-missing columns get
 * `status: 'insufficient_data'` instead of aborting the report. A column whose type differs
 * between the two sides is an `InvalidInputError` (`COLUMN_TYPE_MISMATCH`) naming it.
 * Runs on the `cpu` backend; `detectDriftAsync` accepts other backends.
 *
 * The reference may also be a `DatasetProfile` (from `profile()`, possibly merged): then the
 * comparison runs without the raw reference (`detectDriftFromProfile`): binned methods exact,
 * `ks`/`wasserstein` from the quantile sketch with `errorBound` in each column.
 *
 * @example
 * ```ts
 * const report = detectDrift(referenceTable, currentTable, { correction: 'benjamini-hochberg' });
 * if (report.dataset.drifted) console.log(report.columns.filter(column => column.drifted));
 * ```
 */
export function detectDrift(
  reference: TableInput | DatasetProfile,
  current: TableInput,
  options: DetectDriftOptions = {},
): DriftReport {
  const { backend, ...rest } = options;
  if (backend !== undefined && backend !== 'cpu') {
    throw new InvalidInputError({
      code: 'BACKEND_UNSUPPORTED',
      message: `detectDrift runs on the "cpu" backend; received backend ${JSON.stringify(backend)}. Use detectDriftAsync for a tfjs backend.`,
      details: { path: 'backend', received: String(backend), expected: 'cpu' },
    });
  }
  if (isDatasetProfile(reference)) {
    return detectDriftFromProfile(reference, current, toProfileOptions(rest));
  }
  const planned = planColumns(reference, current, rest, 'detectDrift options');
  const columns = planned.columns.map(column => compareOnCpu(column.reduce(), planned.options));
  return finishReport(planned, columns);
}

function isDatasetProfile(value: unknown): value is DatasetProfile {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    (value as { kind?: unknown }).kind === 'DatasetProfile'
  );
}
