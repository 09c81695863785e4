import { getStatistic } from '../statistics/registry';
import type { StatisticResult } from '../statistics/statistic-result';
import type { DriftMethodId } from '../report/default-method';
import { driftMethodRules } from '../report/default-method';
import type { ParsedDetectDriftOptions as ParsedOptions } from './detect-drift-options';
import { asCategoricalSide, type PreparedSide } from './plan-column';

/**
 * Runs a method on the cpu statistics: numeric methods on the sorted samples, categorical
 * methods on the counted categories (numeric columns counted per distinct value), binned
 * methods with the column's feature type.
 *
 * @example
 * ```ts
 * runStatistic('ks', plan.reference, plan.current, options);
 * ```
 */
export function runStatistic(
  method: DriftMethodId,
  reference: PreparedSide,
  current: PreparedSide,
  options: ParsedOptions,
): StatisticResult {
  const numericMethod = driftMethodRules[method].featureTypes.includes('numeric');
  const statistic = getStatistic(method);
  const methodOptions = options.statisticOptions?.[method] ?? {};
  if (numericMethod && reference.kind === 'numeric' && current.kind === 'numeric') {
    const binned = driftMethodRules[method].featureTypes.includes('categorical');
    return statistic(
      reference.sample,
      current.sample,
      binned ? { featureType: 'numeric', ...methodOptions } : methodOptions,
    );
  }
  const binned = driftMethodRules[method].featureTypes.includes('numeric');
  return statistic(
    asCategoricalSide(reference),
    asCategoricalSide(current),
    binned ? { featureType: 'categorical', ...methodOptions } : methodOptions,
  );
}
