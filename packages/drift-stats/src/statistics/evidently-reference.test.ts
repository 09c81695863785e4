import { describe, expect, it } from 'vitest';
import { relativeError } from '../__fixtures__/golden';
import { binnedShares } from '../binning/binned-shares';
import { prepareSample } from '../input/sorted-sample';
import { andersonDarling } from './anderson-darling';
import { chiSquare } from './chi-square';
import { cramerVonMises } from './cramer-von-mises';
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
import { tTest } from './t-test';
import { totalVariation } from './total-variation';
import { wasserstein } from './wasserstein';
import { zTest } from './z-test';

// Values from /work/shared/reference/golden_output.txt (golden.py, numpy 2.4.6 / scipy 1.17.1).
const reference = prepareSample(Array.from({ length: 2000 }, (_, i) => ((i * 37) % 101) / 10));
const current = prepareSample(Array.from({ length: 1500 }, (_, i) => ((i * 53) % 89) / 10 + 0.3));

function expectClose(actual: number | undefined, expected: number, tolerance = 1e-9) {
  expect(relativeError(actual as number, expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    tolerance,
  );
}

describe('golden_output.txt, numeric pair', () => {
  it('uses 13 Sturges bins over the pooled 3500 values', () => {
    expect(binnedShares(reference, current).referenceShares).toHaveLength(13);
  });
  it('reproduces the Evidently binned distances', () => {
    expectClose(psi(reference, current).statistic, 0.5517304231714927);
    expectClose(klDivergence(reference, current).statistic, 0.4623746174316089);
    expectClose(jensenShannon(reference, current).statistic, 0.1738669848300941);
    expectClose(jensenShannon(reference, current, { base: 2 }).statistic, 0.20883553162755975);
  });
  it('reproduces Wasserstein (normed and raw), KS, energy, CvM, AD, MWU and t', () => {
    expectClose(wasserstein(reference, current).statistic, 0.12746781881201305);
    expectClose(wasserstein(reference, current, { normed: false }).statistic, 0.3717166666666667);
    const result = ks(reference, current);
    expectClose(result.statistic, 0.0895);
    expectClose(result.pValue, 2.0337753106367967e-6);
    expectClose(ks(reference, current, { method: 'asymptotic' }).pValue, 2.01035356304953e-6, 1e-9);
    expectClose(energyDistance(reference, current).statistic, 0.2027205383444575);
    expectClose(cramerVonMises(reference, current).pValue, 4.342391461886752e-5, 1e-6);
    expect(andersonDarling(reference, current).pValue).toBe(0.001);
    expectClose(
      mannWhitneyU(reference, current, { alternative: 'less' }).pValue,
      0.9987413016504761,
    );
    expectClose(tTest(reference, current).pValue, 0.0018306332753387645);
  });
  it('reproduces the NannyML continuous Jensen–Shannon (Doane bins on reference, overflow bin, base 2)', () => {
    const bins = { strategy: 'doane-reference' } as const;
    expect(binnedShares(reference, current, { bins }).edges).toHaveLength(13);
    expectClose(
      jensenShannon(reference, current, { bins, base: 2 }).statistic,
      0.22020126539791954,
    );
  });
});

describe('golden_output.txt, categorical pair', () => {
  const categories = (counts: Record<string, number>) =>
    Object.entries(counts).flatMap(([key, count]) => Array<string>(count).fill(key));
  const referenceLabels = categories({ a: 500, b: 300, c: 200 });
  const currentLabels = categories({ a: 400, b: 300, c: 250, d: 50 });

  it('reproduces PSI, JS, TVD, L-infinity, Hellinger and chi-square contingency', () => {
    expectClose(psi(referenceLabels, currentLabels).statistic, 0.34358047680839876);
    expectClose(jensenShannon(referenceLabels, currentLabels).statistic, 0.1466422933152931);
    expectClose(
      totalVariation(referenceLabels, currentLabels, { permutations: 1 }).statistic,
      0.09999999999999998,
    );
    expectClose(lInfinity(referenceLabels, currentLabels).statistic, 0.09999999999999998);
    expectClose(hellinger(referenceLabels, currentLabels).statistic, 0.17082039324993709);
    const chi = chiSquare(referenceLabels, currentLabels);
    expectClose(chi.statistic, 66.66666666666667);
    expectClose(chi.pValue, 2.206914456800012e-14, 1e-9);
  });

  it('reproduces the binary z-test', () => {
    const ones = (count: number, total: number) => [
      ...Array<number>(count).fill(1),
      ...Array<number>(total - count).fill(0),
    ];
    const result = zTest(ones(300, 1000), ones(360, 1000));
    expectClose(result.statistic, -2.8532635032055063);
    expectClose(result.pValue, 0.0043272723659044665, 1e-9);
  });
});

describe("Evidently's own test vectors (drift.md §1.7)", () => {
  const repeated = (counts: number[]) =>
    counts.flatMap((count, index) => Array<number>(count).fill(index + 1));
  const referenceDice = repeated([16, 18, 16, 14, 12, 12]);
  const currentDice = repeated([16, 16, 16, 16, 16, 8]);

  it('chisquare goodness-of-fit p = 0.6730876', () => {
    expectClose(
      chiSquare(referenceDice, currentDice, { variant: 'goodness-of-fit' }).pValue,
      0.6730876,
      1e-6,
    );
  });
  it('categorical hellinger 0.0681277', () => {
    expectClose(
      hellinger(referenceDice.map(String), currentDice.map(String)).statistic,
      0.0681277,
      1e-6,
    );
  });
  it('mannw (one-sided less) p = 0.48143', () => {
    expectClose(
      mannWhitneyU(referenceDice, currentDice, { alternative: 'less' }).pValue,
      0.48143,
      1e-5,
    );
  });
  it('t_test p = 0.084106 and anderson p = 0.063515', () => {
    const a = [38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0];
    const b = [39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8];
    expectClose(tTest(a, b).pValue, 0.084106, 1e-5);
    expectClose(andersonDarling(a, b).pValue, 0.063515, 1e-5);
  });
  it('g_test (rescaled) p = 0.817622 for equal totals', () => {
    const labels = (counts: Record<string, number>) =>
      Object.entries(counts).flatMap(([key, count]) => Array<string>(count).fill(key));
    expectClose(
      gTest(labels({ a: 5, b: 5, c: 8 }), labels({ a: 4, b: 6, c: 8 })).pValue,
      0.817622,
      1e-6,
    );
  });
  it('fisher_exact: six a vs six b gives p ≈ 0.0021', () => {
    expectClose(
      fisherExact(Array(6).fill('a'), Array(6).fill('b')).pValue,
      0.0021645021645021645,
      1e-9,
    );
  });
});
