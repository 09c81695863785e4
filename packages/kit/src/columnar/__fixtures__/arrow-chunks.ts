// Arrow chunks built from typed arrays in apache-arrow's layout (kit has no apache-arrow):
// values/offsets subarrayed to the slice, bitmap addressed at `offset + row`.
import { type ArrowDataLike, ArrowTypeId } from '../arrow-data-like';

/** A validity bitmap for `entries` (bit set where the entry is not null). */
export function bitmapOf(entries: readonly unknown[]): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array(Math.ceil(entries.length / 8) + 1);
  let nulls = 0;
  entries.forEach((entry, index) => {
    if (entry === null) nulls++;
    else bitmap[index >> 3] = (bitmap[index >> 3] as number) | (1 << (index & 7));
  });
  return { bitmap, nulls };
}

function nullsIn(entries: readonly unknown[], start: number, length: number): number {
  return entries.slice(start, start + length).filter(entry => entry === null).length;
}

/** A slice `[start, start + length)` of a chunk over `entries`, stored in `make(entries)`. */
export function numberChunk(
  entries: ReadonlyArray<number | bigint | null>,
  typeId: number,
  make: (filled: Array<number | bigint>) => ArrowDataLike['values'],
  start = 0,
  length = entries.length - start,
  precision?: number,
): ArrowDataLike {
  const filled = entries.map(entry =>
    entry === null ? (typeof entries[0] === 'bigint' ? 0n : 0) : entry,
  );
  const values = make(filled as Array<number | bigint>);
  const { bitmap } = bitmapOf(entries);
  return {
    typeId,
    type: { typeId, ...(precision === undefined ? {} : { precision }) },
    length,
    offset: start,
    nullCount: nullsIn(entries, start, length),
    nullBitmap: bitmap,
    values: (values as Uint8Array).subarray(start, start + length) as ArrowDataLike['values'],
  };
}

/** A slice of a Utf8 (or LargeUtf8 with `large`) chunk over `entries`. */
export function stringChunk(
  entries: ReadonlyArray<string | null>,
  large = false,
  start = 0,
  length = entries.length - start,
): ArrowDataLike {
  const encoder = new TextEncoder();
  const parts = entries.map(entry => encoder.encode(entry ?? ''));
  const offsets = new Int32Array(entries.length + 1);
  parts.forEach((part, index) => {
    offsets[index + 1] = (offsets[index] as number) + part.length;
  });
  const bytes = new Uint8Array(offsets[entries.length] as number);
  parts.forEach((part, index) => {
    bytes.set(part, offsets[index] as number);
  });
  const typeId = large ? ArrowTypeId.LargeUtf8 : ArrowTypeId.Utf8;
  const sliced = offsets.subarray(start, start + length + 1);
  return {
    typeId,
    type: { typeId },
    length,
    offset: start,
    nullCount: nullsIn(entries, start, length),
    nullBitmap: bitmapOf(entries).bitmap,
    values: bytes,
    valueOffsets: large ? BigInt64Array.from(sliced, BigInt) : sliced,
  };
}

/** A Dictionary<Utf8> chunk: `indices` (null = null row) into `dictionary`. */
export function dictionaryChunk(
  indices: ReadonlyArray<number | null>,
  dictionary: ReadonlyArray<string | null>,
): ArrowDataLike {
  const typeId = ArrowTypeId.Dictionary;
  const entries = stringChunk(dictionary);
  return {
    typeId,
    type: { typeId },
    length: indices.length,
    offset: 0,
    nullCount: indices.filter(index => index === null).length,
    nullBitmap: bitmapOf(indices).bitmap,
    values: Int32Array.from(indices, index => index ?? 0),
    dictionary: { length: dictionary.length, data: [entries] },
  };
}
