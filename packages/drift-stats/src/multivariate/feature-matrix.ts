import { InvalidInputError } from '@ballast/contracts';
import type { Vector } from 'apache-arrow';
import { isArrowVector } from '../input/arrow-guards';
import { type ColumnInput, readTable, type TableInput } from '../table/read-table';

/** How one input column becomes features: a number, or one-hot flags of reference categories. */
type ColumnEncoding =
  | { name: string; kind: 'numeric'; mean: number }
  | { name: string; kind: 'categorical'; categories: string[]; mostFrequent: string };

/**
 * How a table's columns become numeric features, fitted on the reference (as NannyML's data
 * reconstruction does): missing numbers are imputed with the reference mean and missing
 * categories with the most frequent one; categorical and boolean columns become one-hot flags
 * of their most frequent reference categories (unseen categories set no flag).
 */
export interface ColumnsEncoding {
  /** Feature names: the column, or `column=category` for one-hot flags. */
  features: string[];
  columns: ColumnEncoding[];
}

/** Reference mean and standard deviation (n − 1) per feature (standard deviation 0 is taken as 1). */
export interface Standardisation {
  means: Float64Array;
  deviations: Float64Array;
}

/**
 * The encoding of a table into a standardised numeric matrix: the columns' encoding, then every
 * feature standardised with the reference mean and standard deviation.
 */
export interface FeatureEncoding extends ColumnsEncoding, Standardisation {}

/** Rows × features, row-major. */
export interface Matrix {
  rows: number;
  columns: number;
  data: Float64Array;
}

function reader(values: ColumnInput): (row: number) => unknown {
  if (isArrowVector(values)) return row => (values as Vector).get(row);
  return row => (values as ArrayLike<unknown>)[row];
}

function asNumber(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === 'bigint') return Number(value);
  return Number.NaN;
}

function asCategory(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' && Number.isNaN(value)) return undefined;
  return String(value);
}

/**
 * Fits the columns' encoding on the reference's `columns` (default: all), keeping at most
 * `maxCategories` one-hot flags per categorical column.
 */
export function fitColumnsEncoding(
  reference: TableInput,
  columns: readonly string[] | undefined,
  maxCategories: number,
): ColumnsEncoding {
  const table = readTable(reference, 'reference', columns);
  const encodings: ColumnEncoding[] = [];
  for (const name of columns ?? [...table.columns.keys()]) {
    const column = table.columns.get(name);
    if (!column) {
      throw new InvalidInputError({
        code: 'COLUMN_MISSING',
        message: `Column "${name}" is missing from the reference data.`,
        details: { path: 'multivariate.columns', column: name },
      });
    }
    if (column.featureType === undefined) continue;
    const read = reader(column.values);
    if (column.featureType === 'numeric') {
      let sum = 0;
      let count = 0;
      for (let row = 0; row < table.rowCount; row += 1) {
        const value = asNumber(read(row));
        if (!Number.isNaN(value)) {
          sum += value;
          count += 1;
        }
      }
      if (count > 0) encodings.push({ name, kind: 'numeric', mean: sum / count });
      continue;
    }
    const counts = new Map<string, number>();
    for (let row = 0; row < table.rowCount; row += 1) {
      const value = asCategory(read(row));
      if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const ranked = [...counts].sort(
      (left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1),
    );
    if (ranked.length === 0) continue;
    encodings.push({
      name,
      kind: 'categorical',
      categories: ranked.slice(0, maxCategories).map(([category]) => category),
      mostFrequent: ranked[0]?.[0] as string,
    });
  }
  const features = encodings.flatMap(encoding =>
    encoding.kind === 'numeric'
      ? [encoding.name]
      : encoding.categories.map(category => `${encoding.name}=${category}`),
  );
  if (features.length === 0) {
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message: 'Multivariate drift needs at least one reference column with non-missing values.',
      details: { path: 'multivariate.columns' },
    });
  }
  return { features, columns: encodings };
}

/** Mean and standard deviation (n − 1) of each column of a raw matrix, in float64. */
export function fitStandardisation(raw: Matrix): Standardisation {
  const means = new Float64Array(raw.columns);
  const deviations = new Float64Array(raw.columns).fill(1);
  for (let feature = 0; feature < raw.columns; feature += 1) {
    let mean = 0;
    for (let row = 0; row < raw.rows; row += 1)
      mean += raw.data[row * raw.columns + feature] as number;
    mean /= Math.max(raw.rows, 1);
    let squares = 0;
    for (let row = 0; row < raw.rows; row += 1)
      squares += ((raw.data[row * raw.columns + feature] as number) - mean) ** 2;
    const deviation = Math.sqrt(squares / Math.max(raw.rows - 1, 1));
    means[feature] = mean;
    deviations[feature] = deviation > 0 ? deviation : 1;
  }
  return { means, deviations };
}

/**
 * Fits the encoding on the reference's `columns` (default: all), keeping at most
 * `maxCategories` one-hot flags per categorical column, and the standardisation of its features.
 */
export function fitFeatureEncoding(
  reference: TableInput,
  columns: readonly string[] | undefined,
  maxCategories: number,
): FeatureEncoding {
  const encoding = fitColumnsEncoding(reference, columns, maxCategories);
  return { ...encoding, ...fitStandardisation(encodeRaw(encoding, reference, 'reference')) };
}

/** The imputed, one-hot encoded (not yet standardised) matrix of a table. */
export function encodeRaw(encoding: ColumnsEncoding, input: TableInput, side: string): Matrix {
  const table = readTable(
    input,
    side,
    encoding.columns.map(column => column.name),
  );
  const width = encoding.features.length;
  const data = new Float64Array(table.rowCount * width);
  let offset = 0;
  for (const column of encoding.columns) {
    const values = table.columns.get(column.name)?.values;
    if (values === undefined) {
      throw new InvalidInputError({
        code: 'COLUMN_MISSING',
        message: `Column "${column.name}" is missing from the ${side} data.`,
        details: { path: column.name, column: column.name, side },
      });
    }
    const read = reader(values);
    if (column.kind === 'numeric') {
      for (let row = 0; row < table.rowCount; row += 1) {
        const value = asNumber(read(row));
        data[row * width + offset] = Number.isNaN(value) ? column.mean : value;
      }
      offset += 1;
      continue;
    }
    const position = new Map(column.categories.map((category, index) => [category, index]));
    for (let row = 0; row < table.rowCount; row += 1) {
      const category = asCategory(read(row)) ?? column.mostFrequent;
      const index = position.get(category);
      if (index !== undefined) data[row * width + offset + index] = 1;
    }
    offset += column.categories.length;
  }
  return { rows: table.rowCount, columns: width, data };
}

/** Encodes and standardises a table with a fitted encoding. */
export function encodeFeatures(encoding: FeatureEncoding, input: TableInput, side: string): Matrix {
  const matrix = encodeRaw(encoding, input, side);
  const { rows, columns, data } = matrix;
  for (let row = 0; row < rows; row += 1) {
    for (let feature = 0; feature < columns; feature += 1) {
      const index = row * columns + feature;
      data[index] =
        ((data[index] as number) - (encoding.means[feature] as number)) /
        (encoding.deviations[feature] as number);
    }
  }
  return matrix;
}

/** Rows `start..end` of a matrix (a view, no copy). */
export function sliceRows(matrix: Matrix, start: number, end: number): Matrix {
  return {
    rows: end - start,
    columns: matrix.columns,
    data: matrix.data.subarray(start * matrix.columns, end * matrix.columns),
  };
}
