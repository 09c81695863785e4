import type { InferencePayload, TensorData } from '@ballast/contracts';
import type { CellValue } from './cell-value';

/** Column names per tensor: `{ x: ['temp_max', 'precipitation', 'wind'] }`. */
export type FeatureNames = Readonly<Record<string, readonly string[]>>;

/**
 * One column of a request read in place from its tensor: row `r` is
 * `data[offset + r * stride]` (missing when beyond the data).
 */
export interface ColumnView {
  /** The tensor's flat row-major elements. */
  data: readonly CellValue[];
  /** Index of row 0's element. */
  offset: number;
  /** Elements per row of the tensor. */
  stride: number;
}

/** The rows of one served request, column by column. */
export interface PayloadRows {
  /** Row ids: the request id, suffixed `#<row>` when the request carries a batch of rows. */
  ids: string[];
  /** When the request was received, in epoch milliseconds. */
  receivedAt: number;
  /** Columns by name, each covering `ids.length` rows. */
  columns: Map<string, ColumnView>;
}

/** The value of `row` in a column view (null when absent). */
export function cellAt(view: ColumnView, row: number): CellValue {
  const value = view.data[view.offset + row * view.stride];
  return value === undefined ? null : value;
}

interface TensorLike {
  name: string;
  shape: number[];
  data?: TensorData | undefined;
}

// Tensors wider than this (images, embeddings) are not split into per-element columns: their
// drift is not a per-feature question and the column count would be unbounded.
const MAX_COLUMNS_PER_TENSOR = 256;
const NO_NAMES: FeatureNames = {};
// Column names per tensor and width, computed once per `features` option rather than per request.
const nameCache = new WeakMap<FeatureNames, Map<string, string[]>>();

function flatten(data: TensorData, into: CellValue[]): void {
  for (const item of data) {
    if (Array.isArray(item)) flatten(item, into);
    else into.push(item as CellValue);
  }
}

function columnNames(
  names: FeatureNames,
  tensor: string,
  width: number,
  single: boolean,
): string[] {
  let cache = nameCache.get(names);
  if (!cache) {
    cache = new Map();
    nameCache.set(names, cache);
  }
  const key = `${single ? 's' : 'm'}${width}\u0000${tensor}`;
  let list = cache.get(key);
  if (!list) {
    // A rank-1 tensor is one value per row, named after the tensor unless `features` names it.
    list = single
      ? [names[tensor]?.[0] ?? tensor]
      : Array.from(
          { length: width },
          (_, column) => names[tensor]?.[column] ?? `${tensor}_${column}`,
        );
    cache.set(key, list);
  }
  return list;
}

function addTensor(
  tensor: TensorLike,
  names: FeatureNames,
  columns: Map<string, ColumnView>,
  batchFromShape: boolean,
): void {
  if (tensor.data === undefined) return;
  // Row-major flat data (the usual JSON form) is read in place; nested data is flattened once.
  let flat = tensor.data as CellValue[];
  if (flat.some(Array.isArray)) {
    flat = [];
    flatten(tensor.data, flat);
  }
  let width = 1;
  for (let dimension = batchFromShape ? 1 : 0; dimension < tensor.shape.length; dimension += 1) {
    width *= tensor.shape[dimension] as number;
  }
  if (width < 1 || width > MAX_COLUMNS_PER_TENSOR) return;
  const list = columnNames(names, tensor.name, width, tensor.shape.length <= 1);
  for (let column = 0; column < list.length; column += 1) {
    columns.set(list[column] as string, { data: flat, offset: column, stride: width });
  }
}

/**
 * Splits a served request into rows: the first dimension of each tensor is the batch, the
 * remaining dimensions are columns named by `names` (default `<tensor>_<index>`; a rank-1
 * tensor is one column named after the tensor). Outputs are read the same way from the
 * response; a failed request contributes its inputs with missing outputs.
 */
export function payloadRows(
  payload: InferencePayload,
  names: FeatureNames = NO_NAMES,
): PayloadRows {
  const inputs = payload.request.inputs;
  const first = inputs[0];
  const rows = first === undefined ? 1 : first.shape.length === 0 ? 1 : (first.shape[0] ?? 1);
  const columns = new Map<string, ColumnView>();
  for (const input of inputs) addTensor(input, names, columns, input.shape.length > 0);
  for (const output of payload.response?.outputs ?? []) {
    addTensor(output, names, columns, output.shape.length > 0);
  }
  const ids =
    rows === 1
      ? [payload.requestId]
      : Array.from({ length: rows }, (_, row) => `${payload.requestId}#${row}`);
  const receivedAt = Date.parse(payload.receivedAt);
  return { ids, receivedAt: Number.isNaN(receivedAt) ? Date.now() : receivedAt, columns };
}
