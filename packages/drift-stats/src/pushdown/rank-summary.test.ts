import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KllSketch } from '../sketch/kll-sketch';
import { kllNormalizedRankError } from '../sketch/normalized-rank-error';
import { type RankPoint, rankSummarySketch, rankSummaryStep } from './rank-summary';

/** What an engine returns for the order-statistics query: ranks 1, n and the multiples of step. */
function orderStatistics(sorted: Float64Array, step: number): RankPoint[] {
  const points: RankPoint[] = [];
  sorted.forEach((value, index) => {
    const rank = index + 1;
    if (rank === 1 || rank === sorted.length || rank % step === 0) points.push({ rank, value });
  });
  return points;
}

function summary(values: readonly number[], k: number) {
  const sorted = Float64Array.from(values).sort();
  const step = rankSummaryStep(sorted.length, k);
  const json = rankSummarySketch({
    count: sorted.length,
    points: orderStatistics(sorted, step),
    step,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    k,
    randomState: 7,
  });
  return { sorted, step, json, sketch: KllSketch.fromJSON(JSON.parse(JSON.stringify(json))) };
}

function trueRank(sorted: Float64Array, x: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= x) low = middle + 1;
    else high = middle;
  }
  return low / sorted.length;
}

describe('rankSummarySketch', () => {
  it('is a KLL sketch whose rank error is at most (step − 1)/n, below half the KLL bound', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -50, max: 50 }),
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 3_000,
          },
        ),
        fc.integer({ min: 8, max: 2_048 }),
        (values, k) => {
          const { sorted, step, json, sketch } = summary(values, k);
          expect(sketch.count).toBe(sorted.length);
          // -0 is stored as 0, as every sketch stores it (JSON cannot tell them apart).
          expect([sketch.min, sketch.max]).toEqual([
            (sorted[0] as number) + 0,
            (sorted[sorted.length - 1] as number) + 0,
          ]);
          const bound = (step - 1) / sorted.length;
          expect(bound).toBeLessThanOrEqual(kllNormalizedRankError(k) / 2);
          // Exact (one level, error 0) exactly when every value is kept.
          expect(json.rankError).toBe(step === 1 ? 0 : kllNormalizedRankError(k));
          expect(sketch.rankError).toBe(json.rankError);
          for (let index = 0; index < sorted.length; index += 1) {
            const x = sorted[index] as number;
            expect(Math.abs(sketch.rank(x) - trueRank(sorted, x))).toBeLessThanOrEqual(
              bound + 1e-12,
            );
            const below = x - 1e-3;
            expect(Math.abs(sketch.rank(below) - trueRank(sorted, below))).toBeLessThanOrEqual(
              bound + 1e-12,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('spaces a million values so few points are kept', () => {
    const values = Array.from({ length: 1_000_000 }, (_, index) => Math.sin(index) * 100);
    const { step, sketch } = summary(values, 1024);
    expect(step).toBe(1024);
    expect(sketch.retained).toBeLessThan(1_000);
    // It merges like any KLL sketch (partitions).
    expect(sketch.merge(sketch).count).toBe(2_000_000);
  });

  it('rejects order statistics that do not fit the step, naming the problem', () => {
    const base = { count: 8, step: 4, min: 1, max: 8, k: 8, randomState: 0 };
    const bad = [
      [{ rank: 4, value: 4 }], // missing rank 8
      [{ rank: 8, value: 8 }], // missing rank 4
      [
        { rank: 4, value: 4 },
        { rank: 8, value: Number.NaN },
      ],
      [
        { rank: 8, value: 8 },
        { rank: 4, value: 4 },
      ],
    ];
    for (const points of bad) {
      expect(() => rankSummarySketch({ ...base, points })).toThrow(
        expect.objectContaining({ code: 'INVALID_SQL_RESULT' }),
      );
    }
    expect(() => rankSummarySketch({ ...base, count: 0, points: [] })).toThrow(
      expect.objectContaining({ code: 'INVALID_SQL_RESULT' }),
    );
  });
});
