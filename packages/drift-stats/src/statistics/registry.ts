import { getDriftMethod } from '../methods';
import type { StatisticResult } from './statistic-result';

/**
 * A univariate drift statistic as the registry hands it out. Inputs are whatever the named
 * export accepts (numeric for numeric tests, categorical for categorical tests, either for
 * the binned distances).
 */
// `any` on purpose: the registry holds numeric, categorical and binned statistics whose
// input and option types differ; the named exports keep the precise types.
export type DriftStatistic = (reference: any, current: any, options?: any) => StatisticResult;

/**
 * The statistic registered under an Evidently method id or alias (`'ks'`, `'psi'`, `'kl_div'`,
 * `'TVD'`, ...): the `statistic` of its method descriptor. Throws a `NotFoundError`
 * (`STATISTIC_NOT_FOUND`) listing the known ids otherwise.
 *
 * @example
 * ```ts
 * const { statistic, pValue } = getStatistic('ks')(reference, current);
 * ```
 */
export function getStatistic(id: string): DriftStatistic {
  return getDriftMethod(id).statistic;
}
