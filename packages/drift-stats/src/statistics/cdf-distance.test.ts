import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cdfDistance, cdfSteps } from './cdf-distance';

const ascending = (values: readonly number[]) => Float64Array.from(values).sort();

// scipy's _cdf_distance written out as scipy computes it: all values pooled and sorted, both
// CDFs found by searchsorted (side 'right') at every pooled value, |F_u − F_v|^p times the gap
// to the next pooled value, summed. An independent oracle of the merge.
function scipyCdfDistance(first: Float64Array, second: Float64Array, power: 1 | 2): number {
  const pooled = ascending([...first, ...second]);
  const rightCount = (sorted: Float64Array, value: number) => {
    let count = 0;
    while (count < sorted.length && (sorted[count] as number) <= value) count++;
    return count;
  };
  let total = 0;
  for (let index = 0; index + 1 < pooled.length; index++) {
    const value = pooled[index] as number;
    const gap = (pooled[index + 1] as number) - value;
    const difference = Math.abs(
      rightCount(first, value) / first.length - rightCount(second, value) / second.length,
    );
    total += (power === 1 ? difference : difference * difference) * gap;
  }
  return power === 1 ? total : Math.sqrt(total);
}

describe('cdfSteps', () => {
  it('keeps the sample as its values when no value repeats', () => {
    const sorted = ascending([-2, 0.5, 1, 7]);
    const steps = cdfSteps(sorted);
    expect(steps.values).toBe(sorted);
    expect([...steps.cdf]).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('gives one step per distinct value, the CDF after its last repeat', () => {
    const steps = cdfSteps(ascending([1, 1, 2, 3, 3, 3, 4, -0, 0]));
    expect([...steps.values]).toEqual([-0, 1, 2, 3, 4]);
    expect(Object.is(steps.values[0], -0)).toBe(true);
    expect([...steps.cdf]).toEqual([2 / 9, 4 / 9, 5 / 9, 8 / 9, 1]);
  });
});

describe('cdfDistance', () => {
  // Few distinct values (ties within and across samples) as well as continuous ones.
  const sample = fc.oneof(
    fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 60 }),
    fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 60 }),
  );

  it('equals scipy’s pooled formula for p = 1 and p = 2, with ties and signed zeros', () => {
    fc.assert(
      fc.property(sample, sample, (left, right) => {
        const first = ascending(left);
        const second = ascending(right);
        for (const power of [1, 2] as const) {
          const expected = scipyCdfDistance(first, second, power);
          const actual = cdfDistance(cdfSteps(first), second, power);
          expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected));
        }
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('measures gaps in units of a power of two when asked', () => {
    const first = ascending([0, 1, 2, 8]);
    const second = ascending([1, 3, 3]);
    expect(cdfDistance(cdfSteps(first), second, 1, 4) * 4).toBe(
      cdfDistance(cdfSteps(first), second, 1),
    );
  });
});
