import type { ColumnProfile } from '@ballast/contracts';
import { KllSketch } from '../sketch/kll-sketch';
import { binCounts } from './bin-counts';
import { capCategoryCounts } from './category-counts';
import { assertValidEdges, type ProfileBinning, referenceEdges } from './histogram-edges';
import { emptyMoments, mergeMoments, momentsOf } from './moments';
import type { PreparedColumn } from './profile-input';

/**
 * Evidently treats a numeric column with at most this many distinct reference values as
 * categories when binning; a profile keeps such a column's exact value counts.
 */
export const NUMERIC_CATEGORY_LIMIT = 20;

/** Per-column settings of one profiling run. */
export interface ColumnAccumulatorOptions {
  categoryCap: number;
  sketchK: number;
  exactLimit: number;
  exactTail: number;
  seed: number;
  binning: ProfileBinning;
  edges: readonly number[] | undefined;
}

function addCounts(target: Map<string, number>, source: ReadonlyMap<string, number>): void {
  for (const [key, count] of source) target.set(key, (target.get(key) ?? 0) + count);
}

/**
 * Given edges that do not cover the reference range are widened to its min and max, so no
 * reference value is dropped from the histogram (partitions that should merge need edges that
 * cover every partition).
 */
function coverRange(edges: readonly number[], min: number, max: number, column: string): number[] {
  assertValidEdges(edges, `edges.${column}`);
  return [
    ...(min < (edges[0] as number) ? [min] : []),
    ...edges,
    ...(max > (edges[edges.length - 1] as number) ? [max] : []),
  ];
}

/**
 * Profiles one column chunk by chunk (one Arrow RecordBatch at a time): a first pass for
 * counts, moments, the sketch and distinct values, a second for the histogram, whose edges
 * depend on the whole reference range unless given.
 */
export function profileColumn(
  source: PreparedColumn,
  options: ColumnAccumulatorOptions,
): ColumnProfile {
  if (source.kind === 'categorical') {
    const counts = new Map<string, number>();
    let total = 0;
    let missing = 0;
    for (const column of source.chunks()) {
      addCounts(counts, column.counts);
      total += column.total;
      missing += column.missing;
    }
    return {
      name: source.name,
      type: source.type,
      count: total,
      missing,
      ...(counts.size > 0 ? { categories: capCategoryCounts(counts, options.categoryCap) } : {}),
    };
  }

  let total = 0;
  let missing = 0;
  let moments = emptyMoments();
  const sketch = KllSketch.create({
    k: options.sketchK,
    seed: options.seed,
    exactLimit: options.exactLimit,
    exactTail: options.exactTail,
  });
  let distinct: Map<number, number> | undefined = new Map();
  for (const { values, missing: chunkMissing, total: chunkTotal } of source.chunks()) {
    total += chunkTotal;
    missing += chunkMissing;
    moments = mergeMoments(moments, momentsOf(values));
    sketch.updateMany(values);
    for (let index = 0; distinct !== undefined && index < values.length; index += 1) {
      const value = values[index] as number;
      distinct.set(value, (distinct.get(value) ?? 0) + 1);
      if (distinct.size > NUMERIC_CATEGORY_LIMIT) distinct = undefined;
    }
  }
  const profileBase = { name: source.name, type: source.type, count: total, missing };
  if (moments.count === 0) return profileBase;

  const edges = options.edges
    ? coverRange(options.edges, moments.min, moments.max, source.name)
    : referenceEdges(sketch, options.binning);
  const counts = new Float64Array(edges.length - 1);
  for (const chunk of source.chunks()) {
    binCounts(chunk.values, edges, 'drop', counts);
  }
  return {
    ...profileBase,
    moments,
    ...(distinct === undefined
      ? {}
      : {
          categories: capCategoryCounts(
            new Map([...distinct].map(([value, count]) => [String(value), count])),
            options.categoryCap,
          ),
        }),
    quantiles: sketch.toJSON(),
    histogram: { edges: [...edges], counts: [...counts] },
  };
}
