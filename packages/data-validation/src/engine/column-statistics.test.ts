import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ColumnStatistics } from './column-statistics';
import { createColumnView } from './column-view';

function statisticsOf(values: Float64Array) {
  const statistics = new ColumnStatistics({ values: true, valueCounts: true, variance: true });
  const view = createColumnView(tableFromArrays({ x: values }).batches[0]!, 'x')!;
  statistics.observe(view);
  return statistics;
}

describe('ColumnStatistics', () => {
  it('merges partitions to the same moments, counts and quantiles as one pass', () => {
    const all = Float64Array.of(3, 1, Number.NaN, 8, 2, 2, 9, 4);
    const whole = statisticsOf(all);
    const merged = statisticsOf(all.slice(0, 3))
      .merge(statisticsOf(all.slice(3, 5)))
      .merge(statisticsOf(all.slice(5)));
    for (const statistics of [whole, merged]) {
      expect(statistics.count).toBe(8);
      expect(statistics.nanCount).toBe(1);
      expect(statistics.sum).toBe(29);
      expect(statistics.min).toBe(1);
      expect(statistics.max).toBe(9);
      expect(statistics.valueCounts?.get(2)).toBe(2);
    }
    expect(merged.mean).toBeCloseTo(whole.mean, 12);
    expect(merged.standardDeviation).toBeCloseTo(whole.standardDeviation, 12);
    expect(merged.quantiles([0.5, 0.9], 'linear')).toEqual(whole.quantiles([0.5, 0.9], 'linear'));
  });

  it('answers quantiles again after more values arrive (the shared radix count is redone)', () => {
    const first = Float64Array.from({ length: 20_000 }, (_, index) => index);
    const second = Float64Array.from({ length: 20_000 }, (_, index) => 100_000 + index);
    const statistics = new ColumnStatistics({ values: true });
    statistics.observe(createColumnView(tableFromArrays({ x: first }).batches[0]!, 'x')!);
    expect(statistics.quantiles([0.5], 'lower')).toEqual([9_999]);
    expect(statistics.quantiles([0, 1], 'lower')).toEqual([0, 19_999]);
    statistics.observe(createColumnView(tableFromArrays({ x: second }).batches[0]!, 'x')!);
    expect(statistics.quantiles([0.5, 1], 'lower')).toEqual([19_999, 119_999]);
  });

  it('stops adding distinct values past maxDistinct and says so', () => {
    const statistics = new ColumnStatistics({ valueCounts: true, maxDistinct: 2 });
    statistics.observe(
      createColumnView(tableFromArrays({ x: Float64Array.of(1, 2, 3, 1) }).batches[0]!, 'x')!,
    );
    expect(statistics.distinctOverflow).toBe(true);
    expect([...statistics.valueCounts!.entries()]).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
});
