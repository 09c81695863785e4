import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeptRows, RowReservoir } from './row-reservoir';

const v = [{ name: 'v', slot: 0 }];

function feed(reservoir: RowReservoir, from: number, to: number): void {
  for (let value = from; value < to; value += 1) {
    const position = reservoir.offer();
    if (position >= 0) reservoir.set(0, position, value);
  }
}

describe('RowReservoir', () => {
  it('keeps every row up to its capacity, then at most capacity rows', () => {
    const reservoir = new RowReservoir(100, 1);
    feed(reservoir, 0, 50);
    expect(reservoir.size).toBe(50);
    feed(reservoir, 50, 100_000);
    expect(reservoir.size).toBe(100);
    expect(reservoir.seen).toBe(100_000);
  });

  it('samples uniformly: the mean of kept values is near the stream mean', () => {
    const means: number[] = [];
    for (let seed = 1; seed <= 20; seed += 1) {
      const reservoir = new RowReservoir(500, seed);
      feed(reservoir, 0, 20_000);
      const values = reservoir.sampleColumns(v).v as number[];
      means.push(values.reduce((sum, value) => sum + value, 0) / values.length);
    }
    const average = means.reduce((sum, value) => sum + value, 0) / means.length;
    // stream mean 9999.5, sd of one sample mean ≈ 5773/sqrt(500) ≈ 258, of 20 means ≈ 58
    expect(Math.abs(average - 9999.5)).toBeLessThan(300);
  });

  it('offers rows in chunks exactly as one by one (same rows kept at the same positions)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 30 }),
        (capacity, seed, chunks) => {
          const single = new RowReservoir(capacity, seed);
          const chunked = new RowReservoir(capacity, seed);
          // One KeptRows for every call, as a pane uses it (cleared by each call, grown as needed).
          const kept = new KeptRows();
          let row = 0;
          for (const count of chunks) {
            const expected: number[] = [];
            for (let index = 0; index < count; index += 1) {
              const position = single.offer();
              if (position >= 0) expected.push(row + index, position);
            }
            chunked.offerRows(count, row, kept);
            expect([...kept.pairs.subarray(0, 2 * kept.length)]).toEqual(expected);
            const positions = expected.filter((_, index) => index % 2 === 1);
            expect(kept.highest).toBe(positions.length === 0 ? -1 : Math.max(...positions));
            row += count;
          }
          expect(chunked.toState(v)).toEqual(single.toState(v));
        },
      ),
    );
  });

  it('resumes from a snapshot with the same draws', () => {
    const straight = new RowReservoir(50, 7);
    feed(straight, 0, 5000);
    const first = new RowReservoir(50, 7);
    feed(first, 0, 2000);
    const resumed = new RowReservoir(50, 7, JSON.parse(JSON.stringify(first.toState(v))));
    feed(resumed, 2000, 5000);
    expect(resumed.sampleColumns(v)).toEqual(straight.sampleColumns(v));
  });

  it('resumes from a snapshot of an earlier version, kept row by row', () => {
    const reservoir = new RowReservoir(50, 7);
    feed(reservoir, 0, 2000);
    const columns = [...v, { name: 'late', slot: 1 }];
    reservoir.set(1, 3, 'x');
    const state = reservoir.toState(columns);
    const sample = reservoir.sampleColumns(columns);
    const { cells, kept, ...rest } = state;
    const byRow = {
      ...rest,
      rows: Array.from({ length: kept ?? 0 }, (_, row) =>
        columns.map(column => sample[column.name]?.[row] ?? null),
      ),
    };
    expect(cells).toHaveLength(2);
    const resumed = new RowReservoir(50, 7, JSON.parse(JSON.stringify(byRow)));
    expect(resumed.sampleColumns(columns)).toEqual(sample);
    const straight = new RowReservoir(50, 7, JSON.parse(JSON.stringify(state)));
    feed(resumed, 2000, 4000);
    feed(straight, 2000, 4000);
    expect(resumed.sampleColumns(columns)).toEqual(straight.sampleColumns(columns));
  });

  it('reads rows that predate a column as missing', () => {
    const reservoir = new RowReservoir(10, 1);
    reservoir.offer();
    reservoir.set(4, reservoir.offer(), 3);
    expect(reservoir.sampleColumns([{ name: 'late', slot: 4 }])).toEqual({ late: [null, 3] });
  });

  it('keeps numbers typed until another value arrives, then keeps every cell as it was', () => {
    const reservoir = new RowReservoir(4, 1);
    const columns = [{ name: 'mixed', slot: 0 }];
    for (const value of [1.5, Number.NaN, null, 'a', true, -0]) {
      const position = reservoir.offer();
      if (position >= 0) reservoir.set(0, position, value);
    }
    expect(reservoir.size).toBe(4);
    const sample = reservoir.sampleColumns(columns).mixed as unknown[];
    // Whatever rows the sample replaced, every kept cell is one of the offered values.
    for (const value of sample) expect([1.5, null, 'a', true, -0]).toContainEqual(value);
    const resumed = new RowReservoir(4, 1, JSON.parse(JSON.stringify(reservoir.toState(columns))));
    expect(resumed.sampleColumns(columns)).toEqual(reservoir.sampleColumns(columns));
  });

  it('clears a replaced row, so cells it lacks read as missing', () => {
    const reservoir = new RowReservoir(1, 3);
    const columns = [
      { name: 'a', slot: 0 },
      { name: 'b', slot: 1 },
    ];
    const first = reservoir.offer();
    reservoir.set(0, first, 1);
    reservoir.set(1, first, 'x');
    let replaced = -1;
    while (replaced < 0) replaced = reservoir.offer();
    reservoir.set(0, replaced, 2);
    expect(reservoir.sampleColumns(columns)).toEqual({ a: [2], b: [null] });
  });
});
