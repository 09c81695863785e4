import { type DatasetProfile, type DriftReport, InvalidInputError } from '@ballast/contracts';
import {
  detectMultivariateDrift,
  type MultivariateDrift,
  type MultivariateDriftOptions,
  tableRowCount,
} from '../multivariate/detect-multivariate-drift';
import {
  fitMultivariateOnBackend,
  type MultivariateContext,
} from '../multivariate/fit-multivariate-on-backend';
import type { TableInput } from '../table/read-table';
import { isDatasetProfile } from './is-dataset-profile';

function tableReference(reference: TableInput | DatasetProfile): TableInput {
  if (isDatasetProfile(reference)) {
    throw new InvalidInputError({
      code: 'OPTION_UNSUPPORTED_FOR_PROFILE',
      message:
        'multivariate drift needs the raw reference rows (a PCA or classifier is fitted on them); pass the reference table, not a DatasetProfile.',
      details: { path: 'multivariate' },
    });
  }
  return reference;
}

function withSection(report: DriftReport, multivariate: MultivariateDrift): DriftReport {
  return { ...report, dataset: { ...report.dataset, multivariate } };
}

/** Adds the multivariate check (cpu, synchronous) to a report's dataset section when one is asked for. */
export function addMultivariate(
  report: DriftReport,
  reference: TableInput | DatasetProfile,
  current: TableInput,
  options: MultivariateDriftOptions | undefined,
): DriftReport {
  if (options === undefined) return report;
  return withSection(report, detectMultivariateDrift(tableReference(reference), current, options));
}

/**
 * Adds the multivariate check to a report's dataset section when one is asked for, on the
 * backend it resolves to (see `fitMultivariateOnBackend`): tfjs for `mmd` or a tfjs `backend`.
 */
export async function addMultivariateOnBackend(
  report: DriftReport,
  reference: TableInput | DatasetProfile,
  current: TableInput,
  options: MultivariateDriftOptions | undefined,
  context: MultivariateContext,
): Promise<DriftReport> {
  if (options === undefined) return report;
  const fitted = await fitMultivariateOnBackend(
    tableReference(reference),
    options,
    tableRowCount(current),
    context,
  );
  return withSection(report, await fitted.evaluate(current));
}
