import { describe, expect, it } from 'vitest';
import { binnedShares } from './binned-shares';
import { histogramCounts } from './histogram-counts';
import { quantileEdges } from './quantile-edges';
import { sturgesEdges } from './sturges-edges';

describe('sturgesEdges', () => {
  it('reproduces numpy bin counts, including the power-of-two rounding case', () => {
    expect(sturgesEdges(0, 10, 3500)).toHaveLength(14);
    // numpy: histogram_bin_edges(np.linspace(0, 1, 4096), 'sturges') has 14 edges (13 bins).
    expect(sturgesEdges(0, 1, 4096)).toHaveLength(14);
    expect([...sturgesEdges(2, 2, 10)]).toEqual([1.5, 2.5]);
  });
});

describe('histogramCounts', () => {
  it('uses half-open bins with a closed last bin and drops values outside', () => {
    const counts = histogramCounts(new Float64Array([-1, 0, 0.5, 1, 2, 2, 3]), [0, 1, 2]);
    expect([...counts]).toEqual([2, 3]);
  });
});

describe('binnedShares', () => {
  const reference = Array.from({ length: 100 }, (_, index) => index);
  const current = Array.from({ length: 50 }, (_, index) => index * 3);

  it('treats numeric columns with at most 20 reference values as categories', () => {
    const shares = binnedShares([1, 1, 2, 3], [3, 4, 4, 4]);
    expect(shares.categories).toEqual(['1', '2', '3', '4']);
    expect([...shares.referenceShares]).toEqual([0.5, 0.25, 0.25, 0]);
    expect([...shares.currentShares]).toEqual([0, 0, 0.25, 0.75]);
  });

  it('smooths empty bins as Evidently does, without renormalising', () => {
    const shares = binnedShares([1, 1, 2, 3], [3, 4, 4, 4], { smoothing: true });
    expect([...shares.referenceShares]).toEqual([0.5, 0.25, 0.25, 0.0001]);
    expect([...shares.currentShares]).toEqual([0.0001, 0.0001, 0.25, 0.75]);
  });

  it('supports quantile, equal-width and fixed bins', () => {
    const quantile = binnedShares(reference, current, { bins: { strategy: 'quantile', count: 4 } });
    expect([...quantile.referenceShares]).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(quantile.currentCounts.reduce((sum, count) => sum + count, 0)).toBe(50);
    const equal = binnedShares(reference, current, { bins: { strategy: 'equal-width', count: 3 } });
    expect(equal.edges).toHaveLength(4);
    const fixed = binnedShares(reference, current, {
      bins: { strategy: 'fixed', edges: [0, 50, 100] },
    });
    expect([...fixed.referenceCounts]).toEqual([50, 50]);
  });

  it('rejects invalid bin settings with typed errors', () => {
    expect(() =>
      binnedShares(reference, current, { bins: { strategy: 'fixed', edges: [1, 1] } }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_BIN_EDGES' }));
    expect(() =>
      binnedShares(reference, current, { bins: { strategy: 'quantile', count: 0 } }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_BIN_COUNT' }));
    expect(() => binnedShares([null], current)).toThrowError(
      expect.objectContaining({ code: 'EMPTY_SAMPLE' }),
    );
  });

  it('merges tied quantile edges', () => {
    expect([...quantileEdges(new Float64Array([1, 1, 1, 1, 2]), 4)]).toEqual([
      Number.NEGATIVE_INFINITY,
      1,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('adds an overflow bin for current values outside the reference range (doane-reference)', () => {
    const shares = binnedShares(reference, [...current, 500, 600], {
      bins: { strategy: 'doane-reference' },
    });
    expect(shares.referenceCounts.at(-1)).toBe(0);
    expect(shares.currentCounts.at(-1)).toBe(2 + current.filter(value => value > 99).length);
    const inside = binnedShares(reference, [1, 2, 3], { bins: { strategy: 'doane-reference' } });
    expect(inside.referenceCounts.length).toBe((inside.edges?.length ?? 0) - 1);
  });
});
