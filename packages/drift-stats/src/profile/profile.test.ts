import { parseDatasetProfile } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import { Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { sturgesEdges } from '../binning/sturges-edges';
import { KllSketch } from '../sketch/kll-sketch';
import { kllNormalizedRankError } from '../sketch/normalized-rank-error';
import { mergeProfiles } from './merge-profiles';
import { profile } from './profile';
import { profileFingerprint } from './profile-fingerprint';

const createdAt = new Date('2026-01-01T00:00:00.000Z');

function dataset(seed: number, rows: number) {
  const random = seededRandom(seed);
  const amount = Float64Array.from({ length: rows }, () => random.normal(10, 2));
  amount[3] = Number.NaN;
  const rating = Array.from({ length: rows }, (_, index) =>
    index % 50 === 0 ? null : random.integer(4),
  );
  const city = Array.from({ length: rows }, (_, index) =>
    index % 97 === 0 ? null : random.pick(['paris', 'lyon', 'nice', 'lille']),
  );
  return { amount, rating, city };
}

function column(result: ReturnType<typeof profile>, name: string) {
  const found = result.columns.find(entry => entry.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

describe('profile', () => {
  it('summarises numeric and categorical columns in the contract shape', () => {
    const data = dataset(1, 5_000);
    const result = profile(data, { createdAt });
    expect(parseDatasetProfile(JSON.parse(JSON.stringify(result)))).toEqual(result);
    expect(result.rowCount).toBe(5_000);

    const amount = column(result, 'amount');
    const finite = data.amount.filter(Number.isFinite);
    expect(amount).toMatchObject({ type: 'float', count: 5_000, missing: 1 });
    const mean = finite.reduce((sum, value) => sum + value, 0) / finite.length;
    expect(amount.moments?.mean).toBeCloseTo(mean, 10);
    const m2 = finite.reduce((sum, value) => sum + (value - mean) ** 2, 0);
    expect(amount.moments?.m2).toBeCloseTo(m2, 6);
    expect(amount.histogram?.edges).toEqual([
      ...sturgesEdges(amount.moments?.min ?? 0, amount.moments?.max ?? 0, finite.length),
    ]);
    expect(amount.histogram?.counts.reduce((sum, count) => sum + count, 0)).toBe(finite.length);
    expect(amount.categories).toBeUndefined();
    expect(amount.quantiles?.algorithm).toBe('kll-float64');

    // At most 20 distinct numeric values: exact value counts are kept for categorical binning.
    const rating = column(result, 'rating');
    expect(rating.missing).toBe(100);
    expect(Object.values(rating.categories?.counts ?? {}).reduce((a, b) => a + b, 0)).toBe(4_900);
    expect(Object.keys(rating.categories?.counts ?? {}).sort()).toEqual(['0', '1', '2', '3']);

    const city = column(result, 'city');
    expect(city).toMatchObject({ type: 'string', missing: 52 });
    expect(city.categories?.otherCount).toBe(0);
    expect(city.categories?.distinctEstimate).toBe(4);
  });

  it('reads Arrow tables RecordBatch by RecordBatch with the same result as plain columns', () => {
    const data = dataset(2, 3_000);
    const batches = [0, 1, 2].map(
      part =>
        new Table({
          amount: vectorFromArray(data.amount.slice(part * 1_000, (part + 1) * 1_000)),
          city: vectorFromArray(data.city.slice(part * 1_000, (part + 1) * 1_000), new Utf8()),
        }).batches[0],
    );
    const table = tableFromIPC(tableToIPC(new Table(batches as never)));
    expect(table.batches.length).toBe(3);
    const fromArrow = profile(table, { createdAt });
    const fromColumns = profile({ amount: data.amount, city: data.city }, { createdAt });
    const arrowAmount = column(fromArrow, 'amount');
    const plainAmount = column(fromColumns, 'amount');
    expect(arrowAmount.histogram).toEqual(plainAmount.histogram);
    expect(arrowAmount.moments?.mean).toBeCloseTo(plainAmount.moments?.mean ?? 0, 12);
    expect(arrowAmount.count).toBe(3_000);
    expect(column(fromArrow, 'city').categories).toEqual(column(fromColumns, 'city').categories);
    const records = Array.from({ length: 3_000 }, (_, index) => ({
      amount: data.amount[index],
      city: data.city[index],
    }));
    expect(profile(records, { createdAt })).toEqual(fromColumns);
  });

  it('caps categories, keeping the most frequent and counting the rest', () => {
    const values = ['a', 'a', 'a', 'b', 'b', 'c', 'd'];
    const result = profile({ letter: values }, { categoryCap: 2, createdAt });
    expect(column(result, 'letter').categories).toEqual({
      cap: 2,
      counts: { a: 3, b: 2 },
      otherCount: 2,
      distinctEstimate: 4,
    });
  });

  it('supports quantile and fixed-count binning, and widens given edges to the data', () => {
    const amount = dataset(3, 4_000).amount;
    const quantile = column(
      profile({ amount }, { binning: { method: 'quantile', bins: 4 } }),
      'amount',
    );
    expect(quantile.histogram?.edges).toHaveLength(5);
    for (const count of quantile.histogram?.counts ?? [])
      expect(Math.abs(count - 1_000)).toBeLessThan(20);
    const fixed = column(
      profile({ amount }, { binning: { method: 'equal-width', bins: 7 } }),
      'amount',
    );
    expect(fixed.histogram?.counts).toHaveLength(7);
    const given = column(profile({ amount }, { edges: { amount: [9, 10, 11] } }), 'amount');
    expect(given.histogram?.edges[0]).toBe(given.moments?.min);
    expect(given.histogram?.edges.slice(1, 4)).toEqual([9, 10, 11]);
    expect(given.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(3_999);
  });

  it('counts an all-missing column without inventing statistics', () => {
    const result = profile({ empty: [null, null], value: [1, Number.NaN] }, { createdAt });
    expect(column(result, 'empty')).toEqual({ name: 'empty', type: 'null', count: 2, missing: 2 });
    expect(column(result, 'value').moments?.count).toBe(1);
  });

  it('rejects bad input with typed errors naming the field', () => {
    expect(() => profile({ a: [1, 2], b: [1] })).toThrow(
      expect.objectContaining({ code: 'COLUMN_LENGTH_MISMATCH' }),
    );
    expect(() => profile({ a: [1] }, { columns: ['b'] })).toThrow(
      expect.objectContaining({ code: 'COLUMN_MISSING' }),
    );
    expect(() => profile({ a: [1] }, { edges: { a: [2, 1] } })).toThrow(
      expect.objectContaining({ code: 'INVALID_BIN_EDGES' }),
    );
    expect(() => profile({ a: [{}] as never })).toThrow(
      expect.objectContaining({ code: 'COLUMN_TYPE_UNSUPPORTED' }),
    );
    expect(() => profile({ a: [1] }, { sketchK: 2 })).toThrow(/sketchK/);
  });
});

describe('mergeProfiles', () => {
  const edges = { amount: [0, 4, 8, 10, 12, 16, 20], rating: [0, 1, 2, 3] };

  it('equals the profile of the whole for counts, moments, histograms and categories', () => {
    const data = dataset(4, 6_000);
    const whole = profile(data, { edges, createdAt });
    const halves = [0, 1].map(part =>
      profile(
        {
          amount: data.amount.slice(part * 3_000, (part + 1) * 3_000),
          rating: data.rating.slice(part * 3_000, (part + 1) * 3_000),
          city: data.city.slice(part * 3_000, (part + 1) * 3_000),
        },
        { edges, createdAt },
      ),
    );
    const merged = mergeProfiles(halves[0] as never, halves[1] as never);
    expect(merged.rowCount).toBe(6_000);
    for (const name of ['amount', 'rating', 'city']) {
      const expected = column(whole, name);
      const actual = column(merged, name);
      expect(actual.count).toBe(expected.count);
      expect(actual.missing).toBe(expected.missing);
      expect(actual.histogram).toEqual(expected.histogram);
      expect(actual.categories).toEqual(expected.categories);
      if (expected.moments) {
        expect(actual.moments?.mean).toBeCloseTo(expected.moments.mean, 10);
        expect(actual.moments?.m2).toBeCloseTo(expected.moments.m2, 6);
        expect(actual.moments?.min).toBe(expected.moments.min);
      }
    }
    const sketch = KllSketch.fromJSON(column(merged, 'amount').quantiles);
    expect(sketch.count).toBe(5_999);
    const sorted = data.amount.filter(Number.isFinite).sort();
    const median = sorted[Math.ceil(sorted.length / 2) - 1] as number;
    expect(Math.abs(sketch.rank(median) - 0.5)).toBeLessThanOrEqual(kllNormalizedRankError(1024));
    expect(merged.fingerprint).toBe(profileFingerprint(merged));
    expect(merged.fingerprint).not.toBe(halves[0]?.fingerprint);
  });

  it('drops numeric value counts once the union has more than 20 distinct values', () => {
    const fixed = { edges: { x: [0, 10, 30] } };
    const left = profile({ x: Array.from({ length: 15 }, (_, index) => index) }, fixed);
    const right = profile({ x: Array.from({ length: 15 }, (_, index) => index + 10) }, fixed);
    expect(column(left, 'x').categories).toBeDefined();
    const merged = mergeProfiles(left, right);
    expect(column(merged, 'x').categories).toBeUndefined();
  });

  it('merges a partition where a column was all missing into the typed profile', () => {
    const fixed = { edges: { x: [0, 5, 10] } };
    const typed = profile({ x: [1, 2, 7] }, fixed);
    const empty = profile({ x: [null, null] }, fixed);
    const merged = mergeProfiles(empty, typed);
    expect(column(merged, 'x')).toMatchObject({ type: 'float', count: 5, missing: 2 });
    expect(column(merged, 'x').histogram?.counts).toEqual([2, 1]);
  });

  it('refuses profiles whose edges, types or columns differ', () => {
    const left = profile({ x: [1, 2, 3], y: ['a', 'b', 'c'] });
    const right = profile({ x: [1, 2, 30], y: ['a', 'b', 'c'] });
    expect(() => mergeProfiles(left, right)).toThrow(
      expect.objectContaining({ code: 'PROFILE_EDGES_MISMATCH' }),
    );
    expect(() => mergeProfiles(left, profile({ x: ['1'], y: ['a'] }))).toThrow(
      expect.objectContaining({ code: 'PROFILE_TYPE_MISMATCH' }),
    );
    expect(() => mergeProfiles(left, profile({ x: [1, 2, 3] }))).toThrow(
      expect.objectContaining({ code: 'PROFILE_COLUMNS_MISMATCH' }),
    );
    expect(() => mergeProfiles(left, { ...right, kind: 'Nope' } as never)).toThrow(/kind/);
  });

  it('fingerprints content, not the creation time', () => {
    const data = { x: [1, 2, 3] };
    const first = profile(data, { createdAt });
    const second = profile(data, { createdAt: new Date('2027-01-01T00:00:00Z') });
    expect(first.fingerprint).toBe(second.fingerprint);
    expect(profile({ x: [1, 2, 4] }).fingerprint).not.toBe(first.fingerprint);
  });
});
