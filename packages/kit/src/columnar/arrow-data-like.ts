import { InvalidInputError } from '@ballast/contracts';

// Apache Arrow's in-memory layout typed by shape, so kit reads columns from any apache-arrow
// copy (or version >= 13) without depending on the package.

/**
 * Arrow's stable type ids (the `Type` enum of apache-arrow), for the types kit reads.
 * Negative ids are apache-arrow's concrete subtypes; `Data.typeId` always holds the positive one.
 */
export const ArrowTypeId = {
  Null: 1,
  Int: 2,
  Float: 3,
  Binary: 4,
  Utf8: 5,
  Bool: 6,
  Decimal: 7,
  Date: 8,
  Time: 9,
  Timestamp: 10,
  Interval: 11,
  Duration: 18,
  LargeBinary: 19,
  LargeUtf8: 20,
  Dictionary: -1,
} as const;

/** Any typed array an Arrow buffer may be held in. */
export type ArrowBuffer =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/**
 * One contiguous chunk of an Arrow column (apache-arrow's `Data`), typed by shape.
 *
 * apache-arrow's convention holds: `values` and `valueOffsets` already start at the chunk's
 * first row (slicing subarrays them), while `nullBitmap` (and a Bool chunk's `values`) are
 * addressed at bit `offset + row`.
 */
export interface ArrowDataLike {
  /** The Arrow type id ({@link ArrowTypeId}). */
  readonly typeId: number;
  /** The Arrow type; only `typeId` and, for Float, `precision` (0 = half) are read. */
  readonly type: { readonly typeId: number; readonly precision?: number };
  /** Rows in the chunk. */
  readonly length: number;
  /** Bit offset of row 0 in `nullBitmap` (and in a Bool chunk's `values`). */
  readonly offset: number;
  /** Null rows; 0 means the bitmap need not be read. */
  readonly nullCount: number;
  /** Validity bitmap (bit set = valid), LSB first; may be absent or empty when nothing is null. */
  readonly nullBitmap?: Uint8Array | null | undefined;
  /** The value buffer: numbers, dictionary indices or UTF-8 bytes. */
  readonly values: ArrowBuffer;
  /** Row boundaries into `values` for Utf8 (Int32Array) and LargeUtf8 (BigInt64Array). */
  readonly valueOffsets?: Int32Array | BigInt64Array | null | undefined;
  /** The dictionary of a Dictionary chunk. */
  readonly dictionary?: ArrowVectorLike | null | undefined;
  /** Child chunks of nested types (not read by kit). */
  readonly children?: readonly ArrowDataLike[];
}

/** An Arrow column (apache-arrow's `Vector`), typed by shape: its chunks. */
export interface ArrowVectorLike {
  /** Rows over all chunks. */
  readonly length: number;
  /** The chunks, in row order. */
  readonly data: readonly ArrowDataLike[];
}

/** What the columnar readers accept: a vector, one chunk, or a list of chunks. */
export type ArrowColumnLike = ArrowVectorLike | ArrowDataLike | readonly ArrowDataLike[];

/** True when `value` is shaped like an Arrow chunk (`Data`). */
export function isArrowDataLike(value: unknown): value is ArrowDataLike {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { typeId?: unknown }).typeId === 'number' &&
    typeof (value as { length?: unknown }).length === 'number' &&
    typeof (value as { offset?: unknown }).offset === 'number' &&
    ArrayBuffer.isView((value as { values?: unknown }).values)
  );
}

/** True when `value` is shaped like an Arrow column (`Vector`): a `data` array of chunks. */
export function isArrowVectorLike(value: unknown): value is ArrowVectorLike {
  return (
    value !== null &&
    typeof value === 'object' &&
    Array.isArray((value as { data?: unknown }).data) &&
    typeof (value as { length?: unknown }).length === 'number'
  );
}

/** The chunks of a column given as a vector, one chunk or a list of chunks. */
export function arrowChunks(column: ArrowColumnLike): readonly ArrowDataLike[] {
  if (Array.isArray(column)) return column as readonly ArrowDataLike[];
  if (isArrowVectorLike(column)) return column.data;
  return [column as ArrowDataLike];
}

/** True when row `row` of `chunk` holds a value (its validity bit is set, or it has no nulls). */
export function isValidAt(chunk: ArrowDataLike, row: number): boolean {
  const bitmap = chunk.nullBitmap;
  if (chunk.nullCount === 0 || !bitmap || bitmap.length === 0) return true;
  const bit = chunk.offset + row;
  return ((bitmap[bit >> 3] as number) & (1 << (bit & 7))) !== 0;
}

/** The validity bitmap to read, or `undefined` when every row of the chunk is valid. */
export function activeBitmap(chunk: ArrowDataLike): Uint8Array | undefined {
  const bitmap = chunk.nullBitmap;
  return chunk.nullCount === 0 || !bitmap || bitmap.length === 0 ? undefined : bitmap;
}

/**
 * Throws unless `buffer` holds at least `needed` elements. A view built over a buffer that is
 * too short would read the bytes after it (another column's, in a shared ArrayBuffer) or
 * leave rows unread, so a chunk whose buffers do not cover its rows is refused.
 *
 * @throws InvalidInputError `ARROW_BUFFER_TOO_SHORT`.
 */
export function assertBufferLength(
  buffer: { readonly length: number },
  needed: number,
  field: string,
  what: string,
): void {
  if (buffer.length < needed) {
    throw new InvalidInputError({
      code: 'ARROW_BUFFER_TOO_SHORT',
      message: `${field}: the chunk's ${what} hold ${buffer.length} entries, but its rows need ${needed}. The Arrow data is malformed.`,
      details: { path: field, buffer: what, length: buffer.length, needed },
    });
  }
}
