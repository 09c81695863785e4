import { InvalidInputError, quantileSketchSchema } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import { KllSketch, upperBound } from './kll-sketch';
import { kllNormalizedRankError } from './normalized-rank-error';

function sample(seed: number, size: number): Float64Array {
  const random = seededRandom(seed);
  // A mixture with ties and a heavy tail, so the sketch is not only tested on smooth data.
  return Float64Array.from({ length: size }, (_, index) => {
    if (index % 7 === 0) return Math.round(random.normal(0, 3));
    if (index % 11 === 0) return Math.exp(random.normal(0, 2));
    return random.normal(5, 1);
  });
}

/** Largest |sketch rank - exact rank| over every distinct data value. */
function maximumRankError(sketch: KllSketch, values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  let worst = 0;
  for (let index = 0; index < sorted.length; index += 1) {
    const value = sorted[index] as number;
    if (index + 1 < sorted.length && sorted[index + 1] === value) continue;
    const exact = upperBound(sorted, value) / sorted.length;
    worst = Math.max(worst, Math.abs(sketch.rank(value) - exact));
  }
  return worst;
}

describe('KllSketch', () => {
  it('is exact before it first compacts', () => {
    const values = sample(1, 500);
    const sketch = KllSketch.create({ k: 1024 });
    sketch.updateMany(values);
    expect(sketch.isExact).toBe(true);
    expect(sketch.rankError).toBe(0);
    expect(maximumRankError(sketch, values)).toBe(0);
    const sorted = Float64Array.from(values).sort();
    expect(sketch.quantile(0.5)).toBe(sorted[249]);
  });

  it.each([
    [200, 60_000],
    [1024, 120_000],
    [64, 30_000],
  ])('keeps the rank error within the documented bound (k=%i, n=%i, 5 seeds)', (k, size) => {
    const bound = kllNormalizedRankError(k);
    for (let seed = 1; seed <= 5; seed += 1) {
      const values = sample(seed * 31, size);
      const sketch = KllSketch.create({ k, seed });
      sketch.updateMany(values);
      expect(sketch.isExact).toBe(false);
      expect(sketch.count).toBe(size);
      expect(sketch.rankError).toBe(bound);
      expect(sketch.retained).toBeLessThan(3.5 * k + 8 * 20);
      expect(maximumRankError(sketch, values)).toBeLessThanOrEqual(bound);
    }
  });

  it('gives the same sketch for the same seed, whether fed one value or an array at a time', () => {
    const values = sample(2, 20_000);
    const one = KllSketch.create({ k: 128, seed: 9 });
    for (const value of values) one.update(value);
    const many = KllSketch.create({ k: 128, seed: 9 });
    many.updateMany(values);
    expect(one.toJSON()).toEqual(many.toJSON());
  });

  it('merges partitions in any order within the bound, with exact count, min and max', () => {
    const k = 200;
    const bound = kllNormalizedRankError(k);
    const values = sample(3, 120_000);
    const parts = [0, 1, 2, 3].map(part => {
      const sketch = KllSketch.create({ k, seed: 100 + part });
      sketch.updateMany(values.subarray(part * 30_000, (part + 1) * 30_000));
      return sketch;
    });
    const [a, b, c, d] = parts as [KllSketch, KllSketch, KllSketch, KllSketch];
    const orders = [
      a.merge(b).merge(c).merge(d),
      d.merge(c).merge(b).merge(a),
      a.merge(b).merge(c.merge(d)),
      b.merge(d).merge(a.merge(c)),
    ];
    const exactMin = values.reduce((min, value) => Math.min(min, value), Infinity);
    const exactMax = values.reduce((max, value) => Math.max(max, value), -Infinity);
    for (const merged of orders) {
      expect(merged.count).toBe(values.length);
      expect(merged.min).toBe(exactMin);
      expect(merged.max).toBe(exactMax);
      expect(merged.retained).toBeLessThan(3.5 * k + 8 * 20);
      expect(maximumRankError(merged, values)).toBeLessThanOrEqual(bound);
    }
    // Merging leaves its inputs untouched.
    expect(a.count).toBe(30_000);
  });

  it('round-trips through JSON in the contract shape and continues identically', () => {
    const sketch = KllSketch.create({ k: 100, seed: 5 });
    sketch.updateMany(sample(4, 10_000));
    const serialized = sketch.toJSON();
    expect(quantileSketchSchema.parse(serialized)).toEqual(serialized);
    const restored = KllSketch.fromJSON(JSON.parse(JSON.stringify(serialized)));
    expect(restored.toJSON()).toEqual(serialized);
    const more = sample(5, 5_000);
    sketch.updateMany(more);
    restored.updateMany(more);
    expect(restored.toJSON()).toEqual(sketch.toJSON());
    expect(restored.quantile(0.9)).toBe(sketch.quantile(0.9));
  });

  it('serialises an empty sketch without NaN and answers NaN', () => {
    const empty = KllSketch.create();
    const restored = KllSketch.fromJSON(JSON.parse(JSON.stringify(empty.toJSON())));
    expect(restored.count).toBe(0);
    expect(restored.rank(1)).toBeNaN();
    expect(restored.quantile(0.5)).toBeNaN();
    expect(restored.min).toBeNaN();
  });

  it('ignores non-finite values and keeps exact extremes', () => {
    const sketch = KllSketch.create();
    sketch.updateMany([Number.NaN, 2, -Infinity, 5, 1]);
    sketch.update(Number.NaN);
    sketch.update(Infinity);
    expect(sketch.count).toBe(3);
    expect(sketch.min).toBe(1);
    expect(sketch.quantile(1)).toBe(5);
    expect(sketch.quantile(0)).toBe(1);
    expect(KllSketch.fromJSON(JSON.parse(JSON.stringify(sketch.toJSON()))).count).toBe(3);
  });

  it('rejects bad parameters, mismatched merges and corrupt documents with typed errors', () => {
    expect(() => KllSketch.create({ k: 4 })).toThrow(
      expect.objectContaining({ code: 'INVALID_SKETCH_PARAMETER' }),
    );
    expect(() => KllSketch.create({ k: 64 }).merge(KllSketch.create({ k: 128 }))).toThrow(
      expect.objectContaining({ code: 'SKETCH_PARAMETER_MISMATCH' }),
    );
    expect(() => KllSketch.create().quantile(2)).toThrow(
      expect.objectContaining({ code: 'INVALID_QUANTILE' }),
    );
    const document = KllSketch.create().toJSON();
    const wrongCount = { ...document, state: { ...document.state, count: 3 } };
    expect(() => KllSketch.fromJSON(wrongCount)).toThrow(
      expect.objectContaining({ code: 'INVALID_SKETCH_STATE' }),
    );
    try {
      KllSketch.fromJSON({ algorithm: 'tdigest', rankError: 0, state: {} });
      expect.unreachable();
    } catch (error) {
      expect(InvalidInputError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('algorithm');
    }
  });
});

describe('KllSketch.updateSorted (bulk runs)', () => {
  function sortedBatches(values: Float64Array, batch: number): Float64Array[] {
    const batches: Float64Array[] = [];
    for (let start = 0; start < values.length; start += batch) {
      batches.push(values.slice(start, start + batch).sort());
    }
    return batches;
  }

  it.each([
    [64, 120_000, 4_096],
    [200, 262_144, 131_072],
    [1024, 200_000, 25_000],
    [1024, 50_000, 700],
  ])(
    'keeps the rank error within the documented bound (k=%i, n=%i, runs of %i, 8 seeds)',
    (k, size, batch) => {
      const bound = kllNormalizedRankError(k);
      let worstSeen = 0;
      for (let seed = 1; seed <= 8; seed += 1) {
        const values = sample(seed * 17, size);
        const sketch = KllSketch.create({ k, seed });
        for (const run of sortedBatches(values, batch)) sketch.updateSorted(run);
        expect(sketch.count).toBe(size);
        expect(sketch.min).toBe(values.reduce((a, b) => Math.min(a, b)));
        expect(sketch.max).toBe(values.reduce((a, b) => Math.max(a, b)));
        expect(sketch.retained).toBeLessThan(3.5 * k + 8 * 40);
        // The total weight stays exact: the CDF ends at the count.
        const { cumulativeWeights } = sketch.sortedView();
        expect(cumulativeWeights[cumulativeWeights.length - 1]).toBe(size);
        worstSeen = Math.max(worstSeen, maximumRankError(sketch, values));
      }
      expect(worstSeen).toBeLessThanOrEqual(bound);
    },
  );

  it('is exact while the runs fit, and merges with item-by-item sketches within the bound', () => {
    const values = sample(5, 900);
    const bulk = KllSketch.create({ k: 1024 });
    bulk.updateSorted(values.slice(0, 400).sort());
    bulk.updateSorted(values.slice(400).sort());
    expect(bulk.isExact).toBe(true);
    expect(maximumRankError(bulk, values)).toBe(0);
    const big = sample(6, 200_000);
    const left = KllSketch.create({ k: 200, seed: 1 });
    left.updateSorted(big.slice(0, 100_000).sort());
    const right = KllSketch.create({ k: 200, seed: 2 });
    right.updateMany(big.subarray(100_000));
    for (const merged of [left.merge(right), right.merge(left)]) {
      expect(merged.count).toBe(200_000);
      expect(maximumRankError(merged, big)).toBeLessThanOrEqual(kllNormalizedRankError(200));
    }
  });

  it('feeds the exact values and tails kept beside the sketch', () => {
    const values = sample(8, 30_000);
    const bulk = KllSketch.create({ k: 200, exactLimit: 10_000, exactTail: 50 });
    const single = KllSketch.create({ k: 200, exactLimit: 10_000, exactTail: 50 });
    for (const run of sortedBatches(values, 4_000)) bulk.updateSorted(run);
    single.updateMany(values);
    expect(bulk.exactValues()).toBeUndefined();
    expect(bulk.exactTails()).toEqual(single.exactTails());
    const small = KllSketch.create({ k: 200, exactLimit: 10_000 });
    small.updateSorted(values.slice(0, 3_000).sort());
    expect(small.exactValues()).toEqual(
      values
        .slice(0, 3_000)
        .map(value => value + 0)
        .sort(),
    );
  });

  it('refuses unsorted or non-finite runs with a typed error, leaving the sketch unchanged', () => {
    const sketch = KllSketch.create({ k: 64 });
    sketch.updateSorted(new Float64Array([1, 2, 3]));
    for (const bad of [
      [1, 3, 2],
      [0, Number.NaN],
      [1, Number.POSITIVE_INFINITY],
    ]) {
      expect(() => sketch.updateSorted(new Float64Array(bad))).toThrow(
        expect.objectContaining({ code: 'INVALID_SKETCH_INPUT' }),
      );
    }
    expect(sketch.count).toBe(3);
    sketch.updateSorted(new Float64Array([-0, 0]));
    expect(Object.is(sketch.toJSON().state.levels[0]?.[0], -0)).toBe(false);
  });
});
