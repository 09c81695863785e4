import { describe, expect, it } from 'vitest';
import { jensenShannonDivergence, lInfinityDistance } from './distribution-distance';

describe('distribution distances', () => {
  it('computes L-infinity over normalised counts', () => {
    expect(lInfinityDistance([50, 50], [80, 20])).toBeCloseTo(0.3);
    expect(lInfinityDistance([1, 1, 2], [2, 2, 4])).toBeCloseTo(0);
  });

  it('computes base-2 Jensen-Shannon divergence in [0, 1]', () => {
    expect(jensenShannonDivergence([1, 0], [0, 1])).toBeCloseTo(1);
    expect(jensenShannonDivergence([3, 3], [3, 3])).toBeCloseTo(0);
    // scipy.spatial.distance.jensenshannon([0.5, 0.5], [0.9, 0.1], base=2) ** 2 = 0.146793
    expect(jensenShannonDivergence([5, 5], [9, 1])).toBeCloseTo(0.146793, 5);
  });
});
