import { type DatasetProfile, type DriftReport, InvalidInputError } from '@ballast/contracts';
import { compareOnCpu } from '../column-drift/compare-on-cpu';
import { finishReport, planColumns } from '../column-drift/plan-columns';
import { toProfileOptions } from '../column-drift/profile-options';
import { detectDriftFromProfile } from '../profile/detect-drift-from-profile';
import { detectDriftOnProfiles } from '../profile/detect-drift-between-profiles';
import type { TableInput } from '../table/read-table';
import type { DetectDriftSyncOptions } from './detect-drift-options';
import { asyncRequired, parseMultivariateOptions } from '../multivariate/detect-multivariate-drift';
import { addMultivariate } from './add-multivariate';
import { isDatasetProfile } from './is-dataset-profile';

/**
 * `detectDrift` on the cpu, on the calling thread, returning the report directly: the same
 * report `detectDrift` resolves to with the cpu backend. Asking it for another backend or for
 * worker threads is an `InvalidInputError` (`ASYNC_REQUIRED`): use `detectDrift`.
 *
 * @example
 * ```ts
 * const report = detectDriftSync(referenceTable, currentTable, { methods: { age: 'psi' } });
 * ```
 */
export function detectDriftSync(
  reference: TableInput | DatasetProfile,
  current: TableInput | DatasetProfile,
  options: DetectDriftSyncOptions = {},
): DriftReport {
  // JavaScript callers may pass the async-only options; they get a typed error, not a silent cpu run.
  const {
    backend,
    parallel,
    tf: _tf,
    multivariate,
    ...comparison
  } = options as DetectDriftSyncOptions & { backend?: unknown; parallel?: unknown; tf?: unknown };
  const wrong =
    backend !== undefined && backend !== 'cpu'
      ? { path: 'backend', received: typeof backend === 'string' ? backend : 'a backend object' }
      : parallel !== undefined && parallel !== false
        ? { path: 'parallel', received: JSON.stringify(parallel) }
        : undefined;
  if (wrong) {
    throw new InvalidInputError({
      code: 'ASYNC_REQUIRED',
      message: `detectDriftSync runs on the cpu on the calling thread; ${wrong.path} ${wrong.received} needs the async detectDrift.`,
      details: { path: wrong.path },
    });
  }
  // mmd and tfjs multivariate checks need detectDrift: say so before comparing the columns.
  const refused =
    multivariate === undefined ? undefined : asyncRequired(parseMultivariateOptions(multivariate));
  if (refused) throw refused;
  if (isDatasetProfile(current)) return detectDriftOnProfiles(reference, current, options);
  if (isDatasetProfile(reference)) {
    return addMultivariate(
      detectDriftFromProfile(reference, current, toProfileOptions(comparison)),
      reference,
      current,
      multivariate,
    );
  }
  const planned = planColumns(reference, current, comparison, 'detectDrift options');
  return addMultivariate(
    finishReport(
      planned,
      planned.columns.map(column => compareOnCpu(column.reduce(), planned.options)),
    ),
    reference,
    current,
    multivariate,
  );
}
