import { describe, expect, it } from 'vitest';
import { distanceFromCounts } from './distance-from-counts';

describe('distanceFromCounts', () => {
  const reference = [500, 300, 200, 0];
  const current = [400, 300, 250, 50];

  it('reproduces the golden categorical distances from counts alone', () => {
    expect(distanceFromCounts('psi', reference, current)).toBeCloseTo(0.34358047680839876, 14);
    expect(distanceFromCounts('jensenshannon', reference, current)).toBeCloseTo(
      0.1466422933152931,
      14,
    );
    expect(distanceFromCounts('hellinger', reference, current)).toBeCloseTo(
      0.17082039324993709,
      14,
    );
    expect(distanceFromCounts('linf', reference, current)).toBeCloseTo(0.1, 14);
    expect(distanceFromCounts('tvd', reference, current)).toBeCloseTo(0.1, 14);
  });

  it('honours base, smoothing and explicit totals', () => {
    const natural = distanceFromCounts('jensenshannon', [1, 0], [0, 1]);
    expect(natural).toBeCloseTo(Math.sqrt(Math.LN2), 14);
    expect(distanceFromCounts('jensenshannon', [1, 0], [0, 1], { base: 2 })).toBeCloseTo(1, 14);
    expect(distanceFromCounts('kl_div', [1, 0], [0, 1], { smoothing: false })).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(Number.isFinite(distanceFromCounts('kl_div', [1, 0], [0, 1]))).toBe(true);
    expect(distanceFromCounts('linf', [5, 5], [5, 5], { referenceTotal: 20 })).toBeCloseTo(
      0.25,
      14,
    );
  });

  it('rejects mismatched bins, negative counts and empty sides', () => {
    expect(() => distanceFromCounts('psi', [1, 2], [1])).toThrowError(
      expect.objectContaining({ code: 'BIN_COUNT_MISMATCH' }),
    );
    expect(() => distanceFromCounts('psi', [1, -2], [1, 1])).toThrowError(
      expect.objectContaining({ code: 'INVALID_COUNTS' }),
    );
    expect(() => distanceFromCounts('psi', [0, 0], [1, 1])).toThrowError(
      expect.objectContaining({ code: 'EMPTY_SAMPLE' }),
    );
  });
});
