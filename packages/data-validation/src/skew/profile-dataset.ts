import { createHash } from 'node:crypto';
import { type ColumnProfile, type DatasetProfile, SPEC_VERSION } from '@ballast/contracts';
import { DataType, type Field, type RecordBatch } from 'apache-arrow';
import { ColumnStatistics } from '../engine/column-statistics';
import { createColumnView, logicalTypeOf } from '../engine/column-view';
import { toBatchSource } from '../validate';
import type { DatasetInput } from '../validate';

/** Options of {@link profileDataset}. */
export interface ProfileOptions {
  /** Distinct values counted per column before the rest is lumped into `otherCount` (1000). */
  maxCategories?: number;
  /** Equal-width histogram buckets of numeric columns (10). */
  histogramBuckets?: number;
  /** Fixed histogram edges per column, e.g. a training profile's, so histograms align. */
  histogramEdges?: Record<string, number[]>;
  /** Fixed `createdAt`, for reproducible profiles. */
  createdAt?: string;
}

/**
 * Dot paths of every leaf column: struct fields are expanded, lists are leaves.
 *
 * @example
 * ```ts
 * leafColumnPaths(table.schema.fields); // ['id', 'user.age', 'user.tier']
 * ```
 */
export function leafColumnPaths(fields: readonly Field[], prefix = ''): string[] {
  return fields.flatMap(field => {
    const path = `${prefix}${field.name}`;
    return DataType.isStruct(field.type)
      ? leafColumnPaths(field.type.children, `${path}.`)
      : [path];
  });
}

function leafTypes(fields: readonly Field[], prefix = ''): Array<[string, DataType]> {
  return fields.flatMap(field => {
    const path = `${prefix}${field.name}`;
    return DataType.isStruct(field.type)
      ? leafTypes(field.type.children, `${path}.`)
      : [[path, field.type] as [string, DataType]];
  });
}

/** Edges of `buckets` equal-width buckets over [min, max]. */
function equalWidthEdges(min: number, max: number, buckets: number): number[] {
  if (min === max) return [min, max];
  return Array.from({ length: buckets + 1 }, (_, index) => min + ((max - min) * index) / buckets);
}

/**
 * Counts values into the buckets of ascending `edges` (each bucket holds [edge, next edge),
 * the last one also its upper edge); values below the first edge land in the first bucket and
 * above the last edge in the last, as their mass must not be dropped.
 *
 * @example
 * ```ts
 * histogramCounts(Float64Array.of(-5, 0, 1, 2, 9), [0, 1, 2]); // [2, 3]
 * ```
 */
export function histogramCounts(values: Float64Array, edges: number[]): number[] {
  const buckets = Math.max(edges.length - 1, 1);
  const counts = new Array<number>(buckets).fill(0);
  for (const value of values) {
    let low = 0;
    let high = buckets - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (value >= edges[middle]!) low = middle;
      else high = middle - 1;
    }
    counts[low]!++;
  }
  return counts;
}

function columnProfile(
  path: string,
  type: DataType,
  statistics: ColumnStatistics,
  options: ProfileOptions,
): ColumnProfile {
  const logical = logicalTypeOf(type);
  const profile: ColumnProfile = {
    name: path,
    type: logical,
    count: statistics.count,
    missing: statistics.missingCount,
  };
  if (statistics.numericCount > 0) {
    profile.moments = {
      count: statistics.numericCount,
      mean: statistics.mean,
      m2: statistics.m2,
      min: statistics.min,
      max: statistics.max,
      sum: statistics.sum,
    };
    const edges =
      options.histogramEdges?.[path] ??
      equalWidthEdges(statistics.min, statistics.max, options.histogramBuckets ?? 10);
    profile.histogram = { edges, counts: histogramCounts(statistics.retainedValues(), edges) };
  } else if (statistics.valueCounts) {
    const counts: Record<string, number> = {};
    let kept = 0;
    for (const [value, count] of statistics.valueCounts) {
      counts[String(value)] = count;
      kept += count;
    }
    profile.categories = {
      cap: options.maxCategories ?? 1000,
      counts,
      otherCount: statistics.count - statistics.missingCount - kept,
      ...(statistics.distinctOverflow ? {} : { distinctEstimate: statistics.valueCounts.size }),
    };
  }
  return profile;
}

/**
 * Profiles a dataset in one pass over its batches: per leaf column (struct fields by dot path)
 * counts, missing values, moments and an equal-width histogram for numbers, and capped value
 * counts for everything else. The result is the DatasetProfile contract; its fingerprint is
 * the SHA-256 of the profile's own statistics (not of the raw bytes).
 *
 * @example
 * ```ts
 * const training = await profileDataset(readParquet('train.parquet'));
 * ```
 */
export async function profileDataset(
  input: DatasetInput,
  options: ProfileOptions = {},
): Promise<DatasetProfile> {
  const { batches, schema: knownSchema } = toBatchSource(input);
  let types: Array<[string, DataType]> | undefined = knownSchema
    ? leafTypes(knownSchema.fields)
    : undefined;
  const statistics = new Map<string, ColumnStatistics>();
  let rowCount = 0;
  const maxDistinct = options.maxCategories ?? 1000;
  for await (const batch of batches as AsyncIterable<RecordBatch>) {
    types ??= leafTypes(batch.schema.fields);
    for (const [path, type] of types) {
      let column = statistics.get(path);
      if (!column) {
        const numeric = ['integer', 'float', 'timestamp', 'date'].includes(logicalTypeOf(type));
        column = new ColumnStatistics(
          numeric ? { values: true, variance: true } : { valueCounts: true, maxDistinct },
        );
        statistics.set(path, column);
      }
      const view = createColumnView(batch, path);
      if (view) column.observe(view);
    }
    rowCount += batch.numRows;
  }
  const columns = (types ?? []).map(([path, type]) =>
    columnProfile(path, type, statistics.get(path) ?? new ColumnStatistics(), options),
  );
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ rowCount, columns }))
    .digest('hex');
  return {
    kind: 'DatasetProfile',
    specVersion: SPEC_VERSION,
    createdAt: options.createdAt ?? new Date().toISOString(),
    fingerprint,
    rowCount,
    columns,
  };
}
