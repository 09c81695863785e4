import {
  type ColumnProfile,
  type DatasetProfile,
  datasetProfileSchema,
  InvalidInputError,
  parseWithSchema,
  SPEC_VERSION,
} from '@ballast/contracts';
import { KllSketch } from '../sketch/kll-sketch';
import { NUMERIC_CATEGORY_LIMIT } from './column-accumulator';
import { mergeCategoryCounts } from './category-counts';
import { mergeMoments } from './moments';
import { profileFingerprint } from './profile-fingerprint';

type Histogram = NonNullable<ColumnProfile['histogram']>;

function mismatch(
  code: string,
  column: string,
  message: string,
  details: object,
): InvalidInputError {
  return new InvalidInputError({ code, message, details: { column, ...details } });
}

function mergeOptional<Value>(
  left: Value | undefined,
  right: Value | undefined,
  merge: (left: Value, right: Value) => Value,
): Value | undefined {
  if (left === undefined) return right;
  if (right === undefined) return left;
  return merge(left, right);
}

function mergeHistograms(column: string, left: Histogram, right: Histogram): Histogram {
  const same =
    left.edges.length === right.edges.length &&
    left.edges.every((edge, index) => edge === right.edges[index]);
  if (!same) {
    throw mismatch(
      'PROFILE_EDGES_MISMATCH',
      column,
      `Cannot merge the histograms of column "${column}": their edges differ. Profile every partition with the same \`edges\` option (covering all partitions).`,
      { path: `columns.${column}.histogram.edges`, left: left.edges, right: right.edges },
    );
  }
  return {
    edges: [...left.edges],
    counts: left.counts.map((count, index) => count + (right.counts[index] ?? 0)),
  };
}

function mergeColumn(left: ColumnProfile, right: ColumnProfile): ColumnProfile {
  const name = left.name;
  // A partition where the column was all missing has type 'null' and merges with any type.
  const type = left.type === 'null' ? right.type : left.type;
  if (left.type !== right.type && left.type !== 'null' && right.type !== 'null') {
    throw mismatch(
      'PROFILE_TYPE_MISMATCH',
      name,
      `Cannot merge column "${name}": it is ${left.type} in one profile and ${right.type} in the other.`,
      { path: `columns.${name}.type`, left: left.type, right: right.type },
    );
  }
  const moments = mergeOptional(left.moments, right.moments, mergeMoments);
  // A numeric column keeps exact value counts only while both sides kept them and their union
  // stays within the limit; categorical columns always merge theirs.
  const numeric = moments !== undefined;
  const bothNumericCounted =
    !numeric ||
    ((left.moments === undefined || left.categories !== undefined) &&
      (right.moments === undefined || right.categories !== undefined));
  let categories = bothNumericCounted
    ? mergeOptional(left.categories, right.categories, mergeCategoryCounts)
    : undefined;
  if (numeric && categories && Object.keys(categories.counts).length > NUMERIC_CATEGORY_LIMIT) {
    categories = undefined;
  }
  const quantiles = mergeOptional(left.quantiles, right.quantiles, (a, b) =>
    KllSketch.fromJSON(a).merge(KllSketch.fromJSON(b)).toJSON(),
  );
  const histogram = mergeOptional(left.histogram, right.histogram, (a, b) =>
    mergeHistograms(name, a, b),
  );
  return {
    name,
    type,
    count: left.count + right.count,
    missing: left.missing + right.missing,
    ...(moments ? { moments } : {}),
    ...(categories ? { categories } : {}),
    ...(quantiles ? { quantiles } : {}),
    ...(histogram ? { histogram } : {}),
  };
}

/**
 * Merges the profiles of two disjoint parts of a dataset (partitions, batches, days) into the
 * profile of their union. Counts, moments, histograms and untruncated category counts merge
 * exactly; sketches merge within their rank error; truncated category counts merge as frequent
 * items (lower bounds). Both profiles need the same columns with the same types, and the same
 * histogram edges (`PROFILE_EDGES_MISMATCH` otherwise — profile partitions with fixed `edges`).
 *
 * @example
 * ```ts
 * const merged = partitions.map(part => profile(part, { edges })).reduce(mergeProfiles);
 * ```
 */
export function mergeProfiles(left: DatasetProfile, right: DatasetProfile): DatasetProfile {
  const first = parseWithSchema(datasetProfileSchema, left, 'DatasetProfile (left)');
  const second = parseWithSchema(datasetProfileSchema, right, 'DatasetProfile (right)');
  const leftNames = first.columns.map(column => column.name);
  const rightNames = second.columns.map(column => column.name);
  const missing = [
    ...leftNames.filter(name => !rightNames.includes(name)),
    ...rightNames.filter(name => !leftNames.includes(name)),
  ];
  if (missing.length > 0) {
    throw mismatch(
      'PROFILE_COLUMNS_MISMATCH',
      missing[0] as string,
      `Cannot merge profiles with different columns: ${missing.map(name => `"${name}"`).join(', ')} appear in only one of them.`,
      { path: 'columns', columns: missing },
    );
  }
  const columns = first.columns.map(column =>
    mergeColumn(column, second.columns.find(other => other.name === column.name) as ColumnProfile),
  );
  const content = { rowCount: first.rowCount + second.rowCount, columns };
  return {
    kind: 'DatasetProfile',
    specVersion: SPEC_VERSION,
    createdAt: new Date().toISOString(),
    fingerprint: profileFingerprint(content),
    ...content,
  };
}
