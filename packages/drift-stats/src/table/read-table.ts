import { InvalidInputError } from '@ballast/contracts';
import { ArrowTypeId } from '@ballast/kit';
import type { Vector } from 'apache-arrow';
import { isArrowVector } from '../input/arrow-guards';
import type { CategoricalInput } from '../input/categorical-column';
import type { NumericInput } from '../input/numeric-column';

/** One column given whole: an Arrow vector, a typed array or a plain array. */
export type ColumnInput = NumericInput | CategoricalInput;

/**
 * An Apache Arrow `Table`, recognised by its shape rather than by class, so a table built with
 * the application's own copy (or version) of apache-arrow is accepted.
 */
export interface ArrowTableLike {
  /** Rows of the table. */
  readonly numRows: number;
  /** The record batches (one chunk per column each). */
  readonly batches: readonly unknown[];
  /** Column names and Arrow types. */
  readonly schema: {
    readonly fields: ReadonlyArray<{
      readonly name: string;
      readonly type: { readonly typeId: number };
    }>;
  };
  /** The column vector named `name`. */
  getChild(name: string): unknown;
}

/** What `detectDrift` compares: an Arrow table, an array of records, or named columns. */
export type TableInput =
  | ArrowTableLike
  | ReadonlyArray<Record<string, unknown>>
  | Readonly<Record<string, ColumnInput>>;

/** The feature type of a column as the drift report names it; `undefined` when it cannot be told (all missing). */
export type ColumnFeatureType = 'numeric' | 'categorical' | 'boolean' | undefined;

/** One column of a table, typed. */
export interface TableColumn {
  name: string;
  featureType: ColumnFeatureType;
  values: ColumnInput;
}

/** A table reduced to its typed columns. */
export interface ReadTable {
  rowCount: number;
  columns: Map<string, TableColumn>;
}

/**
 * True when `input` looks like an Apache Arrow `Table`.
 */
export function isArrowTable(input: unknown): input is ArrowTableLike {
  return (
    input !== null &&
    typeof input === 'object' &&
    Array.isArray((input as { batches?: unknown }).batches) &&
    typeof (input as { schema?: unknown }).schema === 'object' &&
    typeof (input as { getChild?: unknown }).getChild === 'function'
  );
}

function unsupportedColumn(name: string, side: string, received: string): InvalidInputError {
  return new InvalidInputError({
    code: 'COLUMN_TYPE_UNSUPPORTED',
    message: `Column "${name}" of the ${side} data is ${received}; drift detection supports numeric, boolean and string/dictionary columns. Leave it out with the \`columns\` option.`,
    details: { path: name, column: name, side, received },
  });
}

function arrowFeatureType(
  name: string,
  side: string,
  typeId: number,
  typeName: string,
): ColumnFeatureType {
  switch (typeId) {
    case ArrowTypeId.Int:
    case ArrowTypeId.Float:
      return 'numeric';
    case ArrowTypeId.Bool:
      return 'boolean';
    case ArrowTypeId.Utf8:
    case ArrowTypeId.LargeUtf8:
    case ArrowTypeId.Dictionary:
      return 'categorical';
    default:
      throw unsupportedColumn(name, side, `an Arrow ${typeName} column`);
  }
}

function valuesFeatureType(
  name: string,
  side: string,
  values: ArrayLike<unknown>,
): ColumnFeatureType {
  let type: ColumnFeatureType;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value)))
      continue;
    const kind =
      typeof value === 'number' || typeof value === 'bigint'
        ? 'numeric'
        : typeof value === 'boolean'
          ? 'boolean'
          : typeof value === 'string'
            ? 'categorical'
            : undefined;
    if (kind === undefined)
      throw unsupportedColumn(name, side, `holding a ${typeof value} at row ${index}`);
    // Mixed kinds are read as labels, as pandas' object dtype is in Evidently.
    type = type === undefined || type === kind ? kind : 'categorical';
  }
  return type;
}

function columnFeatureType(name: string, side: string, values: ColumnInput): ColumnFeatureType {
  if (isArrowVector(values))
    return arrowFeatureType(name, side, values.type.typeId, String(values.type));
  if (ArrayBuffer.isView(values)) return 'numeric';
  if (Array.isArray(values)) return valuesFeatureType(name, side, values);
  throw unsupportedColumn(name, side, `a ${typeof values}`);
}

/**
 * Reads an Arrow table (columns zero-copy), an array of records (transposed once) or named
 * columns into typed columns. Unsupported column types are typed errors naming the column.
 */
export function readTable(
  input: TableInput,
  side: string,
  only?: ReadonlyArray<string>,
): ReadTable {
  const columns = new Map<string, TableColumn>();
  const wanted = only ? new Set(only) : undefined;
  if (isArrowTable(input)) {
    for (const field of input.schema.fields) {
      if (wanted && !wanted.has(field.name)) continue;
      const vector = input.getChild(field.name) as Vector | null;
      if (!vector) continue;
      const featureType = arrowFeatureType(field.name, side, field.type.typeId, String(field.type));
      columns.set(field.name, { name: field.name, featureType, values: vector });
    }
    return { rowCount: input.numRows, columns };
  }
  if (Array.isArray(input)) {
    const records = input as ReadonlyArray<Record<string, unknown>>;
    const names = new Set<string>();
    for (const record of records)
      for (const key of Object.keys(record)) if (!wanted || wanted.has(key)) names.add(key);
    for (const name of names) {
      const values = records.map(record => record[name]) as ColumnInput;
      columns.set(name, { name, featureType: columnFeatureType(name, side, values), values });
    }
    return { rowCount: records.length, columns };
  }
  if (input === null || typeof input !== 'object') {
    throw new InvalidInputError({
      code: 'INVALID_TABLE',
      message: `${side} must be an Arrow Table, an array of records or an object of named columns.`,
      details: { path: side, received: input === null ? 'null' : typeof input },
    });
  }
  let rowCount = 0;
  for (const [name, values] of Object.entries(input as Record<string, ColumnInput>)) {
    if (wanted && !wanted.has(name)) continue;
    columns.set(name, { name, featureType: columnFeatureType(name, side, values), values });
    rowCount = Math.max(rowCount, (values as { length: number }).length);
  }
  return { rowCount, columns };
}
