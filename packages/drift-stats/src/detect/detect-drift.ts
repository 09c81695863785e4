import { type DatasetProfile, type DriftReport, InvalidInputError } from '@ballast/contracts';
import { createTfjsBackend } from '../backends/tfjs/tfjs-backend';
import { planColumns } from '../column-drift/plan-columns';
import { toProfileOptions } from '../column-drift/profile-options';
import { planDetectDriftFromProfile } from '../profile/detect-drift-from-profile';
import { detectDriftOnProfiles } from '../profile/detect-drift-between-profiles';
import type { TableInput } from '../table/read-table';
import { compareOnBackend } from './compare-on-backend';
import { compareProfileInWorkers, compareTablesInWorkers } from './compare-in-workers';
import type { DetectDriftOptions, DriftBackend } from './detect-drift-options';
import { parseMultivariateOptions } from '../multivariate/detect-multivariate-drift';
import { isDatasetProfile } from './is-dataset-profile';
import { addMultivariateOnBackend } from './add-multivariate';

function isDriftBackend(value: unknown): value is DriftBackend {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { kernel?: unknown }).kernel === 'function'
  );
}

/**
 * Compares a current dataset with a reference, column by column, and resolves to the
 * `DriftReport` contract document. The reference is a table (an Arrow `Table`, records or named
 * columns) or a `DatasetProfile` from `profile()`; the current data is a table, or a profile when
 * the reference is one (two warehouse tables compared without moving rows; binned methods need
 * the current profile made on the reference's histogram edges, `ks`/`wasserstein` account for
 * both sketches' rank errors).
 *
 * Per column: the type is inferred (Arrow type, or the JavaScript values), nulls/NaN/±Infinity
 * are excluded and reported with a missing-share drift signal, the method is Evidently's
 * default choice unless set per column or per type, the threshold is the method's Evidently
 * default. Empty or all-missing columns get `status: 'insufficient_data'`. A column whose type
 * differs between the two sides is an `InvalidInputError` (`COLUMN_TYPE_MISMATCH`).
 *
 * Against a profile, binned methods are exact on the profile's bins and `ks`/`wasserstein`
 * are read from its quantile sketch, with `errorBound` in each such column.
 *
 * `backend: 'tfjs'` (or a backend object) computes the numeric columns whose method the
 * backend has a kernel for (tfjs: `ks`, `wasserstein`, `psi`, `jensenshannon`) there, the rest
 * on the cpu; each column's `backend` says where it ran. `parallel` compares columns on worker
 * threads (cpu backend) with the same result as one thread. `multivariate` adds a data
 * reconstruction, domain-classifier or MMD check (see `detectMultivariateDrift`) as
 * `dataset.multivariate`: on tfjs for `mmd` or a tfjs `backend` (`details.backend` says
 * which), else on the cpu; `multivariate.backend` overrides.
 *
 * @example
 * ```ts
 * const report = await detectDrift(referenceTable, currentTable, { correction: 'benjamini-hochberg' });
 * if (report.dataset.drifted) console.log(report.columns.filter(column => column.drifted));
 * const fromProfile = await detectDrift(referenceProfile, currentTable, { parallel: true });
 * const betweenProfiles = await detectDrift(referenceProfile, currentProfile);
 * const onTfjs = await detectDrift(referenceTable, currentTable, { backend: 'tfjs' });
 * ```
 */
export async function detectDrift(
  reference: TableInput | DatasetProfile,
  current: TableInput | DatasetProfile,
  options: DetectDriftOptions = {},
): Promise<DriftReport> {
  // Two profiles compare summaries only: no rows, no backend, no threads.
  if (isDatasetProfile(current)) return detectDriftOnProfiles(reference, current, options);
  const { backend = 'cpu', tf, parallel = false, multivariate, ...comparison } = options;
  // Bad multivariate options fail before the columns are compared, not after.
  if (multivariate !== undefined) parseMultivariateOptions(multivariate);
  const withMultivariate = (report: DriftReport, on: DetectDriftOptions['backend'] = backend) =>
    addMultivariateOnBackend(report, reference, current, multivariate, {
      backend: on,
      ...(tf === undefined ? {} : { tf }),
    });
  if (backend !== 'cpu' && backend !== 'tfjs' && !isDriftBackend(backend)) {
    throw new InvalidInputError({
      code: 'BACKEND_UNSUPPORTED',
      message:
        'backend must be "cpu", "tfjs" or a backend object with a name and a kernel() method (for example from createTfjsBackend()).',
      details: { path: 'backend', received: typeof backend },
    });
  }
  if (parallel !== false && backend !== 'cpu') {
    throw new InvalidInputError({
      code: 'OPTION_CONFLICT',
      message:
        'parallel runs the cpu statistics on worker threads; it cannot be combined with another backend.',
      details: { path: 'parallel', backend: typeof backend === 'string' ? backend : backend.name },
    });
  }
  const parallelOptions = parallel === true ? {} : parallel === false ? undefined : parallel;
  if (isDatasetProfile(reference)) {
    // Profile comparisons read sketches and counts: no backend kernel applies, so they run on the cpu.
    const plan = planDetectDriftFromProfile(reference, current, toProfileOptions(comparison));
    return withMultivariate(
      await compareProfileInWorkers(
        plan,
        parallelOptions ?? { threshold: Number.POSITIVE_INFINITY },
      ),
    );
  }
  const planned = planColumns(reference, current, comparison, 'detectDrift options');
  if (backend === 'cpu') {
    return withMultivariate(
      await compareTablesInWorkers(
        planned,
        parallelOptions ?? { threshold: Number.POSITIVE_INFINITY },
      ),
    );
  }
  const resolved =
    backend === 'tfjs' ? await createTfjsBackend(tf === undefined ? {} : { tf }) : backend;
  return withMultivariate(await compareOnBackend(planned, resolved), resolved);
}
