import { NotFoundError } from '@ballast/contracts';
import { andersonDarlingMethod } from './anderson-darling';
import { chiSquareMethod } from './chi-square';
import { cramerVonMisesMethod } from './cramer-von-mises';
import type { DriftMethod } from './drift-method';
import { empiricalMmdMethod } from './empirical-mmd';
import { energyDistanceMethod } from './energy-distance';
import { eppsSingletonMethod } from './epps-singleton';
import { fisherExactMethod } from './fisher-exact';
import { gTestMethod } from './g-test';
import { hellingerMethod } from './hellinger';
import { jensenShannonMethod } from './jensen-shannon';
import { klDivMethod } from './kl-div';
import { ksMethod } from './ks';
import { lInfinityMethod } from './l-infinity';
import { mannWhitneyUMethod } from './mann-whitney-u';
import { psiMethod } from './psi';
import { tTestMethod } from './t-test';
import { totalVariationMethod } from './total-variation';
import { wassersteinMethod } from './wasserstein';
import { zTestMethod } from './z-test';

/**
 * Every drift method, one descriptor each (Evidently's ids, plus `linf` from NannyML/TFDV).
 * Adding a method is one file in this folder and one line here.
 */
export const driftMethods = [
  ksMethod,
  wassersteinMethod,
  psiMethod,
  jensenShannonMethod,
  klDivMethod,
  hellingerMethod,
  totalVariationMethod,
  chiSquareMethod,
  zTestMethod,
  fisherExactMethod,
  gTestMethod,
  cramerVonMisesMethod,
  andersonDarlingMethod,
  energyDistanceMethod,
  mannWhitneyUMethod,
  tTestMethod,
  empiricalMmdMethod,
  lInfinityMethod,
  eppsSingletonMethod,
] as const;

/** A drift method id, as the report's `method` spells it. */
export type DriftMethodId = (typeof driftMethods)[number]['id'];

const byName = new Map<string, DriftMethod>(
  driftMethods.flatMap(method => [
    [method.id, method] as const,
    ...(method.aliases ?? []).map(alias => [alias, method] as const),
  ]),
);

/** Every accepted method name: ids and aliases. */
export const driftMethodNames: readonly string[] = [...byName.keys()];

/**
 * The method registered under an id or alias, or undefined.
 */
export function findDriftMethod(name: string): DriftMethod | undefined {
  return byName.get(name);
}

/**
 * True when `value` names a known drift method (id or alias).
 */
export function isDriftMethodId(value: unknown): value is DriftMethodId {
  return typeof value === 'string' && byName.has(value);
}

/**
 * The method registered under an id or alias (`'ks'`, `'psi'`, `'kl_div'`, ...). Throws a
 * `NotFoundError` (`STATISTIC_NOT_FOUND`) listing the known ids otherwise.
 *
 * @example
 * ```ts
 * const { statistic, pValue } = getDriftMethod('ks').statistic(reference, current);
 * ```
 */
export function getDriftMethod(name: string): DriftMethod {
  const method = byName.get(name);
  if (method) return method;
  const known = driftMethods.map(entry => entry.id);
  throw new NotFoundError({
    code: 'STATISTIC_NOT_FOUND',
    message: `No drift method is registered as "${name}". Known ids: ${known.join(', ')}.`,
    details: { path: 'method', received: name, expected: known },
  });
}
