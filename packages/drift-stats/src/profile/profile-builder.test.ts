import { parseDatasetProfile } from '@ballast/contracts';
import { columnarTable } from '@ballast/kit';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import { Int64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { KllSketch, upperBound } from '../sketch/kll-sketch';
import { kllNormalizedRankError } from '../sketch/normalized-rank-error';
import { mergeProfiles } from './merge-profiles';
import { profile } from './profile';
import { ProfileBuilder } from './profile-builder';

const createdAt = new Date('2026-01-01T00:00:00.000Z');
const edges = {
  amount: [-50, 0, 5, 10, 15, 20, 70],
  count: [0, 2, 4, 6],
  big: [0, 1e15, 2e16],
};

function batch(seed: number, rows: number) {
  const random = seededRandom(seed);
  return new Table({
    amount: vectorFromArray(
      Array.from({ length: rows }, (_, index) => (index % 13 === 0 ? null : random.normal(10, 3))),
    ),
    count: vectorFromArray(
      Array.from({ length: rows }, (_, index) =>
        index % 17 === 0 ? null : BigInt(random.integer(7)),
      ),
      new Int64(),
    ),
    big: vectorFromArray(
      Array.from({ length: rows }, () => BigInt(2 ** 53) * BigInt(random.integer(3)) + 1n),
      new Int64(),
    ),
    city: vectorFromArray(
      Array.from({ length: rows }, (_, index) =>
        index % 11 === 0 ? null : random.pick(['paris', 'lyon', 'nice', 'köln']),
      ),
      new Utf8(),
    ),
  });
}

function column(result: ReturnType<typeof profile>, name: string) {
  const found = result.columns.find(entry => entry.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

describe('ProfileBuilder', () => {
  it('equals profile() of all batches for counts, moments, histograms and categories', () => {
    const batches = [batch(1, 5_000), batch(2, 7_000), batch(3, 3_000)];
    const builder = new ProfileBuilder({ edges, createdAt, exactLimit: 0 });
    for (const part of batches) builder.add(part);
    const streamed = parseDatasetProfile(builder.finish());
    const whole = profile(new Table(batches.flatMap(part => part.batches)), {
      edges,
      createdAt,
      exactLimit: 0,
    });
    expect(streamed.rowCount).toBe(15_000);
    expect(builder.rowCount).toBe(15_000);
    for (const name of ['amount', 'count', 'big', 'city']) {
      const expected = column(whole, name);
      const actual = column(streamed, name);
      expect(actual.type).toBe(expected.type);
      expect(actual.count).toBe(expected.count);
      expect(actual.missing).toBe(expected.missing);
      expect(actual.histogram).toEqual(expected.histogram);
      expect(actual.categories).toEqual(expected.categories);
      expect(actual.moments).toEqual(expected.moments);
    }
    // 64-bit integers read without BigInt keep the nearest double, as Number(bigint) does.
    expect(column(streamed, 'big').moments?.max).toBe(Number(BigInt(2 ** 53) * 2n + 1n));
    expect(column(streamed, 'city').categories?.counts).toHaveProperty('köln');
  });

  it('keeps the sketch within its rank error and merges with other partitions', () => {
    const parts = [0, 1].map(part => {
      const builder = new ProfileBuilder({ edges, createdAt, sketchK: 64, exactLimit: 0 });
      for (let index = 0; index < 6; index += 1) builder.add(batch(10 + part * 6 + index, 4_000));
      return builder.finish();
    });
    const merged = mergeProfiles(parts[0] as never, parts[1] as never);
    const values = Array.from({ length: 12 }, (_, index) => batch(10 + index, 4_000))
      .flatMap(part => [...(part.getChild('amount') ?? [])])
      .filter((value): value is number => typeof value === 'number');
    const sorted = Float64Array.from(values).sort();
    const sketch = KllSketch.fromJSON(column(merged, 'amount').quantiles);
    expect(sketch.count).toBe(sorted.length);
    let worst = 0;
    for (let index = 0; index < sorted.length; index += 37) {
      const value = sorted[index] as number;
      worst = Math.max(
        worst,
        Math.abs(sketch.rank(value) - upperBound(sorted, value) / sorted.length),
      );
    }
    expect(worst).toBeLessThanOrEqual(kllNormalizedRankError(64));
    expect(column(merged, 'amount').histogram?.counts.reduce((a, b) => a + b)).toBe(sorted.length);
  });

  it('reads Arrow-shaped tables of other readers (kit columnar batches, as from Parquet)', () => {
    const arrow = batch(4, 2_000);
    const fields = arrow.schema.fields.map(field => ({
      name: field.name,
      type: {
        typeId: field.type.typeId,
        format: '',
        precision: (field.type as { precision?: number }).precision,
      },
      nullable: true,
    }));
    // Plain objects with the Data layout (not apache-arrow instances).
    const columns = arrow.batches[0]?.data.children.map(child => {
      const data = child as unknown as Record<string, unknown>;
      const { typeId, type, length, offset, nullCount, nullBitmap, values, valueOffsets } = data;
      return { typeId, type, length, offset, nullCount, nullBitmap, values, valueOffsets };
    });
    const shaped = columnarTable(fields, [
      { numRows: 2_000, schema: { fields }, columns } as never,
    ]);
    const fromShaped = new ProfileBuilder({ edges, createdAt }).add(shaped).finish();
    const fromArrow = new ProfileBuilder({ edges, createdAt }).add(arrow).finish();
    expect(fromShaped).toEqual(fromArrow);
    expect(profile(shaped as never, { edges, createdAt })).toEqual(fromArrow);
  });

  it('widens fixed edges to the data exactly as profile() does', () => {
    const data = { x: Float64Array.from([-3, 0, 1, 2, 2, 9]) };
    const builder = new ProfileBuilder({ edges: { x: [0, 1, 2] }, createdAt });
    builder.add({ x: data.x.subarray(0, 3) }).add({ x: data.x.subarray(3) });
    expect(column(builder.finish(), 'x').histogram).toEqual(
      column(profile(data, { edges: { x: [0, 1, 2] }, createdAt }), 'x').histogram,
    );
  });

  it('takes a column all missing in early batches as the type it has later', () => {
    const builder = new ProfileBuilder({ edges: { x: [0, 10] }, createdAt });
    builder
      .add({ x: [null, null] })
      .add({ x: [1, 2, null] })
      .add({ x: [null] });
    const x = column(builder.finish(), 'x');
    expect(x).toMatchObject({ type: 'float', count: 6, missing: 4 });
    expect(x.moments?.count).toBe(2);
  });

  it('refuses numeric columns without edges, changed columns and changed types', () => {
    expect(() => new ProfileBuilder({ createdAt }).add({ x: [1, 2] })).toThrow(
      expect.objectContaining({
        code: 'EDGES_REQUIRED',
        details: expect.objectContaining({ path: 'edges.x' }),
      }),
    );
    const builder = new ProfileBuilder({ edges: { x: [0, 10] }, createdAt }).add({
      x: [1],
      y: ['a'],
    });
    expect(() => builder.add({ x: [1] })).toThrow(
      expect.objectContaining({ code: 'PROFILE_COLUMNS_MISMATCH' }),
    );
    const before = builder.finish();
    expect(() => builder.add({ x: [5], y: [2] })).toThrow(
      expect.objectContaining({ code: 'PROFILE_TYPE_MISMATCH' }),
    );
    // A refused batch adds nothing, not even its columns checked before the failing one.
    expect(builder.finish()).toEqual(before);
    expect(builder.rowCount).toBe(1);
    expect(() => new ProfileBuilder({ sketchK: 3 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(new ProfileBuilder({ createdAt }).finish()).toMatchObject({ rowCount: 0, columns: [] });
  });
});
