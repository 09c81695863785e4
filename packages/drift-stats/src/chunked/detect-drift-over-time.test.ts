import { InvalidInputError } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { profile } from '../profile/profile';
import { dataDrivenBounds } from './data-driven-threshold';
import { detectDriftOverTime } from './detect-drift-over-time';
import { splitIntoChunks } from './split-chunks';

const createdAt = new Date('2026-01-01T00:00:00.000Z');

function table(seed: number, rows: number, shift = 0) {
  const random = seededRandom(seed);
  return {
    amount: Float64Array.from({ length: rows }, () => random.normal(shift, 1)),
    score: Float64Array.from({ length: rows }, () => Math.exp(random.normal(0, 0.5))),
    plan: Array.from({ length: rows }, () =>
      random.next() < 0.6 ? 'basic' : random.next() < 0.7 ? 'pro' : 'team',
    ),
  };
}

describe('splitIntoChunks', () => {
  it('splits by size, by count and by UTC period', () => {
    const data = { x: Float64Array.from({ length: 10 }, (_, index) => index) };
    expect(splitIntoChunks(data, { size: 4 }).map(chunk => chunk.rows)).toEqual([4, 4, 2]);
    expect(splitIntoChunks(data, { count: 3 }).map(chunk => chunk.rows)).toEqual([3, 3, 4]);
    const second = splitIntoChunks(data, { size: 4 })[1];
    expect(Array.from((second?.rest().x ?? []) as ArrayLike<number>)).toEqual([0, 1, 2, 3, 8, 9]);
    const hour = 3_600_000;
    const start = Date.UTC(2026, 0, 5, 22);
    const withTime = {
      x: [1, 2, 3, 4, 5],
      // Epoch milliseconds and ISO strings are both read as times.
      ts: [start, start + hour, start + 3 * hour, start + 2.5 * hour, start + 26 * hour].map(
        (time, index) => (index % 2 === 0 ? time : new Date(time).toISOString()),
      ),
    };
    const days = splitIntoChunks(withTime, { period: 'day', timestampColumn: 'ts' });
    expect(days.map(chunk => [chunk.key, chunk.rows, chunk.data.x])).toEqual([
      ['2026-01-05T00:00:00.000Z', 2, [1, 2]],
      ['2026-01-06T00:00:00.000Z', 2, [3, 4]],
      ['2026-01-07T00:00:00.000Z', 1, [5]],
    ]);
    expect(days[0]?.data.ts).toBeUndefined();
    expect(days[1]?.rest().x).toEqual([1, 2, 5]);
    const sixHours = splitIntoChunks(withTime, { period: '6h', timestampColumn: 'ts' });
    expect(sixHours.map(chunk => chunk.rows)).toEqual([2, 2, 1]);
    const weeks = splitIntoChunks(withTime, { period: 'week', timestampColumn: 'ts' });
    // 2026-01-05 is a Monday: one ISO week holds every row.
    expect(weeks.map(chunk => chunk.key)).toEqual(['2026-01-05T00:00:00.000Z']);
    expect(() =>
      splitIntoChunks(withTime, { period: '3x' as '3h', timestampColumn: 'ts' }),
    ).toThrow(InvalidInputError);
  });

  it('slices Arrow tables without losing nulls', () => {
    const arrow = tableFromArrays({ x: Float64Array.from([1, 2, 3, 4]) });
    const [first, second] = splitIntoChunks(arrow, { size: 2 });
    expect([...((first?.data.x ?? []) as Iterable<number>)]).toEqual([1, 2]);
    expect([...((second?.data.x ?? []) as Iterable<number>)]).toEqual([3, 4]);
  });
});

describe('dataDrivenBounds', () => {
  it('is mean ± 3 sample standard deviations, or quantiles', () => {
    const bounds = dataDrivenBounds([1, 2, 3, 4], { kind: 'std' });
    const std = Math.sqrt(5 / 3);
    expect(bounds.upper).toBeCloseTo(2.5 + 3 * std, 12);
    expect(bounds.lower).toBeCloseTo(2.5 - 3 * std, 12);
    expect(
      dataDrivenBounds([1, 2, 3, 4, 5], { kind: 'quantile', lower: 0.25, upper: 0.75 }),
    ).toEqual({
      lower: 2,
      upper: 4,
      referenceChunks: 5,
    });
  });
});

describe('detectDriftOverTime', () => {
  it('raises few alarms over 100 null chunks with thresholds learned on reference chunks', async () => {
    const reference = table(1, 20_000);
    const current = table(2, 50_000);
    const chunks = await detectDriftOverTime(reference, current, {
      chunks: { count: 100 },
      methods: { amount: 'ks', score: 'wasserstein', plan: 'jensenshannon' },
      createdAt,
    });
    expect(chunks).toHaveLength(100);
    const alarms = chunks.flatMap(({ report }) => report.columns.filter(column => column.drifted));
    // 300 column-chunks on unchanged data: at most 2% alarms.
    expect(alarms.length).toBeLessThanOrEqual(6);
    const amount = chunks[0]?.report.columns.find(column => column.column === 'amount');
    expect(amount?.thresholdBounds).toMatchObject({
      source: 'reference-chunks',
      referenceChunks: 40,
    });
  });

  it('flags chunks after a shift, per period', async () => {
    const reference = table(3, 10_000);
    const before = table(4, 2_000);
    const after = table(5, 2_000, 0.5);
    const day = 86_400_000;
    const start = Date.UTC(2026, 2, 1);
    const current = {
      amount: Float64Array.from([...before.amount, ...after.amount]),
      ts: Array.from({ length: 4_000 }, (_, row) => start + Math.floor(row / 500) * day),
    };
    const chunks = await detectDriftOverTime(reference, current, {
      chunks: { period: 'day', timestampColumn: 'ts' },
      columns: ['amount'],
      createdAt,
    });
    expect(chunks.map(({ chunk }) => chunk.key.slice(0, 10))).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(chunks.map(({ report }) => report.dataset.drifted)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
    expect(chunks[0]?.report.columns.map(column => column.column)).toEqual(['amount']);
  });

  it('uses fixed method thresholds against a profile', async () => {
    const reference = table(6, 5_000);
    const chunks = await detectDriftOverTime(profile(reference, { createdAt }), table(7, 3_000), {
      chunks: { size: 1_000 },
      methods: { amount: 'ks' },
      columns: ['amount'],
    });
    expect(chunks).toHaveLength(3);
    expect(chunks[0]?.report.columns[0]?.thresholdBounds).toBeUndefined();
    expect(chunks[0]?.report.columns[0]?.threshold).toBe(0.05);
  });
});
