import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortBatchInPlace } from './sort-batch';

describe('sortBatchInPlace', () => {
  it('sorts any finite batch as a numeric sort does (counting and radix paths)', () => {
    const integers = fc.integer({ min: -70_000, max: 70_000 });
    const batch = fc.oneof(
      fc.array(integers, { minLength: 4_096, maxLength: 6_000 }),
      fc.array(fc.integer({ min: -5, max: 300 }), { minLength: 4_096, maxLength: 6_000 }),
      fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 5_000 }),
    );
    fc.assert(
      fc.property(batch, values => {
        const input = Float64Array.from(values);
        const expected = Float64Array.from(values).sort();
        const sorted = sortBatchInPlace(input);
        expect(sorted).toBe(input);
        expect([...sorted].map(value => value + 0)).toEqual([...expected].map(value => value + 0));
      }),
      { numRuns: 60, seed: 15 },
    );
  });

  it('stores -0 as 0 on the counting path', () => {
    const values = new Float64Array(5_000).fill(3);
    values[7] = -0;
    const sorted = sortBatchInPlace(values);
    expect(Object.is(sorted[0], 0)).toBe(true);
    expect(sorted[1]).toBe(3);
  });
});
