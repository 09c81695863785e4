import { type ArrowDataLike, ArrowTypeId, activeBitmap } from './arrow-data-like';
import { int64Halves, TWO_TO_32 } from './int64-halves';

/** The bytes holding bits `[offset, offset + length)`, copied; bit `offset` lands at `offset & 7`. */
function copyBits(bits: Uint8Array, offset: number, length: number): Uint8Array {
  const first = offset >> 3;
  return bits.slice(first, first + (((offset & 7) + length + 7) >> 3));
}

function rebasedOffsets(offsets: Int32Array | BigInt64Array, rows: number) {
  if (offsets instanceof Int32Array) {
    const start = offsets[0] as number;
    if (start === 0)
      return { start, end: offsets[rows] as number, rebased: offsets.slice(0, rows + 1) };
    const rebased = new Int32Array(rows + 1);
    for (let row = 0; row <= rows; row++) rebased[row] = (offsets[row] as number) - start;
    return { start, end: offsets[rows] as number, rebased };
  }
  const { lo, hi } = int64Halves(offsets, rows + 1);
  const at = (row: number) => (hi[2 * row + 1] as number) * TWO_TO_32 + (lo[2 * row] as number);
  const start = at(0);
  const end = at(rows);
  if (start === 0) return { start, end, rebased: offsets.slice(0, rows + 1) };
  const rebased = new BigInt64Array(rows + 1);
  // Written through 32-bit halves: a BigInt per row would cost more than the copy.
  const words = new Uint32Array(rebased.buffer);
  if (end < TWO_TO_32) {
    // Every offset fits the low word (high words stay 0): one subtraction per row.
    for (let row = 0; row <= rows; row++) words[2 * row] = (lo[2 * row] as number) - start;
    return { start, end, rebased };
  }
  for (let row = 0; row <= rows; row++) {
    const value = at(row) - start;
    words[2 * row] = value % TWO_TO_32;
    words[2 * row + 1] = Math.floor(value / TWO_TO_32);
  }
  return { start, end, rebased };
}

/**
 * A copy of a chunk holding only its own rows, in fresh buffers: values from 0, string bytes
 * and offsets rebased, bitmaps cut to the bytes the rows use (`offset` becomes `offset & 7`).
 * Used to keep slices of chunks that point into memory about to be freed (a wasm heap), at
 * the cost of the selected rows only. Dictionaries are kept as they are.
 */
export function compactChunk(chunk: ArrowDataLike): ArrowDataLike {
  const { length, offset } = chunk;
  const bitmap = activeBitmap(chunk);
  const base = {
    ...chunk,
    offset: offset & 7,
    nullCount: bitmap ? chunk.nullCount : 0,
    nullBitmap: bitmap ? copyBits(bitmap, offset, length) : undefined,
  };
  if (chunk.valueOffsets) {
    const { start, end, rebased } = rebasedOffsets(chunk.valueOffsets, length);
    return {
      ...base,
      values: (chunk.values as Uint8Array).slice(start, end),
      valueOffsets: rebased,
    };
  }
  if (chunk.typeId === ArrowTypeId.Bool) {
    return { ...base, values: copyBits(chunk.values as Uint8Array, offset, length) };
  }
  return { ...base, values: chunk.values.slice(0, length) as ArrowDataLike['values'] };
}
