import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import { KllSketch } from './kll-sketch';

function values(seed: number, size: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: size }, () => random.normal(0, 1));
}

const sorted = (data: ArrayLike<number>) => Float64Array.from(data).sort();

describe('exact values beside a KLL sketch', () => {
  it('keeps every value up to the limit, then only the tails, through JSON and merges', () => {
    const first = values(1, 3_000);
    const second = values(2, 2_500);
    const sketch = (data: Float64Array, limit: number) => {
      const built = KllSketch.create({ k: 64, seed: 1, exactLimit: limit, exactTail: 100 });
      built.updateMany(data);
      return KllSketch.fromJSON(JSON.parse(JSON.stringify(built.toJSON())));
    };
    const union = sorted([...first, ...second]);
    // Under the limit: compacted sketch, exact values.
    const small = sketch(first, 10_000);
    expect(small.isExact).toBe(false);
    expect(small.exactValues()).toEqual(sorted(first));
    const merged = small.merge(sketch(second, 10_000));
    expect(merged.exactValues()).toEqual(union);
    // Over the limit after merging: the tails of the union remain.
    const tight = sketch(first, 4_000).merge(sketch(second, 4_000));
    expect(tight.exactValues()).toBeUndefined();
    expect(tight.exactTails()?.lower).toEqual(union.slice(0, 100));
    expect(tight.exactTails()?.upper).toEqual(union.slice(union.length - 100));
    // Streaming past the limit keeps the true tails too.
    const streamed = KllSketch.create({ k: 64, exactLimit: 1_000, exactTail: 50 });
    for (let start = 0; start < union.length; start += 700)
      streamed.updateMany([...first, ...second].slice(start, start + 700));
    expect(streamed.exactTails()?.lower).toEqual(union.slice(0, 50));
    expect(streamed.exactTails()?.upper).toEqual(union.slice(union.length - 50));
    expect(streamed.count).toBe(union.length);
  });

  it('is off by default and ignores non-finite values', () => {
    const plain = KllSketch.create();
    plain.updateMany([1, 2, Number.NaN]);
    expect(plain.toJSON().state.exact).toBeUndefined();
    expect(plain.exactTails()).toBeUndefined();
    const kept = KllSketch.create({ exactLimit: 10 });
    kept.updateMany([3, Number.POSITIVE_INFINITY, 1]);
    kept.update(Number.NaN);
    kept.update(2);
    expect(kept.toJSON().state.exact).toEqual({ limit: 10, tail: 0, values: [1, 2, 3] });
  });
});

describe('ExactValues past its limit', () => {
  it('keeps exactly the smallest and largest values of the union, batch by batch or at once', async () => {
    const { ExactValues } = await import('./exact-values');
    const random = seededRandom(9);
    for (const [limit, tail, size] of [
      [100, 10, 5_000],
      [1_000, 50, 1_001],
      [10, 0, 200],
      [50, 40, 90],
      [200, 30, 3_000],
    ] as const) {
      // Few distinct values, so the selection meets many ties.
      const data = Float64Array.from({ length: size }, () => Math.round(random.normal(0, 3)) + 0);
      const expected = sorted(data);
      const lower = Array.from(expected.subarray(0, Math.min(tail, size)));
      const upper = Array.from(expected.subarray(Math.max(0, size - tail)));
      const atOnce = new ExactValues({ limit, tail });
      atOnce.updateMany(data);
      const inBatches = new ExactValues({ limit, tail });
      for (let start = 0; start < size; start += 37)
        inBatches.updateMany(data.subarray(start, start + 37));
      for (const exact of [atOnce, inBatches]) {
        expect(exact.isComplete).toBe(false);
        expect(exact.count).toBe(size);
        const json = exact.toJSON();
        expect(json.lower).toEqual(tail === 0 ? [] : lower);
        expect(json.upper).toEqual(tail === 0 ? [] : upper);
      }
    }
  });
});
