import { describe, expect, it } from 'vitest';
import { normalQuantile, wilsonLowerBound } from './wilson-lower-bound';

describe('wilsonLowerBound', () => {
  // Reference values from scipy: (p + z²/2n − z√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = norm.ppf.
  it.each([
    [90, 100, 0.95, 0.8256343384950866],
    [999, 1000, 0.95, 0.9943574414020421],
    [1, 2, 0.95, 0.09453120573423071],
    [95, 100, 0.99, 0.8608496970983599],
  ])('%i of %i at %f', (successes, total, confidence, expected) => {
    expect(wilsonLowerBound(successes, total, confidence)).toBeCloseTo(expected, 6);
  });

  it('is below the observed share and approaches it as n grows', () => {
    const small = wilsonLowerBound(9, 10);
    const large = wilsonLowerBound(9000, 10_000);
    expect(small).toBeLessThan(0.9);
    expect(large).toBeLessThan(0.9);
    expect(large).toBeGreaterThan(small);
    expect(0.9 - large).toBeLessThan(0.01);
  });

  it('is 0 for no data and stays within [0, 1]', () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(0, 5)).toBeCloseTo(0, 12);
    expect(wilsonLowerBound(5, 5)).toBeLessThan(1);
  });

  it('uses the normal quantile z = 1.959964 for 95%', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 6);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.5758293035489004, 6);
  });
});
