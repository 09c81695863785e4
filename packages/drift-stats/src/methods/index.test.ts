import { NotFoundError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { getStatistic } from '../statistics/registry';
import { driftMethods, findDriftMethod, getDriftMethod } from '.';

const numeric = Array.from({ length: 60 }, (_, index) => Math.sin(index) * 10);
const shifted = numeric.map(value => value + 3);
const labels = Array.from({ length: 60 }, (_, index) => (index % 3 === 0 ? 'x' : 'y'));
const otherLabels = Array.from({ length: 60 }, (_, index) => (index % 2 === 0 ? 'x' : 'y'));

describe('driftMethods', () => {
  it.each(driftMethods.map(method => method.id))(
    '%s is registered and returns a finite statistic',
    id => {
      const method = getDriftMethod(id);
      const isCategorical = !method.featureTypes.includes('numeric');
      const result = isCategorical
        ? getStatistic(id)(labels, otherLabels, { permutations: 20 })
        : getStatistic(id)(numeric, shifted, { permutations: 20 });
      expect(
        Number.isFinite(result.statistic) || result.statistic === Number.POSITIVE_INFINITY,
      ).toBe(true);
      if (method.thresholdKind === 'p_value') {
        expect(result.pValue).toBeGreaterThanOrEqual(0);
        expect(result.pValue).toBeLessThanOrEqual(1);
      }
    },
  );

  it('has unique ids and aliases, and resolves an alias to its method', () => {
    const names = driftMethods.flatMap(method => [method.id, ...(method.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
    expect(findDriftMethod('TVD')).toBe(getDriftMethod('tvd'));
    expect(getStatistic('TVD')).toBe(getStatistic('tvd'));
  });

  it('resolves every numeric and categorical stat-test id of Evidently (its text tests are not univariate)', () => {
    const evidentlyIds = [
      'ks',
      'chisquare',
      'z',
      'wasserstein',
      'psi',
      'kl_div',
      'jensenshannon',
      'hellinger',
      'anderson',
      'cramer_von_mises',
      'es',
      'mannw',
      't_test',
      'ed',
      'empirical_mmd',
      'fisher_exact',
      'g_test',
      'TVD',
    ];
    for (const id of evidentlyIds) expect(typeof getStatistic(id), id).toBe('function');
    expect(getDriftMethod('es')).toMatchObject({ defaultThreshold: 0.05, strict: true });
  });

  it('only gives a profile form of counts to binned or categorical methods, and sketches to numeric ones', () => {
    for (const method of driftMethods) {
      const kind = method.profile?.kind;
      if (kind === 'sketch') expect(method.featureTypes).toEqual(['numeric']);
      if (kind === 'counts' || kind === 'categories')
        expect(method.featureTypes).toContain('categorical');
    }
  });

  it('throws a NotFoundError listing the known ids', () => {
    try {
      getStatistic('kolmogorov');
      expect.unreachable();
    } catch (error) {
      expect(NotFoundError.isInstance(error)).toBe(true);
      expect((error as NotFoundError).code).toBe('STATISTIC_NOT_FOUND');
      expect((error as Error).message).toContain('ks');
    }
  });
});
