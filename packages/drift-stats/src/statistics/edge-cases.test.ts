import { describe, expect, it } from 'vitest';
import { chiSquare } from './chi-square';
import { gTest } from './g-test';
import { ks } from './kolmogorov-smirnov';
import { tTest } from './t-test';
import { zTest } from './z-test';
import { andersonDarling } from './anderson-darling';

describe('edge cases', () => {
  it('names the empty side in a typed error', () => {
    expect(() => ks([], [1, 2])).toThrowError(
      expect.objectContaining({
        code: 'INSUFFICIENT_DATA',
        details: expect.objectContaining({ path: 'reference' }),
      }),
    );
    expect(() => chiSquare(['a'], [null])).toThrowError(
      expect.objectContaining({ code: 'INSUFFICIENT_DATA' }),
    );
    expect(() => andersonDarling([1, 1], [1, 1])).toThrowError(
      expect.objectContaining({ code: 'INSUFFICIENT_DATA' }),
    );
  });

  it('keeps goodness-of-fit tests finite when a category appears only in current', () => {
    const reference = [...Array<string>(500).fill('a'), ...Array<string>(500).fill('b')];
    const rare = [...Array<string>(499).fill('a'), ...Array<string>(500).fill('b'), 'new'];
    const frequent = [
      ...Array<string>(400).fill('a'),
      ...Array<string>(400).fill('b'),
      ...Array<string>(200).fill('new'),
    ];
    for (const test of [
      gTest,
      (r: string[], c: string[]) => chiSquare(r, c, { variant: 'goodness-of-fit' }),
    ]) {
      expect(test(reference, rare).pValue).toBeGreaterThan(0.05);
      expect(test(reference, frequent).pValue).toBeLessThan(1e-6);
    }
    // The contingency form needs no pseudo-count.
    expect(chiSquare(reference, rare).pValue).toBeGreaterThan(0.05);
  });

  it('follows scipy for constant samples in the t-test, and reports 0/0 as insufficient data', () => {
    for (const equalVariance of [true, false]) {
      expect(() => tTest([2, 2, 2], [2, 2], { equalVariance })).toThrowError(
        expect.objectContaining({ code: 'INSUFFICIENT_DATA' }),
      );
    }
    expect(tTest([2, 2, 2], [3, 3]).pValue).toBe(0);
  });

  it('rejects non-binary columns in the z-test and accepts a single shared value', () => {
    expect(() => zTest(['a', 'b', 'c'], ['a'])).toThrowError(
      expect.objectContaining({ code: 'NOT_BINARY' }),
    );
    expect(zTest([1, 1], [1, 1, 1])).toEqual({ statistic: 0, pValue: 1 });
  });
});
