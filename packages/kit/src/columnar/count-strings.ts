import { InvalidInputError } from '@ballast/contracts';
import {
  type ArrowColumnLike,
  type ArrowDataLike,
  ArrowTypeId,
  activeBitmap,
  arrowChunks,
  assertBufferLength,
  isValidAt,
} from './arrow-data-like';
import { int64Halves } from './int64-halves';
import { StringTable } from './string-table';
import { isUtf8Chunk, utf8Chunk } from './utf8-chunk';

/** Distinct values of a string column with their counts. */
export interface StringCounts {
  /** Distinct values in first-seen order, each decoded once. */
  values: string[];
  /** `counts[i]` rows hold `values[i]`. */
  counts: Float64Array;
  /** UTF-8 byte length of `values[i]`. */
  byteLengths: Int32Array;
  /** Null rows (including rows whose dictionary entry is null). */
  nulls: number;
  /** Rows read. */
  total: number;
}

/** True when {@link StringCounter} can read the chunk: Utf8, LargeUtf8, or a Dictionary of them. */
export function isStringChunk(chunk: ArrowDataLike): boolean {
  if (isUtf8Chunk(chunk)) return true;
  if (chunk.typeId !== ArrowTypeId.Dictionary || !chunk.dictionary) return false;
  return chunk.dictionary.data.every(isUtf8Chunk);
}

function notString(chunk: ArrowDataLike, field: string): InvalidInputError {
  return new InvalidInputError({
    code: 'COLUMN_NOT_UTF8',
    message: `${field} is an Arrow column of type id ${chunk.typeId}; strings can be counted in Utf8, LargeUtf8 and Dictionary<Utf8> columns.`,
    details: { path: field, typeId: chunk.typeId },
  });
}

function badIndex(field: string, row: number, index: number, size: number): InvalidInputError {
  return new InvalidInputError({
    code: 'DICTIONARY_INDEX_OUT_OF_RANGE',
    message: `${field} row ${row} points at dictionary entry ${index}, but the dictionary has ${size} entries.`,
    details: { path: field, row, index, size },
  });
}

function badOffsets(field: string, row: number, start: number, end: number): InvalidInputError {
  return new InvalidInputError({
    code: 'ARROW_BUFFER_TOO_SHORT',
    message: `${field} row ${row} ends at byte ${end} before it starts (${start}): the offsets of the chunk are malformed.`,
    details: { path: field, row, start, end },
  });
}

/**
 * Dictionary indices as 32-bit numbers. 64-bit indices are narrowed (a dictionary never has
 * 2^31 entries); one whose high word is set becomes -1, so it is refused as out of range
 * rather than wrapped onto a real entry.
 */
function dictionaryIndices(
  values: ArrowDataLike['values'],
  length: number,
  field: string,
): ArrayLike<number> {
  assertBufferLength(values, length, field, 'dictionary indices');
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    const { lo, hi } = int64Halves(values, length);
    const narrow = new Int32Array(length);
    for (let row = 0; row < length; row++) {
      const low = lo[2 * row] as number;
      narrow[row] = hi[2 * row + 1] === 0 && low <= 0x7fffffff ? low : -1;
    }
    return narrow;
  }
  return values as ArrayLike<number>;
}

/**
 * Counts distinct strings over Arrow chunks on their UTF-8 bytes: each row's byte slice is
 * hashed and compared, and only distinct values are ever decoded to JS strings. Dictionary
 * chunks are counted per index, then each used entry is added once with its count. Feed
 * chunks with {@link StringCounter.add}; read with {@link StringCounter.result}.
 *
 * Ids are stable across chunks: `codes` written by `add` index `result().values`.
 */
export class StringCounter {
  private readonly table = new StringTable();
  private nulls = 0;
  private total = 0;

  /**
   * Counts one chunk. When `codes` is given, writes each row's value id (its index in
   * `result().values`), or -1 for null, to `codes[at + row]`.
   *
   * @throws InvalidInputError `COLUMN_NOT_UTF8` for a chunk that is not Utf8/LargeUtf8/Dictionary<Utf8>,
   *   `DICTIONARY_INDEX_OUT_OF_RANGE` for an index past the dictionary, `TARGET_TOO_SMALL` when
   *   `codes` has no room for the chunk's rows from `at`, `ARROW_BUFFER_TOO_SHORT` for
   *   malformed offsets or indices.
   */
  add(chunk: ArrowDataLike, codes?: Int32Array, at = 0, field = 'column'): void {
    if (codes && (!Number.isInteger(at) || at < 0 || at + chunk.length > codes.length)) {
      // Writes past a typed array's end are dropped silently: rows would be left without a code.
      throw new InvalidInputError({
        code: 'TARGET_TOO_SMALL',
        message: `StringCounter.add: ${field} has ${chunk.length} rows but codes holds ${codes.length - at} entries from index ${at}.`,
        details: { path: field, rows: chunk.length, room: codes.length - at },
      });
    }
    if (isUtf8Chunk(chunk)) this.addUtf8(chunk, codes, at, field);
    else if (isStringChunk(chunk)) this.addDictionary(chunk, codes, at, field);
    else throw notString(chunk, field);
    this.total += chunk.length;
  }

  /** Counts every chunk of a column (see {@link StringCounter.add}); `codes` is indexed by row of the column. */
  addColumn(column: ArrowColumnLike, codes?: Int32Array, field = 'column'): void {
    let at = 0;
    for (const chunk of arrowChunks(column)) {
      this.add(chunk, codes, at, field);
      at += chunk.length;
    }
  }

  private addUtf8(chunk: ArrowDataLike, codes: Int32Array | undefined, at: number, field: string) {
    const { bytes, offsets, rows } = utf8Chunk(chunk, field);
    const table = this.table;
    const bitmap = activeBitmap(chunk);
    const offset = chunk.offset;
    let start = offsets[0] as number;
    for (let row = 0; row < rows; row++) {
      const end = offsets[row + 1] as number;
      // utf8Chunk bounds the first and last offsets; rising offsets keep every row inside.
      if (end < start) throw badOffsets(field, row, start, end);
      if (bitmap !== undefined) {
        const bit = offset + row;
        if (((bitmap[bit >> 3] as number) & (1 << (bit & 7))) === 0) {
          this.nulls++;
          if (codes) codes[at + row] = -1;
          start = end;
          continue;
        }
      }
      const id = table.add(bytes, start, end, 1);
      if (codes) codes[at + row] = id;
      start = end;
    }
  }

  private addDictionary(
    chunk: ArrowDataLike,
    codes: Int32Array | undefined,
    at: number,
    field: string,
  ) {
    const dictionary = chunk.dictionary as NonNullable<ArrowDataLike['dictionary']>;
    const indices = dictionaryIndices(chunk.values, chunk.length, field);
    const perIndex = new Float64Array(dictionary.length);
    const bitmap = activeBitmap(chunk);
    for (let row = 0; row < chunk.length; row++) {
      if (bitmap !== undefined && !isValidAt(chunk, row)) continue;
      const index = indices[row] as number;
      if (!(index >= 0 && index < perIndex.length))
        throw badIndex(field, row, index, perIndex.length);
      perIndex[index] = (perIndex[index] as number) + 1;
    }
    // Map each used dictionary entry to its id; a null entry maps to -1.
    const idOf = new Int32Array(dictionary.length).fill(-1);
    let base = 0;
    for (const part of dictionary.data) {
      const { bytes, offsets } = utf8Chunk(part, field);
      for (let entry = 0; entry < part.length; entry++) {
        const count = perIndex[base + entry] as number;
        if (count === 0) continue;
        if (!isValidAt(part, entry)) {
          this.nulls += count;
          continue;
        }
        idOf[base + entry] = this.table.add(
          bytes,
          offsets[entry] as number,
          offsets[entry + 1] as number,
          count,
        );
      }
      base += part.length;
    }
    if (bitmap !== undefined) this.nulls += chunk.nullCount;
    if (!codes) return;
    for (let row = 0; row < chunk.length; row++) {
      const valid = bitmap === undefined || isValidAt(chunk, row);
      codes[at + row] = valid ? (idOf[indices[row] as number] as number) : -1;
    }
  }

  /** The distinct values and counts so far. */
  result(): StringCounts {
    const table = this.table;
    const values = new Array<string>(table.size);
    const byteLengths = new Int32Array(table.size);
    for (let id = 0; id < table.size; id++) {
      values[id] = table.value(id);
      byteLengths[id] = table.byteLength(id);
    }
    return {
      values,
      counts: table.counts.slice(0, table.size),
      byteLengths,
      nulls: this.nulls,
      total: this.total,
    };
  }
}

/**
 * Counts the distinct strings of a Utf8, LargeUtf8 or Dictionary<Utf8> column on their bytes
 * (see {@link StringCounter}).
 *
 * @example
 * ```ts
 * const { values, counts, nulls } = countStrings(table.getChild('origin'));
 * ```
 */
export function countStrings(column: ArrowColumnLike, field = 'column'): StringCounts {
  const counter = new StringCounter();
  counter.addColumn(column, undefined, field);
  return counter.result();
}

/**
 * The counts as a `Map` from value to count. Distinct byte strings that decode to the same
 * string (invalid UTF-8 becoming U+FFFD) are merged.
 */
export function stringCountMap(counts: StringCounts): Map<string, number> {
  const map = new Map<string, number>();
  for (let id = 0; id < counts.values.length; id++) {
    const value = counts.values[id] as string;
    map.set(value, (map.get(value) ?? 0) + (counts.counts[id] as number));
  }
  return map;
}
