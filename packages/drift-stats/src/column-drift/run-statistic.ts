import type { DriftMethod } from '../methods/drift-method';
import type { StatisticResult } from '../statistics/statistic-result';
import type { ParsedDetectDriftOptions as ParsedOptions } from './detect-drift-options';
import { asCategoricalSide, type PreparedSide } from './plan-column';

/**
 * Runs a method on the cpu statistics: numeric methods on the sorted samples, categorical
 * methods on the counted categories (numeric columns counted per distinct value), binned
 * methods with the column's feature type.
 */
export function runStatistic(
  method: DriftMethod,
  reference: PreparedSide,
  current: PreparedSide,
  options: ParsedOptions,
): StatisticResult {
  const { statistic, binned } = method;
  const methodOptions = options.statisticOptions?.[method.id] ?? {};
  if (
    method.featureTypes.includes('numeric') &&
    reference.kind === 'numeric' &&
    current.kind === 'numeric'
  ) {
    return statistic(
      reference.sample,
      current.sample,
      binned ? { featureType: 'numeric', ...methodOptions } : methodOptions,
    );
  }
  return statistic(
    asCategoricalSide(reference),
    asCategoricalSide(current),
    binned ? { featureType: 'categorical', ...methodOptions } : methodOptions,
  );
}
