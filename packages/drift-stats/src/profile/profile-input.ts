import { InvalidInputError, type LogicalType } from '@ballast/contracts';
import { Data, makeVector, Type, type Vector } from 'apache-arrow';
import { isArrowVector } from '../input/arrow-guards';
import {
  type CategoricalColumn,
  type CategoricalInput,
  toCategoricalColumn,
} from '../input/categorical-column';
import { type NumericColumn, type NumericInput, toNumericColumn } from '../input/numeric-column';
import {
  type ColumnInput,
  readTable,
  type TableColumn,
  type TableInput,
} from '../table/read-table';

/**
 * What {@link profile} accepts: an Arrow table (read RecordBatch by RecordBatch), an array of
 * records, or an object of named columns — the same inputs as `detectDrift`.
 */
export type ProfileInput = TableInput;

/** How a column is summarised: numeric columns get moments, a sketch and a histogram. */
export type ColumnKind = 'numeric' | 'categorical';

/** One input column, readable chunk by chunk (one chunk per Arrow RecordBatch). */
export interface ColumnSource {
  name: string;
  kind: ColumnKind;
  type: LogicalType;
  chunks: () => Iterable<ColumnInput>;
}

/** The columns of an input, in input order, and its row count. */
export interface ProfileSource {
  rowCount: number;
  columns: ColumnSource[];
}

function logicalType(column: TableColumn): LogicalType {
  const { featureType, values } = column;
  if (featureType === undefined) return 'null';
  if (featureType === 'boolean') return 'boolean';
  if (isArrowVector(values)) {
    if (values.type.typeId === Type.Dictionary) return 'categorical';
    if (values.type.typeId === Type.Int) return 'integer';
    return featureType === 'numeric' ? 'float' : 'string';
  }
  if (featureType === 'categorical') return 'string';
  const floating =
    values instanceof Float64Array || values instanceof Float32Array || Array.isArray(values);
  return floating ? 'float' : 'integer';
}

/**
 * One chunk as a single-chunk vector: an apache-arrow `Data` through `makeVector`; a chunk of
 * another Arrow-shaped reader (kit's Parquet reader) wrapped as is, for the readers that take
 * Arrow by shape.
 */
function chunkVector(data: Data): Vector {
  if (data instanceof Data) return makeVector(data);
  const shaped = data as { type: unknown; length: number };
  return { type: shaped.type, length: shaped.length, data: [data] } as unknown as Vector;
}

/**
 * Describes the columns of any profile input without copying it (the table reading of
 * `detectDrift`): Arrow columns expose one chunk per RecordBatch, records are gathered column
 * by column, typed arrays pass through. Names in `only` must exist; columns must have equal
 * lengths.
 */
export function readProfileInput(input: ProfileInput, only?: readonly string[]): ProfileSource {
  const table = readTable(input, 'input', only);
  for (const name of only ?? []) {
    if (!table.columns.has(name)) {
      throw new InvalidInputError({
        code: 'COLUMN_MISSING',
        message: `Column "${name}" named in options.columns is not in the input (columns: ${[...table.columns.keys()].join(', ')}).`,
        details: { path: 'columns', column: name },
      });
    }
  }
  const columns = (only ?? [...table.columns.keys()]).map(
    name => table.columns.get(name) as TableColumn,
  );
  const lengths = new Set(columns.map(column => (column.values as { length: number }).length));
  if (lengths.size > 1) {
    throw new InvalidInputError({
      code: 'COLUMN_LENGTH_MISMATCH',
      message: `The columns have different lengths (${[...lengths].join(', ')}); every column needs one entry per row.`,
      details: { path: 'input', lengths: [...lengths] },
    });
  }
  return {
    rowCount: table.rowCount,
    columns: columns.map(column => {
      const { values } = column;
      return {
        name: column.name,
        kind: column.featureType === 'numeric' ? 'numeric' : 'categorical',
        type: logicalType(column),
        chunks: isArrowVector(values)
          ? () => (values as Vector).data.map(chunkVector)
          : () => [values],
      };
    }),
  };
}

/**
 * A column whose chunks are already reduced to finite values (numeric) or category counts
 * (categorical): what the column summaries consume, and what is sent to worker threads.
 */
export type PreparedColumn =
  | { name: string; kind: 'numeric'; type: LogicalType; chunks: () => Iterable<NumericColumn> }
  | {
      name: string;
      kind: 'categorical';
      type: LogicalType;
      chunks: () => Iterable<CategoricalColumn>;
    };

/** Reduces each chunk of a column lazily, one RecordBatch at a time. */
export function prepareColumn(source: ColumnSource): PreparedColumn {
  const { name, type } = source;
  if (source.kind === 'numeric') {
    return {
      name,
      kind: 'numeric',
      type,
      chunks: function* () {
        for (const chunk of source.chunks()) yield toNumericColumn(chunk as NumericInput, name);
      },
    };
  }
  return {
    name,
    kind: 'categorical',
    type,
    chunks: function* () {
      for (const chunk of source.chunks())
        yield toCategoricalColumn(chunk as CategoricalInput, name);
    },
  };
}
