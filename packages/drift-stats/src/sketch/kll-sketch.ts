import { InvalidInputError, parseWithSchema } from '@ballast/contracts';
import { z } from 'zod';
import {
  ExactValues,
  type SerializedExactValues,
  serializedExactValuesSchema,
} from './exact-values';
import { kllNormalizedRankError } from './normalized-rank-error';
import { SketchRandom } from './sketch-random';

/**
 * The `algorithm` name a serialised KLL sketch carries.
 */
export const KLL_ALGORITHM = 'kll-float64';

/**
 * Default `k`: whylogs' default, about 0.27% rank error in roughly 3k retained values.
 */
export const DEFAULT_KLL_K = 1024;

/** Options of {@link KllSketch.create}. */
export interface KllSketchOptions {
  /** Accuracy parameter (8 to 65535): larger is more accurate and keeps about 3k values. */
  k?: number;
  /** Seed of the compaction coin flips, so the same input gives the same sketch. */
  seed?: number;
  /** Keep every value exactly beside the sketch while the count is at most this (default 0: off). */
  exactLimit?: number;
  /** Once over `exactLimit`, keep this many smallest and largest values exactly (default 0). */
  exactTail?: number;
}

/** The serialised form of a {@link KllSketch}, in the contract's `quantileSketchSchema` shape. */
export interface SerializedKllSketch {
  algorithm: typeof KLL_ALGORITHM;
  rankError: number;
  state: {
    k: number;
    count: number;
    min: number | null;
    max: number | null;
    levels: number[][];
    randomState: number;
    /** Exact values kept beside the sketch (see `exactLimit`, `exactTail`). */
    exact?: SerializedExactValues;
  };
}

const minimumLevelCapacity = 8;
const levelDecay = 2 / 3;

const kSchema = z.number().int().min(8).max(65_535);
const serializedSchema = z.object({
  algorithm: z.literal(KLL_ALGORITHM),
  rankError: z.number().nonnegative(),
  state: z.object({
    k: kSchema,
    count: z.number().int().nonnegative(),
    min: z.number().nullable(),
    max: z.number().nullable(),
    levels: z.array(z.array(z.number())).min(1),
    randomState: z.number().int().nonnegative(),
    exact: serializedExactValuesSchema.optional(),
  }),
});

/** Capacity of `level` in a sketch of `height` levels: k at the top, ×2/3 per level below, at least 8. */
function levelCapacity(k: number, level: number, height: number): number {
  return Math.max(minimumLevelCapacity, Math.ceil(k * levelDecay ** (height - level - 1)));
}

interface SortedView {
  values: Float64Array;
  cumulativeWeights: Float64Array;
}

/**
 * `items` in ascending order, by merging its ascending runs pairwise (a natural merge sort);
 * falls back to a typed-array sort when the runs are short. Sketch values are finite and never
 * -0, so the result equals `Float64Array.from(items).sort()`.
 */
function sortedByRuns(items: readonly number[]): Float64Array {
  const size = items.length;
  let source = new Float64Array(items);
  let bounds = [0];
  for (let index = 1; index < size; index += 1) {
    if ((source[index] as number) < (source[index - 1] as number)) bounds.push(index);
  }
  if (bounds.length * 8 > size) return source.sort();
  bounds.push(size);
  let target = new Float64Array(size);
  while (bounds.length > 2) {
    const next = [0];
    for (let run = 0; run + 1 < bounds.length; run += 2) {
      const low = bounds[run] as number;
      const middle = bounds[run + 1] as number;
      const high = run + 2 < bounds.length ? (bounds[run + 2] as number) : middle;
      let left = low;
      let right = middle;
      let out = low;
      while (left < middle && right < high) {
        const a = source[left] as number;
        const b = source[right] as number;
        if (b < a) {
          target[out++] = b;
          right += 1;
        } else {
          target[out++] = a;
          left += 1;
        }
      }
      while (left < middle) target[out++] = source[left++] as number;
      while (right < high) target[out++] = source[right++] as number;
      next.push(high);
    }
    [source, target] = [target, source];
    bounds = next;
  }
  return source;
}

/**
 * A KLL quantile sketch (Karnin, Lang, Liberty 2016) over float64 values: mergeable,
 * serialisable, and deterministic for a given seed. It answers rank and quantile queries within
 * {@link KllSketch.rankError} of the exact answer (99% confidence, all queries at once), and
 * exactly until it first compacts (about `k` values).
 *
 * Level `h` holds values of weight 2^h; a full level is sorted and every other value (odd or
 * even positions, by a seeded coin) moves up a level. Level capacities shrink geometrically
 * (×2/3) below the top, with a floor of 8, as in Apache DataSketches.
 *
 * @example
 * ```ts
 * const sketch = KllSketch.create({ k: 200, seed: 7 });
 * sketch.updateMany(new Float64Array([3, 1, 2]));
 * sketch.quantile(0.5); // 2
 * const copy = KllSketch.fromJSON(JSON.parse(JSON.stringify(sketch.toJSON())));
 * ```
 */
export class KllSketch {
  private sorted: SortedView | undefined;

  private constructor(
    /** The accuracy parameter. */
    readonly k: number,
    private levels: number[][],
    private totalCount: number,
    private minimum: number,
    private maximum: number,
    private readonly random: SketchRandom,
    private exact: ExactValues | undefined = undefined,
  ) {}

  /** An empty sketch. Throws `INVALID_SKETCH_PARAMETER` when `k` is not an integer in [8, 65535]. */
  static create(options: KllSketchOptions = {}): KllSketch {
    const k = options.k ?? DEFAULT_KLL_K;
    if (!kSchema.safeParse(k).success) {
      throw new InvalidInputError({
        code: 'INVALID_SKETCH_PARAMETER',
        message: `Invalid sketch option k=${String(k)}: expected an integer from 8 to 65535 (default ${DEFAULT_KLL_K}).`,
        details: { path: 'k', received: k },
      });
    }
    const exactLimit = options.exactLimit ?? 0;
    const exactTail = options.exactTail ?? 0;
    return new KllSketch(
      k,
      [[]],
      0,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      new SketchRandom(options.seed ?? 0x5eed),
      exactLimit > 0 || exactTail > 0
        ? new ExactValues({ limit: exactLimit, tail: exactTail })
        : undefined,
    );
  }

  /**
   * Rebuilds a sketch from {@link KllSketch.toJSON} output (after a JSON round trip). Throws an
   * InvalidInputError naming the path when the document is not a KLL sketch.
   */
  static fromJSON(serialized: unknown): KllSketch {
    const { state } = parseWithSchema(serializedSchema, serialized, 'KLL quantile sketch');
    const retained = state.levels.reduce(
      (sum, level, height) => sum + level.length * 2 ** height,
      0,
    );
    if (retained !== state.count) {
      throw new InvalidInputError({
        code: 'INVALID_SKETCH_STATE',
        message: `Invalid KLL quantile sketch at state.levels: the retained weights sum to ${retained} but state.count is ${state.count}.`,
        details: { path: 'state.levels', retained, count: state.count },
      });
    }
    return new KllSketch(
      state.k,
      state.levels.map(level => [...level]),
      state.count,
      state.min ?? Number.POSITIVE_INFINITY,
      state.max ?? Number.NEGATIVE_INFINITY,
      new SketchRandom(state.randomState),
      state.exact ? ExactValues.fromJSON(state.exact, state.count) : undefined,
    );
  }

  /**
   * Every value seen, ascending, while the sketch keeps them exactly (compacted or not); else
   * undefined. Drift from a profile is exact when this is available.
   */
  exactValues(): Float64Array | undefined {
    if (this.isExact) return this.view().values;
    return this.exact?.sortedValues();
  }

  /**
   * The smallest and largest values kept exactly beside the sketch (ascending), or undefined
   * when the sketch keeps none: between `lower`'s last and `upper`'s first value the CDF carries
   * the sketch's rank error, outside it is exact.
   */
  exactTails(): { lower: Float64Array; upper: Float64Array } | undefined {
    if (this.exact === undefined || this.exact.options.tail === 0) return undefined;
    return this.exact.tails();
  }

  /** Number of values seen (non-finite values are ignored by the update methods). */
  get count(): number {
    return this.totalCount;
  }

  /** Smallest value seen, exactly; NaN when empty. */
  get min(): number {
    return this.totalCount === 0 ? Number.NaN : this.minimum;
  }

  /** Largest value seen, exactly; NaN when empty. */
  get max(): number {
    return this.totalCount === 0 ? Number.NaN : this.maximum;
  }

  /** True while every value is still retained with weight 1 (no compaction yet). */
  get isExact(): boolean {
    return this.levels.length === 1;
  }

  /** The normalised rank error bound of the answers: 0 while exact, else {@link kllNormalizedRankError}. */
  get rankError(): number {
    return this.isExact ? 0 : kllNormalizedRankError(this.k);
  }

  /** Number of values the sketch retains (its memory footprint). */
  get retained(): number {
    return this.levels.reduce((sum, level) => sum + level.length, 0);
  }

  /**
   * Adds one value. NaN and ±Infinity are ignored, as the drift statistics drop them, which also
   * keeps the serialised sketch valid JSON.
   */
  update(value: number): void {
    if (!Number.isFinite(value)) return;
    this.exact?.updateMany([value]);
    this.sorted = undefined;
    this.totalCount += 1;
    if (value < this.minimum) this.minimum = value;
    if (value > this.maximum) this.maximum = value;
    // `+ 0` turns -0 into 0, which JSON cannot tell apart, so round trips stay exact.
    (this.levels[0] as number[]).push(value + 0);
    if (this.retained >= this.capacityTotal()) this.compress();
  }

  /** Adds every finite value of `values` (NaN and ±Infinity are ignored). */
  updateMany(values: ArrayLike<number>): void {
    if (this.exact) {
      // Profiles pass finite values only: hand them over without a per-value copy.
      let allFinite = true;
      for (let index = 0; allFinite && index < values.length; index += 1) {
        allFinite = Number.isFinite(values[index] as number);
      }
      if (allFinite) this.exact.updateMany(values);
      else {
        const finite: number[] = [];
        for (let index = 0; index < values.length; index += 1) {
          const value = values[index] as number;
          if (Number.isFinite(value)) finite.push(value);
        }
        this.exact.updateMany(finite);
      }
    }
    this.sorted = undefined;
    let levelZero = this.levels[0] as number[];
    let room = this.capacityTotal() - this.retained;
    for (let index = 0; index < values.length; index += 1) {
      const value = values[index] as number;
      if (!Number.isFinite(value)) continue;
      this.totalCount += 1;
      if (value < this.minimum) this.minimum = value;
      if (value > this.maximum) this.maximum = value;
      levelZero.push(value + 0);
      room -= 1;
      if (room <= 0) {
        this.compress();
        levelZero = this.levels[0] as number[];
        room = this.capacityTotal() - this.retained;
      }
    }
  }

  /**
   * Adds a batch of finite values given in ascending order (the caller sorts once, for example
   * with a radix sort) in bulk: the run is compacted as a whole, level by level (every other
   * value by a seeded coin, an odd value out staying behind), until it fits the level it reaches,
   * and lands there. One compaction of a sorted run moves any rank by at most its level's weight,
   * as one per-item compaction does, but a run of n values costs one compaction per level
   * instead of about n / capacity, so the error stays within {@link KllSketch.rankError} (it is
   * smaller than item by item). Values must be finite and ascending; throws
   * `INVALID_SKETCH_INPUT` otherwise (checked in the same pass that copies them).
   */
  updateSorted(sorted: Float64Array): void {
    const size = sorted.length;
    if (size === 0) return;
    for (let index = 0; index < size; index += 1) {
      const value = sorted[index] as number;
      if (!(Number.isFinite(value) && (index === 0 || value >= (sorted[index - 1] as number)))) {
        throw new InvalidInputError({
          code: 'INVALID_SKETCH_INPUT',
          message: `updateSorted needs finite values in ascending order; index ${index} holds ${String(value)}.`,
          details: { path: `sorted[${index}]`, received: value },
        });
      }
    }
    this.exact?.updateSorted(sorted);
    this.sorted = undefined;
    this.totalCount += size;
    if ((sorted[0] as number) < this.minimum) this.minimum = (sorted[0] as number) + 0;
    if ((sorted[size - 1] as number) > this.maximum)
      this.maximum = (sorted[size - 1] as number) + 0;
    let run: Float64Array = sorted;
    let level = 0;
    for (;;) {
      // The run lands on the first level it alone fits; items already there are compacted with
      // it by `compress` below. (Counting them here would push runs of a lazily compacted sketch
      // to the top, each summarised by a couple of heavy items.)
      const height = Math.max(this.levels.length, level + 1);
      if (run.length < levelCapacity(this.k, level, height)) break;
      while (this.levels.length <= level + 1) this.levels.push([]);
      const start = run.length % 2;
      if (start === 1) (this.levels[level] as number[]).push((run[0] as number) + 0);
      const offset = start + this.random.bit();
      const half = (run.length - start) >>> 1;
      // The first halving copies out of the caller's array; later ones halve that copy in place
      // (index i reads from 2i + offset >= i).
      const promoted = run === sorted ? new Float64Array(half) : run;
      for (let index = 0; index < half; index += 1) {
        promoted[index] = run[offset + 2 * index] as number;
      }
      run = promoted.subarray(0, half);
      level += 1;
    }
    while (this.levels.length <= level) this.levels.push([]);
    const target = this.levels[level] as number[];
    // `+ 0` turns -0 into 0, as `update` does.
    for (let index = 0; index < run.length; index += 1) target.push((run[index] as number) + 0);
    while (this.retained >= this.capacityTotal()) this.compress();
  }

  /**
   * A new sketch summarising the values of both. Both must share `k` (else
   * `SKETCH_PARAMETER_MISMATCH`). The result's coin flips are seeded from both inputs, so
   * merges are deterministic; merge order changes which values are kept, not the error bound.
   */
  merge(other: KllSketch): KllSketch {
    if (other.k !== this.k) {
      throw new InvalidInputError({
        code: 'SKETCH_PARAMETER_MISMATCH',
        message: `Cannot merge KLL sketches with different k (${this.k} and ${other.k}); build both with the same k.`,
        details: { path: 'k', left: this.k, right: other.k },
      });
    }
    const height = Math.max(this.levels.length, other.levels.length);
    const levels = Array.from({ length: height }, (_, level) => [
      ...(this.levels[level] ?? []),
      ...(other.levels[level] ?? []),
    ]);
    const seed = (Math.imul(this.random.state ^ 0x9e3779b9, 31) + other.random.state) >>> 0;
    const merged = new KllSketch(
      this.k,
      levels,
      this.totalCount + other.totalCount,
      Math.min(this.minimum, other.minimum),
      Math.max(this.maximum, other.maximum),
      new SketchRandom(seed),
      this.exact && other.exact ? this.exact.merge(other.exact) : undefined,
    );
    while (merged.retained >= merged.capacityTotal()) merged.compress();
    return merged;
  }

  /** Estimated share of values `<= value`, in [0, 1]; NaN when empty. */
  rank(value: number): number {
    if (this.totalCount === 0) return Number.NaN;
    const { values, cumulativeWeights } = this.view();
    const position = upperBound(values, value);
    return position === 0 ? 0 : (cumulativeWeights[position - 1] as number) / this.totalCount;
  }

  /** Estimated `q`-quantile (the smallest retained value whose rank reaches q); NaN when empty. */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) {
      throw new InvalidInputError({
        code: 'INVALID_QUANTILE',
        message: `Invalid quantile q=${String(q)}: expected a number from 0 to 1.`,
        details: { path: 'q', received: q },
      });
    }
    if (this.totalCount === 0) return Number.NaN;
    if (q === 0) return this.minimum;
    if (q === 1) return this.maximum;
    const { values, cumulativeWeights } = this.view();
    const target = q * this.totalCount;
    let low = 0;
    let high = values.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulativeWeights[middle] as number) >= target) high = middle;
      else low = middle + 1;
    }
    return values[low] as number;
  }

  /**
   * The retained values in ascending order with their cumulative weights: the sketch's
   * step-function CDF, for computing distances against it.
   */
  sortedView(): { values: Float64Array; cumulativeWeights: Float64Array } {
    return this.view();
  }

  /** The serialisable form; `JSON.stringify` safe (no NaN or Infinity). */
  toJSON(): SerializedKllSketch {
    const empty = this.totalCount === 0;
    return {
      algorithm: KLL_ALGORITHM,
      rankError: this.rankError,
      state: {
        k: this.k,
        count: this.totalCount,
        min: empty ? null : this.minimum,
        max: empty ? null : this.maximum,
        levels: this.levels.map(level => [...level]),
        randomState: this.random.state,
        ...(this.exact ? { exact: this.exact.toJSON() } : {}),
      },
    };
  }

  // Capacities only change when a level is added, so they are cached per sketch height.
  private capacities: { height: number; perLevel: number[]; total: number } = {
    height: 0,
    perLevel: [],
    total: 0,
  };

  private capacityTable(): { perLevel: number[]; total: number } {
    const height = this.levels.length;
    if (this.capacities.height !== height) {
      const perLevel = Array.from({ length: height }, (_, level) =>
        levelCapacity(this.k, level, height),
      );
      this.capacities = {
        height,
        perLevel,
        total: perLevel.reduce((sum, value) => sum + value, 0),
      };
    }
    return this.capacities;
  }

  private capacity(level: number): number {
    return this.capacityTable().perLevel[level] as number;
  }

  private capacityTotal(): number {
    return this.capacityTable().total;
  }

  // Lazy compaction: compact the lowest full level, and stop as soon as the sketch fits again.
  private compress(): void {
    this.sorted = undefined;
    for (let level = 0; level < this.levels.length; level += 1) {
      const items = this.levels[level] as number[];
      if (items.length < this.capacity(level)) continue;
      if (level + 1 === this.levels.length) this.levels.push([]);
      // Levels above 0 are mostly runs promoted already sorted: merging them is cheaper than a sort.
      const sorted = level === 0 ? new Float64Array(items).sort() : sortedByRuns(items);
      // An odd value out stays behind (the smallest), so the total weight is preserved exactly.
      const start = sorted.length % 2;
      const kept: number[] = start === 1 ? [sorted[0] as number] : [];
      const promoted = this.levels[level + 1] as number[];
      const offset = this.random.bit();
      for (let index = start + offset; index < sorted.length; index += 2) {
        promoted.push(sorted[index] as number);
      }
      this.levels[level] = kept;
      if (this.retained < this.capacityTotal()) return;
    }
  }

  private view(): SortedView {
    if (this.sorted) return this.sorted;
    const size = this.retained;
    const values = new Float64Array(size);
    const weights = new Float64Array(size);
    let cursor = 0;
    this.levels.forEach((level, height) => {
      for (const value of level) {
        values[cursor] = value;
        weights[cursor] = 2 ** height;
        cursor += 1;
      }
    });
    const order = Array.from({ length: size }, (_, index) => index).sort(
      (left, right) => (values[left] as number) - (values[right] as number),
    );
    const sortedValues = new Float64Array(size);
    const cumulativeWeights = new Float64Array(size);
    let running = 0;
    order.forEach((from, to) => {
      sortedValues[to] = values[from] as number;
      running += weights[from] as number;
      cumulativeWeights[to] = running;
    });
    this.sorted = { values: sortedValues, cumulativeWeights };
    return this.sorted;
  }
}

/** Index of the first element of ascending `values` greater than `value`. */
export function upperBound(values: Float64Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
