import { NotFoundError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { driftMethodIds, driftMethodRules } from '../report/default-method';
import { getStatistic } from './registry';

const numeric = Array.from({ length: 60 }, (_, index) => Math.sin(index) * 10);
const shifted = numeric.map(value => value + 3);
const labels = Array.from({ length: 60 }, (_, index) => (index % 3 === 0 ? 'x' : 'y'));
const otherLabels = Array.from({ length: 60 }, (_, index) => (index % 2 === 0 ? 'x' : 'y'));

describe('getStatistic', () => {
  it.each(driftMethodIds)('%s is registered and returns a finite statistic', id => {
    const isCategorical = !driftMethodRules[id].featureTypes.includes('numeric');
    const result = isCategorical
      ? getStatistic(id)(labels, otherLabels, { permutations: 20 })
      : getStatistic(id)(numeric, shifted, { permutations: 20 });
    expect(Number.isFinite(result.statistic) || result.statistic === Number.POSITIVE_INFINITY).toBe(
      true,
    );
    if (driftMethodRules[id].kind === 'p-value') {
      expect(result.pValue).toBeGreaterThanOrEqual(0);
      expect(result.pValue).toBeLessThanOrEqual(1);
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
