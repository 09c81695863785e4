import { createHash } from 'node:crypto';
import { type ColumnProfile, type DatasetProfile, SPEC_VERSION } from '@ballast/contracts';
import { DataType, type Field, type RecordBatch } from 'apache-arrow';
import { ColumnStatistics } from '../engine/column-statistics';
import { createColumnView, logicalTypeOf } from '../engine/column-view';
import { toBatchSource } from '../validate';
import type { DatasetInput } from '../validate';

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

function columnProfile(
  path: string,
  type: DataType,
  statistics: ColumnStatistics,
  maxCategories: number,
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
  } else if (statistics.valueCounts) {
    const counts: Record<string, number> = {};
    let kept = 0;
    for (const [value, count] of statistics.valueCounts) {
      counts[String(value)] = count;
      kept += count;
    }
    profile.categories = {
      cap: maxCategories,
      counts,
      otherCount: statistics.count - statistics.missingCount - kept,
      ...(statistics.distinctOverflow ? {} : { distinctEstimate: statistics.valueCounts.size }),
    };
  }
  return profile;
}

/**
 * Summarises reference data in one pass over its batches, for {@link inferSuite}: per leaf
 * column (struct fields by dot path) counts, missing values, moments of numbers, and capped
 * value counts of everything else, in the `DatasetProfile` shape (without histograms or
 * sketches: profiles for drift are drift-stats' `profile()`, which `inferSuite` also accepts
 * as `options.profile`). The fingerprint is the SHA-256 of the summary's own statistics.
 *
 * @example
 * ```ts
 * const summary = await summarizeReference(readParquet('train.parquet'));
 * ```
 */
export async function summarizeReference(
  input: DatasetInput,
  maxCategories = 1000,
): Promise<DatasetProfile> {
  const { batches, schema: knownSchema } = toBatchSource(input);
  let types: Array<[string, DataType]> | undefined = knownSchema
    ? leafTypes(knownSchema.fields)
    : undefined;
  const statistics = new Map<string, ColumnStatistics>();
  let rowCount = 0;
  for await (const batch of batches as AsyncIterable<RecordBatch>) {
    types ??= leafTypes(batch.schema.fields);
    for (const [path, type] of types) {
      let column = statistics.get(path);
      if (!column) {
        const numeric = ['integer', 'float', 'timestamp', 'date'].includes(logicalTypeOf(type));
        column = new ColumnStatistics(
          numeric ? { variance: true } : { valueCounts: true, maxDistinct: maxCategories },
        );
        statistics.set(path, column);
      }
      const view = createColumnView(batch, path);
      if (view) column.observe(view);
    }
    rowCount += batch.numRows;
  }
  const columns = (types ?? []).map(([path, type]) =>
    columnProfile(path, type, statistics.get(path) ?? new ColumnStatistics(), maxCategories),
  );
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ rowCount, columns }))
    .digest('hex');
  return {
    kind: 'DatasetProfile',
    specVersion: SPEC_VERSION,
    createdAt: new Date().toISOString(),
    fingerprint,
    rowCount,
    columns,
  };
}
