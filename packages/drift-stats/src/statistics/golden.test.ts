import { describe, expect, it } from 'vitest';
import { expandCounts, golden, type GoldenResult, relativeError } from '../__fixtures__/golden';
import { chiSquareSurvival } from '../distributions/incomplete-gamma';
import { studentTTwoSided } from '../distributions/incomplete-beta';
import { kolmogorovSurvival } from '../distributions/kolmogorov';
import { normalCdf } from '../distributions/normal';
import { prepareSample } from '../input/sorted-sample';
import { andersonDarling } from './anderson-darling';
import { chiSquare } from './chi-square';
import { cramerVonMises } from './cramer-von-mises';
import { empiricalMmd } from './empirical-mmd';
import { energyDistance } from './energy-distance';
import { eppsSingleton } from './epps-singleton';
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

const exact = 1e-9;
/** Where scipy itself approximates (asymptotic series, interpolation), 1e-6 as the issue allows. */
const approximate = 1e-6;

function expectMatches(
  actual: StatisticResult,
  expected: GoldenResult,
  tolerance: number,
  label: string,
) {
  if (expected.statistic !== undefined && expected.statistic !== null) {
    expect(
      relativeError(actual.statistic, expected.statistic),
      `${label} statistic ${actual.statistic} vs ${expected.statistic}`,
    ).toBeLessThanOrEqual(tolerance);
  }
  if (expected.pValue !== undefined && expected.pValue !== null) {
    expect(
      relativeError(actual.pValue as number, expected.pValue),
      `${label} p ${actual.pValue} vs ${expected.pValue}`,
    ).toBeLessThanOrEqual(tolerance);
  }
}

describe('numeric statistics against scipy', () => {
  for (const testCase of golden.numeric) {
    describe(testCase.name, () => {
      const reference = prepareSample(testCase.reference);
      const current = prepareSample(testCase.current);
      const maximumSize = Math.max(testCase.reference.length, testCase.current.length);
      const { expected } = testCase;
      const checks: Array<[string, () => StatisticResult, number]> = [
        ['ks', () => ks(reference, current), maximumSize > 10_000 ? approximate : exact],
        ['ks_asymp', () => ks(reference, current, { method: 'asymptotic' }), approximate],
        ['wasserstein_raw', () => wasserstein(reference, current, { normed: false }), exact],
        ['wasserstein_normed', () => wasserstein(reference, current), exact],
        ['energy', () => energyDistance(reference, current), exact],
        ['cvm', () => cramerVonMises(reference, current), exact],
        // scipy's asymptotic p is 1 − a series cut at terms below 1e-7 (off by 7e-6 at p = 1e-6,
        // 1% at p = 3e-9): the p-value is checked against the same formula in mpmath instead.
        ['cvm_mpmath', () => cramerVonMises(reference, current), exact],
        ['anderson', () => andersonDarling(reference, current), exact],
        ['mannw', () => mannWhitneyU(reference, current), exact],
        ['mannw_less', () => mannWhitneyU(reference, current, { alternative: 'less' }), exact],
        ['t_test', () => tTest(reference, current), exact],
        ['welch', () => tTest(reference, current, { equalVariance: false }), exact],
        ['es', () => eppsSingleton(reference, current), exact],
        // Evidently's MMD² statistic (its p-value uses unseeded permutations, so only the statistic is compared).
        [
          'empirical_mmd_statistic',
          () => empiricalMmd(reference, current, { permutations: 0 }),
          exact,
        ],
        ['psi', () => psi(reference, current), exact],
        ['kl_div', () => klDivergence(reference, current), exact],
        ['jensenshannon', () => jensenShannon(reference, current), exact],
        ['jensenshannon_base2', () => jensenShannon(reference, current, { base: 2 }), exact],
        ['hellinger', () => hellinger(reference, current), exact],
      ];
      for (const [key, compute, tolerance] of checks) {
        let value = expected[key];
        if (value === undefined || value === null) continue;
        // Where the mpmath p-value exists, scipy's is only compared for the statistic.
        if (key === 'cvm' && expected.cvm_mpmath) value = { statistic: value.statistic };
        it(`${key} within ${tolerance}`, () => expectMatches(compute(), value, tolerance, key));
      }
    });
  }
});

describe('categorical statistics against scipy', () => {
  for (const testCase of golden.categorical) {
    describe(testCase.name, () => {
      const reference = expandCounts(testCase.reference);
      const current = expandCounts(testCase.current);
      const { expected } = testCase;
      const checks: Array<[string, () => StatisticResult]> = [
        ['chisquare', () => chiSquare(reference, current)],
        ['chisquare_gof', () => chiSquare(reference, current, { variant: 'goodness-of-fit' })],
        ['g_test', () => gTest(reference, current)],
        ['fisher_exact', () => fisherExact(reference, current)],
        ['z', () => zTest(reference, current)],
        ['tvd_statistic', () => totalVariation(reference, current, { permutations: 10 })],
        ['linf', () => lInfinity(reference, current)],
        ['psi', () => psi(reference, current)],
        ['kl_div', () => klDivergence(reference, current)],
        ['jensenshannon', () => jensenShannon(reference, current)],
        ['hellinger', () => hellinger(reference, current)],
      ];
      for (const [key, compute] of checks) {
        const value = expected[key];
        if (value === undefined || value === null) continue;
        it(`${key} within ${exact}`, () => expectMatches(compute(), value, exact, key));
      }
    });
  }
});

describe('distribution functions against scipy', () => {
  it('kstwo.sf across every algorithm branch', () => {
    for (const point of golden.kstwo) {
      const actual = kolmogorovSurvival(point.d, point.n);
      expect(
        relativeError(actual, point.sf),
        `n=${point.n} d=${point.d}: ${actual} vs ${point.sf}`,
      ).toBeLessThanOrEqual(approximate);
    }
  });
  it('chi2.sf', () => {
    for (const point of golden.chi2) {
      expect(relativeError(chiSquareSurvival(point.x, point.df), point.sf)).toBeLessThanOrEqual(
        exact,
      );
    }
  });
  it('Student t two-sided p', () => {
    for (const point of golden.studentT) {
      expect(
        relativeError(studentTTwoSided(point.t, point.df), point.p),
        `t=${point.t} df=${point.df}`,
      ).toBeLessThanOrEqual(exact);
    }
  });
  it('normal cdf', () => {
    for (const point of golden.normal) {
      expect(relativeError(normalCdf(point.z), point.cdf), `z=${point.z}`).toBeLessThanOrEqual(
        exact,
      );
    }
  });
});
