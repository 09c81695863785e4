import type { NumericTensorArray, TensorData, TypedInferencePayload } from '@ballast/contracts';
import { int64JsonValue } from '@ballast/kit';
import type { CellValue } from './cell-value';

/** Column names per tensor: `{ x: ['temp_max', 'precipitation', 'wind'] }`. */
export type FeatureNames = Readonly<Record<string, readonly string[]>>;

/**
 * One column of a request read in place from its tensor: row `r` is
 * `data[offset + r * stride]` (missing when beyond the data).
 */
export interface ColumnView {
  /** The tensor's flat row-major elements. */
  data: TensorElements;
  /** Index of row 0's element. */
  offset: number;
  /** Elements per row of the tensor. */
  stride: number;
}

/** A tensor's flat row-major elements: JSON values, or a typed array of numbers. */
export type TensorElements = readonly CellValue[] | NumericTensorArray;

/** The columns of one tensor: row `r`, column `c` is `data[r * width + c]`. */
export interface TensorColumns {
  /** The tensor's flat row-major elements. */
  data: TensorElements;
  /** Elements per row. */
  width: number;
  /** Column names, one per element of a row (the same array for every request of a shape). */
  names: readonly string[];
  /** The tensor's name (set by {@link payloadRows}, which reuses entries by it). */
  tensor?: string;
  /** Whether the tensor is rank 1, one value per row (set by {@link payloadRows}). */
  single?: boolean;
}

/** The rows of one served request, tensor by tensor. */
export interface PayloadRows {
  /** The request id. */
  requestId: string;
  /** Rows the request carries. */
  count: number;
  /** When the request was received, in epoch milliseconds. */
  receivedAt: number;
  /** Tensors split into columns, inputs then outputs. */
  tensors: TensorColumns[];
}

/** An empty {@link PayloadRows}, to read requests into (see {@link payloadRows}). */
export function emptyPayloadRows(): PayloadRows {
  return { requestId: '', count: 0, receivedAt: 0, tensors: [] };
}

/** A row's id: the request id, suffixed `#<row>` when the request carries a batch of rows. */
export function rowId(rows: PayloadRows, row: number): string {
  return rows.count === 1 ? rows.requestId : `${rows.requestId}#${row}`;
}

/** The named column of a request (the last tensor naming it wins), or undefined. */
export function findColumn(rows: PayloadRows, name: string): ColumnView | undefined {
  for (let tensor = rows.tensors.length - 1; tensor >= 0; tensor -= 1) {
    const { data, width, names } = rows.tensors[tensor] as TensorColumns;
    const column = names.lastIndexOf(name);
    if (column >= 0) return { data, offset: column, stride: width };
  }
  return undefined;
}

/** The value of `row` in a column view (null when absent). */
export function cellAt(view: ColumnView, row: number): CellValue {
  const value = view.data[view.offset + row * view.stride];
  return value === undefined ? null : value;
}

interface TensorLike {
  name: string;
  shape: number[];
  data?: TensorData | NumericTensorArray | undefined;
}

// Tensors wider than this (images, embeddings) are not split into per-element columns: their
// drift is not a per-feature question and the column count would be unbounded.
const MAX_COLUMNS_PER_TENSOR = 256;
const NO_NAMES: FeatureNames = {};
// Column names per tensor, shape kind and width, computed once per `features` option rather
// than per request (keys are numbers, so a lookup allocates nothing).
const nameCache = new WeakMap<FeatureNames, Map<string, Map<number, string[]>>>();

// Flat cells of JSON tensor data. A bigint, which only a caller without types can pass, becomes
// what serving-core writes for a 64-bit integer in JSON: a number when exact, else its decimal
// string; so every later step (counts, sample, checkpoints, analyses) sees cells only.
function flatten(data: readonly unknown[], into: CellValue[]): void {
  for (const item of data) {
    if (Array.isArray(item)) flatten(item, into);
    else into.push(typeof item === 'bigint' ? int64JsonValue(item) : (item as CellValue));
  }
}

// Whether JSON data needs `flatten` (nested rows, or bigint cells). A loop rather than
// `data.some(...)`: a callback per element was a tenth of ingestion.
function needsFlattening(data: readonly unknown[]): boolean {
  for (let index = 0; index < data.length; index += 1) {
    const item = data[index];
    if (Array.isArray(item) || typeof item === 'bigint') return true;
  }
  return false;
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
  let byWidth = cache.get(tensor);
  if (!byWidth) {
    byWidth = new Map();
    cache.set(tensor, byWidth);
  }
  const key = single ? -width : width;
  let list = byWidth.get(key);
  if (!list) {
    // A rank-1 tensor is one value per row, named after the tensor unless `features` names it.
    list = single
      ? [names[tensor]?.[0] ?? tensor]
      : Array.from(
          { length: width },
          (_, column) => names[tensor]?.[column] ?? `${tensor}_${column}`,
        );
    byWidth.set(key, list);
  }
  return list;
}

// Adds a tensor's columns at `tensors[used]` and returns the new count of tensors. The entry
// already there is reused when it describes the same tensor (name, width, rank kind), as it does
// for every request of a service but the first: the column names are then not looked up again
// and nothing is allocated.
function addTensor(
  tensor: TensorLike,
  names: FeatureNames,
  tensors: TensorColumns[],
  used: number,
  batchFromShape: boolean,
): number {
  const data = tensor.data;
  if (data === undefined) return used;
  // Typed arrays and row-major flat data (the usual JSON form) are read in place; nested data is
  // flattened once.
  let flat: TensorElements;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    // Outside NumericTensorArray, but a caller without types may pass one: its cells as flatten
    // makes them.
    flat = Array.from(data as ArrayLike<bigint>, int64JsonValue);
  } else if (ArrayBuffer.isView(data)) flat = data;
  else if (needsFlattening(data)) {
    const cells: CellValue[] = [];
    flatten(data, cells);
    flat = cells;
  } else flat = data as CellValue[];
  let width = 1;
  for (let dimension = batchFromShape ? 1 : 0; dimension < tensor.shape.length; dimension += 1) {
    width *= tensor.shape[dimension] as number;
  }
  if (width < 1 || width > MAX_COLUMNS_PER_TENSOR) return used;
  const single = tensor.shape.length <= 1;
  const entry = tensors[used];
  if (
    entry !== undefined &&
    entry.width === width &&
    entry.single === single &&
    entry.tensor === tensor.name
  ) {
    entry.data = flat;
  } else {
    tensors[used] = {
      data: flat,
      width,
      names: columnNames(names, tensor.name, width, single),
      tensor: tensor.name,
      single,
    };
  }
  return used + 1;
}

// Date.parse of every record's ISO timestamp is measurable at hundreds of thousands of records
// per second; records arrive in time order, so the seconds are parsed once and the milliseconds
// read from the string while it shares the last one's prefix (`YYYY-MM-DDTHH:MM:SS.`).
let lastPrefix = '';
let lastSecondMs = Number.NaN;

/** Epoch milliseconds of an ISO 8601 timestamp (NaN when it does not parse). */
export function parseTimestamp(text: string): number {
  const length = text.length;
  // The common form `...SS.mmmZ`: a cached prefix plus three digits.
  if (length >= 24 && text.charCodeAt(length - 1) === 90 && text.charCodeAt(length - 5) === 46) {
    const d0 = text.charCodeAt(length - 4) - 48;
    const d1 = text.charCodeAt(length - 3) - 48;
    const d2 = text.charCodeAt(length - 2) - 48;
    if (d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9) {
      const prefixLength = length - 4;
      if (
        lastPrefix.length !== prefixLength ||
        !text.startsWith(lastPrefix) ||
        Number.isNaN(lastSecondMs)
      ) {
        // Hour 24 is valid only as 24:00:00.000: such a text is parsed on its own.
        const hour24 =
          text.charCodeAt(prefixLength - 9) === 50 && text.charCodeAt(prefixLength - 8) === 52;
        const second = hour24 ? Number.NaN : Date.parse(`${text.slice(0, prefixLength)}000Z`);
        if (Number.isNaN(second)) return Date.parse(text);
        lastPrefix = text.slice(0, prefixLength);
        lastSecondMs = second;
      }
      return lastSecondMs + d0 * 100 + d1 * 10 + d2;
    }
  }
  return Date.parse(text);
}

/**
 * Splits a served request into rows: the first dimension of each tensor is the batch, the
 * remaining dimensions are columns named by `names` (default `<tensor>_<index>`; a rank-1
 * tensor is one column named after the tensor). Outputs are read the same way from the
 * response; a failed request contributes its inputs with missing outputs.
 *
 * With `into`, the rows are written into that object (and its tensor entries) and it is returned:
 * a monitor reads every served request through one such object (always with the same `names`),
 * as each is read in full before the next, so ingestion allocates nothing per request. Without
 * it, a new object is returned.
 */
export function payloadRows(
  payload: TypedInferencePayload,
  names: FeatureNames = NO_NAMES,
  into?: PayloadRows,
): PayloadRows {
  const inputs = payload.request.inputs;
  const first = inputs[0];
  const rows = first === undefined ? 1 : first.shape.length === 0 ? 1 : (first.shape[0] ?? 1);
  const target = into ?? emptyPayloadRows();
  const tensors = target.tensors;
  let used = 0;
  for (let index = 0; index < inputs.length; index += 1) {
    const input = inputs[index] as TensorLike;
    used = addTensor(input, names, tensors, used, input.shape.length > 0);
  }
  const outputs = payload.response?.outputs;
  if (outputs !== undefined) {
    for (let index = 0; index < outputs.length; index += 1) {
      const output = outputs[index] as TensorLike;
      used = addTensor(output, names, tensors, used, output.shape.length > 0);
    }
  }
  if (tensors.length !== used) tensors.length = used;
  const receivedAt = parseTimestamp(payload.receivedAt);
  target.requestId = payload.requestId;
  target.count = rows;
  target.receivedAt = Number.isNaN(receivedAt) ? Date.now() : receivedAt;
  return target;
}
