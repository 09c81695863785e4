import { InvalidInputError } from '@ballast/contracts';
import { KLL_ALGORITHM, type SerializedKllSketch } from '../sketch/kll-sketch';
import { kllNormalizedRankError } from '../sketch/normalized-rank-error';

/** The value at a 1-based rank of a column's sorted finite values, as an engine returned it. */
export interface RankPoint {
  readonly rank: number;
  readonly value: number;
}

/** What {@link rankSummarySketch} turns into a serialised KLL sketch. */
export interface RankSummaryInput {
  /** Finite values in the column. */
  readonly count: number;
  /**
   * Points at ranks `step, 2·step, …` and at rank `count` (ascending; other ranks are ignored),
   * with `step` from {@link rankSummaryStep}.
   */
  readonly points: readonly RankPoint[];
  readonly step: number;
  /** Exact smallest value (rank 1) and largest (rank `count`). */
  readonly min: number;
  readonly max: number;
  /** KLL parameter the profile is built with: the consumer applies this sketch's error bound. */
  readonly k: number;
  /** Coin-flip state for later compactions (merges). */
  readonly randomState: number;
  /** The exact part the in-process profile keeps beside its sketch. */
  readonly exact?: { limit: number; tail: number; lower: number[]; upper: number[] };
}

/**
 * The rank step of a summary whose deterministic rank error, `(step − 1) / count`, is at most
 * half the KLL bound `kllNormalizedRankError(k)` that drift-from-profile applies to every
 * compacted sketch: a power of two (so every point sits on one KLL level), 1 for small columns
 * (every value kept, an exact sketch).
 */
export function rankSummaryStep(count: number, k: number): number {
  const target = kllNormalizedRankError(k) / 2;
  let step = 1;
  while ((step * 2 - 1) / count <= target) step *= 2;
  return step;
}

/**
 * A serialised KLL sketch (the profile's `quantiles` format) built from exact order statistics
 * the engine computed, instead of from a stream of values.
 *
 * The point at rank `r_i` gets weight `r_i − r_{i−1}`, written in binary across KLL levels (level
 * h holds weight 2^h), so the weights sum to `count` exactly. For any x, the sketch's count of
 * values ≤ x is `r_j` where `v_j` is the last point ≤ x, while the true count lies in
 * `[r_j, r_{j+1} − 1]`: the rank error is at most `(step − 1) / count`, with certainty (no
 * randomness, unlike a streamed sketch), and below the `kllNormalizedRankError(k)` that
 * `KllSketch.rankError` reports once a sketch has more than one level. A summary with step 1 keeps
 * every value with weight 1: an exact sketch (rank error 0).
 */
export function rankSummarySketch(input: RankSummaryInput): SerializedKllSketch {
  const { count, step } = input;
  if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(step) || step < 1) {
    throw invalidSummary(
      `count ${String(count)} and step ${String(step)} must be positive integers`,
    );
  }
  const points = input.points.filter(point => point.rank % step === 0 || point.rank === count);
  const levels: number[][] = [[]];
  let previous = 0;
  for (const { rank, value } of points) {
    if (!(rank > previous) || !Number.isFinite(value)) {
      throw invalidSummary(`rank ${String(rank)} is out of order or its value is not finite`);
    }
    const expected = Math.min(previous + step, count);
    if (rank !== expected) throw invalidSummary(`expected rank ${expected}, got ${rank}`);
    let weight = rank - previous;
    for (let level = 0; weight > 0; level += 1, weight = Math.floor(weight / 2)) {
      if (weight % 2 === 1) {
        while (levels.length <= level) levels.push([]);
        (levels[level] as number[]).push(value + 0);
      }
    }
    previous = rank;
  }
  if (previous !== count) throw invalidSummary(`the last rank is ${previous}, not ${count}`);
  // One level means every weight is 1: the values themselves, exact like an uncompacted sketch.
  const exactSketch = levels.length === 1;
  return {
    algorithm: KLL_ALGORITHM,
    rankError: exactSketch ? 0 : kllNormalizedRankError(input.k),
    state: {
      k: input.k,
      count,
      min: input.min + 0,
      max: input.max + 0,
      levels,
      randomState: input.randomState >>> 0,
      ...(input.exact ? { exact: input.exact } : {}),
    },
  };
}

function invalidSummary(why: string): InvalidInputError {
  return new InvalidInputError({
    code: 'INVALID_SQL_RESULT',
    message: `The engine's order statistics do not form a rank summary: ${why}.`,
  });
}
