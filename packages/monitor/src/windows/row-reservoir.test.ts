import { describe, expect, it } from 'vitest';
import { RowReservoir } from './row-reservoir';

function feed(reservoir: RowReservoir, from: number, to: number): void {
  const slot = reservoir.columnSlot('v');
  for (let value = from; value < to; value += 1) {
    const row = reservoir.offer();
    if (row) row[slot] = value;
  }
}

describe('RowReservoir', () => {
  it('keeps every row up to its capacity, then at most capacity rows', () => {
    const reservoir = new RowReservoir(100, 1);
    feed(reservoir, 0, 50);
    expect(reservoir.sampleRows()).toHaveLength(50);
    feed(reservoir, 50, 100_000);
    expect(reservoir.sampleRows()).toHaveLength(100);
    expect(reservoir.seen).toBe(100_000);
  });

  it('samples uniformly: the mean of kept values is near the stream mean', () => {
    const means: number[] = [];
    for (let seed = 1; seed <= 20; seed += 1) {
      const reservoir = new RowReservoir(500, seed);
      feed(reservoir, 0, 20_000);
      const values = reservoir.sampleColumns().v as number[];
      means.push(values.reduce((sum, value) => sum + value, 0) / values.length);
    }
    const average = means.reduce((sum, value) => sum + value, 0) / means.length;
    // stream mean 9999.5, sd of one sample mean ≈ 5773/sqrt(500) ≈ 258, of 20 means ≈ 58
    expect(Math.abs(average - 9999.5)).toBeLessThan(300);
  });

  it('resumes from a snapshot with the same draws', () => {
    const straight = new RowReservoir(50, 7);
    feed(straight, 0, 5000);
    const first = new RowReservoir(50, 7);
    feed(first, 0, 2000);
    const resumed = new RowReservoir(50, 7, JSON.parse(JSON.stringify(first.toState())));
    feed(resumed, 2000, 5000);
    expect(resumed.sampleColumns()).toEqual(straight.sampleColumns());
  });

  it('reads rows that predate a column as missing', () => {
    const reservoir = new RowReservoir(10, 1);
    reservoir.offer();
    const row = reservoir.offer() as (number | null)[];
    row[reservoir.columnSlot('late')] = 3;
    expect(reservoir.sampleColumns()).toEqual({ late: [null, 3] });
  });
});
