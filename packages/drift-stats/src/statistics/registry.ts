import { NotFoundError } from '@ballast/contracts';
import type { DriftMethodId } from '../report/default-method';
import { andersonDarling } from './anderson-darling';
import { chiSquare } from './chi-square';
import { cramerVonMises } from './cramer-von-mises';
import { empiricalMmd } from './empirical-mmd';
import { energyDistance } from './energy-distance';
import { fisherExact } from './fisher-exact';
import { gTest } from './g-test';
import { hellinger } from './hellinger';
import { jensenShannon } from './jensen-shannon';
import { klDivergence } from './kl-divergence';
import { ks } from './kolmogorov-smirnov';
import { lInfinity } from './l-infinity';
import { mannWhitneyU } from './mann-whitney-u';
import { psi } from './psi';
import type { StatisticResult } from './statistic-result';
import { tTest } from './t-test';
import { totalVariation } from './total-variation';
import { wasserstein } from './wasserstein';
import { zTest } from './z-test';

/**
 * A univariate drift statistic as the registry hands it out. Inputs are whatever the named
 * export accepts (numeric for numeric tests, categorical for categorical tests, either for
 * the binned distances).
 */
// `any` on purpose: the registry holds numeric, categorical and binned statistics whose
// input and option types differ; the named exports keep the precise types.
export type DriftStatistic = (reference: any, current: any, options?: any) => StatisticResult;

const statistics: Readonly<Record<DriftMethodId, DriftStatistic>> = {
  ks,
  wasserstein,
  psi,
  jensenshannon: jensenShannon,
  kl_div: klDivergence,
  hellinger,
  tvd: totalVariation,
  chisquare: chiSquare,
  z: zTest,
  fisher_exact: fisherExact,
  g_test: gTest,
  cramer_von_mises: cramerVonMises,
  anderson: andersonDarling,
  ed: energyDistance,
  mannw: mannWhitneyU,
  t_test: tTest,
  empirical_mmd: empiricalMmd,
  linf: lInfinity,
};

/**
 * The statistic registered under an Evidently method id (`'ks'`, `'psi'`, `'kl_div'`, ...).
 * Throws a `NotFoundError` (`STATISTIC_NOT_FOUND`) listing the known ids otherwise.
 *
 * @example
 * ```ts
 * const { statistic, pValue } = getStatistic('ks')(reference, current);
 * ```
 */
export function getStatistic(id: string): DriftStatistic {
  if (Object.hasOwn(statistics, id)) return statistics[id as DriftMethodId];
  throw new NotFoundError({
    code: 'STATISTIC_NOT_FOUND',
    message: `No drift statistic is registered as "${id}". Known ids: ${Object.keys(statistics).join(', ')}.`,
    details: { path: 'method', received: id, expected: Object.keys(statistics) },
  });
}
