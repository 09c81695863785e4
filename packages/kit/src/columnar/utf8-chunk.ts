import { InvalidInputError } from '@ballast/contracts';
import { type ArrowDataLike, ArrowTypeId, assertBufferLength } from './arrow-data-like';
import { int64Halves, TWO_TO_32 } from './int64-halves';

/** The bytes of a Utf8 or LargeUtf8 chunk with 32-bit row boundaries. */
export interface Utf8Chunk {
  /** UTF-8 bytes of the chunk's rows. */
  bytes: Uint8Array;
  /** Row `r` is `bytes[offsets[r]]` up to (not including) `bytes[offsets[r + 1]]`; `rows + 1` entries. */
  offsets: Int32Array;
  /** Rows in the chunk. */
  rows: number;
}

/** Throws unless the rows' bytes `[first, last)` lie inside `bytes`. */
function checkByteRange(first: number, last: number, bytes: Uint8Array, field: string): void {
  if (first < 0 || last < first || last > bytes.length) {
    throw new InvalidInputError({
      code: 'ARROW_BUFFER_TOO_SHORT',
      message: `${field}: the chunk's offsets run from ${first} to ${last}, outside its ${bytes.length} bytes of text. The Arrow data is malformed.`,
      details: { path: field, first, last, bytes: bytes.length },
    });
  }
}

/** True when the chunk is Utf8 or LargeUtf8 (not a dictionary). */
export function isUtf8Chunk(chunk: ArrowDataLike): boolean {
  return chunk.typeId === ArrowTypeId.Utf8 || chunk.typeId === ArrowTypeId.LargeUtf8;
}

/**
 * The bytes and row boundaries of a Utf8 or LargeUtf8 chunk, for per-row checks (byte
 * length of row `r` is `offsets[r + 1] - offsets[r]`). Utf8 offsets are returned as they
 * are; LargeUtf8's 64-bit offsets are narrowed once into an Int32Array (a chunk of more than
 * 2 GiB of text is refused). Validity is read with `isValidAt`.
 *
 * @throws InvalidInputError `COLUMN_NOT_UTF8` for other types, `UTF8_CHUNK_TOO_LARGE` past 2 GiB,
 *   `ARROW_BUFFER_TOO_SHORT` when the offsets do not fit the rows or point outside the bytes.
 */
export function utf8Chunk(chunk: ArrowDataLike, field = 'column'): Utf8Chunk {
  const rows = chunk.length;
  const bytes = chunk.values as Uint8Array;
  const offsets = chunk.valueOffsets;
  if (!isUtf8Chunk(chunk) || !offsets) {
    throw new InvalidInputError({
      code: 'COLUMN_NOT_UTF8',
      message: `${field} is an Arrow column of type id ${chunk.typeId}; a Utf8 or LargeUtf8 column was expected.`,
      details: { path: field, typeId: chunk.typeId },
    });
  }
  assertBufferLength(offsets, rows + 1, field, 'value offsets');
  if (offsets instanceof Int32Array) {
    checkByteRange(offsets[0] as number, offsets[rows] as number, bytes, field);
    return { bytes, offsets, rows };
  }
  // Offsets only grow, so checking the last one bounds them all.
  const { lo, hi } = int64Halves(offsets, rows + 1);
  const first = (hi[1] as number) * TWO_TO_32 + (lo[0] as number);
  const last = (hi[2 * rows + 1] as number) * TWO_TO_32 + (lo[2 * rows] as number);
  if (last > 0x7fffffff) {
    throw new InvalidInputError({
      code: 'UTF8_CHUNK_TOO_LARGE',
      message: `${field} has a LargeUtf8 chunk whose offsets run to ${last}; chunks up to 2 GiB of text are supported. Read the file in smaller batches.`,
      details: { path: field, lastOffset: last },
    });
  }
  checkByteRange(first, last, bytes, field);
  const narrow = new Int32Array(rows + 1);
  for (let index = 0; index <= rows; index++) narrow[index] = lo[2 * index] as number;
  return { bytes, offsets: narrow, rows };
}
