import { type DatasetProfile, type DriftReport, InvalidInputError } from '@ballast/contracts';
import {
  detectMultivariateDrift,
  type MultivariateDriftOptions,
} from '../multivariate/detect-multivariate-drift';
import type { TableInput } from '../table/read-table';
import { isDatasetProfile } from './is-dataset-profile';

/** Adds the multivariate check to a report's dataset section when one is asked for. */
export function addMultivariate(
  report: DriftReport,
  reference: TableInput | DatasetProfile,
  current: TableInput,
  options: MultivariateDriftOptions | undefined,
): DriftReport {
  if (options === undefined) return report;
  if (isDatasetProfile(reference)) {
    throw new InvalidInputError({
      code: 'OPTION_UNSUPPORTED_FOR_PROFILE',
      message:
        'multivariate drift needs the raw reference rows (a PCA or classifier is fitted on them); pass the reference table, not a DatasetProfile.',
      details: { path: 'multivariate' },
    });
  }
  return {
    ...report,
    dataset: {
      ...report.dataset,
      multivariate: detectMultivariateDrift(reference, current, options),
    },
  };
}
