// Decodes one column chunk (one column of one row group) into one Arrow chunk. Values are
// decoded densely (nulls skipped), then spread to their rows in place when the chunk has nulls.
import { type ArrowDataLike, type ArrowVectorLike, ArrowTypeId } from '../../arrow-data-like';
import type { ArrowFieldType } from '../../arrow-c-data';
import { invalidParquet, unsupportedParquet } from '../parquet-errors';
import { ByteArrayBuilder } from './byte-array-builder';
import { uninitialised } from './uninitialised-bytes';
import { decodeByteStreamSplit } from './byte-stream-split';
import { type ColumnPlan, Encoding, encodingName, Physical } from './column-plan';
import { Codec, decompressPage, zstdPageFits } from './decompress-page';
import {
  decodeDeltaBinaryPacked,
  decodeDeltaByteArrays,
  decodeDeltaLengthByteArrays,
} from './delta-decoding';
import type { ColumnChunkMeta } from './file-metadata';
import { PageType, readPageHeader } from './page-header';
import { decodeDefinitionBits, decodeHybrid, decodeIndices } from './rle-bit-packed-hybrid';
import { decodePlainBooleans, decodePlainByteArrays, decodePlainFixed } from './plain-decoding';

/** The largest page the reader inflates (Parquet pages are usually 1 MiB). */
const MAX_PAGE_BYTES = 1 << 30;

let scratch = new Int32Array(1024);
function indexScratch(count: number): Int32Array {
  if (scratch.length < count) scratch = new Int32Array(Math.max(count, scratch.length * 2));
  return scratch;
}

/** Bytes per stored value of each physical type (BYTE_ARRAY and BOOLEAN are not fixed). */
function valueWidth(plan: ColumnPlan): number {
  switch (plan.physical) {
    case Physical.INT32:
    case Physical.FLOAT:
      return 4;
    case Physical.INT64:
    case Physical.DOUBLE:
      return 8;
    case Physical.FIXED_LEN_BYTE_ARRAY:
      return plan.typeLength;
    default:
      return 0;
  }
}

/** The decoding state of one column chunk. */
class ChunkDecoder {
  readonly width: number;
  /** Fixed-width values, densely (`width` bytes each). */
  readonly fixed: Uint8Array;
  readonly fixed32: Int32Array | undefined;
  /** BOOLEAN values as bits, densely. */
  readonly bits: Uint8Array | undefined;
  /** BYTE_ARRAY values decoded plainly (decode mode), or the chunk's dictionary (keep mode). */
  readonly bytes: ByteArrayBuilder | undefined;
  /** Keep mode: dictionary indices, densely. */
  readonly indices: Int32Array | undefined;
  /** The dictionary page's values: fixed-width bytes, or byte arrays. */
  dictionaryFixed: Uint8Array | undefined;
  dictionaryBytes: ByteArrayBuilder | undefined;
  dictionarySize = -1;
  /** Decode mode: the dictionary's entries packed 4 bytes each when none is longer (null: some are). */
  shortEntries: ShortEntries | null | undefined;
  /** Values decoded so far (non-null rows). */
  dense = 0;
  readonly validity: Uint8Array | undefined;
  /** Pages inflated ahead (by a worker), by their `dataStart`. */
  inflated: ReadonlyMap<number, Uint8Array> | undefined;

  constructor(
    readonly plan: ColumnPlan,
    readonly meta: ColumnChunkMeta,
    readonly rows: number,
  ) {
    this.width = valueWidth(plan);
    this.fixed = uninitialised(this.width * rows);
    this.fixed32 = this.width % 4 === 0 ? new Int32Array(this.fixed.buffer) : undefined;
    this.bits = plan.physical === Physical.BOOLEAN ? new Uint8Array((rows + 7) >> 3) : undefined;
    if (plan.physical === Physical.BYTE_ARRAY) {
      this.bytes = new ByteArrayBuilder(plan.dictionary ? 16 : rows);
      if (plan.dictionary) this.indices = new Int32Array(uninitialised(4 * rows).buffer, 0, rows);
    }
    this.validity = plan.optional ? new Uint8Array((rows + 7) >> 3) : undefined;
  }

  fail(message: string): Error {
    return invalidParquet(`Column "${this.plan.name}": ${message}`);
  }

  readDictionary(page: Uint8Array, count: number, encoding: number): void {
    if (this.dictionarySize >= 0) throw this.fail('a second dictionary page in one column chunk.');
    if (encoding !== Encoding.PLAIN && encoding !== Encoding.PLAIN_DICTIONARY)
      throw unsupportedParquet(this.plan.name, `a dictionary page in ${encodingName(encoding)}`);
    if (count > page.length * 8 + 8)
      throw this.fail('a dictionary page claims more values than its bytes hold.');
    if (this.plan.physical === Physical.BYTE_ARRAY) {
      // In keep mode the dictionary is the output's dictionary: its entries come first.
      const target = this.plan.dictionary
        ? (this.bytes as ByteArrayBuilder)
        : new ByteArrayBuilder(count, page.length);
      if (this.plan.dictionary && target.count > 0)
        throw this.fail('a dictionary page after data pages.');
      decodePlainByteArrays(page, 0, page.length, count, target);
      this.dictionaryBytes = target;
    } else if (this.width > 0) {
      // 64-bit dictionaries are padded to a power of two entries, so the index decoder can
      // gather each value as it unpacks it (see decodeIndices).
      const capacity =
        this.width === 8 && count > 0 && count <= 1 << 16
          ? 2 ** Math.ceil(Math.log2(count))
          : count;
      const values = new Uint8Array(capacity * this.width);
      decodePlainFixed(page, 0, page.length, count, this.width, values, 0);
      this.dictionaryFixed = values;
    } else {
      throw unsupportedParquet(this.plan.name, 'a dictionary-encoded BOOLEAN column');
    }
    this.dictionarySize = count;
  }

  /** Decodes `count` non-null values from `page[at, end)` in `encoding`. */
  readValues(page: Uint8Array, at: number, end: number, count: number, encoding: number): void {
    const plan = this.plan;
    if (encoding === Encoding.PLAIN_DICTIONARY || encoding === Encoding.RLE_DICTIONARY) {
      this.readIndices(page, at, end, count);
    } else if (plan.physical === Physical.BYTE_ARRAY) {
      const out = this.bytes as ByteArrayBuilder;
      const first = out.count;
      if (encoding === Encoding.PLAIN) decodePlainByteArrays(page, at, end, count, out);
      else if (encoding === Encoding.DELTA_LENGTH_BYTE_ARRAY)
        decodeDeltaLengthByteArrays(page, at, end, count, out);
      else if (encoding === Encoding.DELTA_BYTE_ARRAY)
        decodeDeltaByteArrays(page, at, end, count, out);
      else throw unsupportedParquet(plan.name, `BYTE_ARRAY values in ${encodingName(encoding)}`);
      if (this.indices) {
        // Keep mode: values of a page that fell back from the dictionary become new entries.
        const indices = this.indices;
        for (let index = 0; index < count; index++) indices[this.dense + index] = first + index;
      }
    } else if (plan.physical === Physical.BOOLEAN) {
      const bits = this.bits as Uint8Array;
      if (encoding === Encoding.PLAIN) decodePlainBooleans(page, at, end, count, bits, this.dense);
      else if (encoding === Encoding.RLE) {
        if (at + 4 > end) throw this.fail('an RLE boolean page is cut.');
        const length = new DataView(page.buffer, page.byteOffset + at, 4).getUint32(0, true);
        if (length > end - at - 4) throw this.fail('an RLE boolean page is cut.');
        const values = indexScratch(count);
        decodeHybrid(page, at + 4, at + 4 + length, 1, values, 0, count);
        for (let index = 0; index < count; index++) {
          if (values[index] !== 0) {
            const bit = this.dense + index;
            bits[bit >> 3] = (bits[bit >> 3] as number) | (1 << (bit & 7));
          }
        }
      } else throw unsupportedParquet(plan.name, `BOOLEAN values in ${encodingName(encoding)}`);
    } else {
      const width = this.width;
      if (encoding === Encoding.PLAIN) {
        decodePlainFixed(page, at, end, count, width, this.fixed, this.dense * width);
      } else if (encoding === Encoding.BYTE_STREAM_SPLIT) {
        decodeByteStreamSplit(page, at, end, count, width, this.fixed, this.dense * width);
      } else if (
        encoding === Encoding.DELTA_BINARY_PACKED &&
        (plan.physical === Physical.INT32 || plan.physical === Physical.INT64)
      ) {
        const { values } = decodeDeltaBinaryPacked(page, at, end, count, width === 4 ? 32 : 64);
        const out = this.fixed32 as Int32Array;
        const halves = new Int32Array(values.buffer);
        if (width === 8) out.set(halves, this.dense * 2);
        else
          for (let index = 0; index < count; index++)
            out[this.dense + index] = halves[2 * index] as number;
      } else throw unsupportedParquet(plan.name, `${encodingName(encoding)} values`);
    }
    this.dense += count;
  }

  /** Dictionary indices: kept as they are (keep mode) or gathered into values. */
  readIndices(page: Uint8Array, at: number, end: number, count: number): void {
    const size = this.dictionarySize;
    if (size < 0) throw this.fail('a dictionary-encoded page without a dictionary page before it.');
    if (at >= end) {
      if (count === 0) return;
      throw this.fail('a dictionary-encoded page is cut.');
    }
    const bitWidth = page[at] as number;
    if (bitWidth > 32)
      throw this.fail(`dictionary indices of ${bitWidth} bits (at most 32 is valid).`);
    const dense = this.dense;
    const width = this.width;
    const fixed = this.plan.physical !== Physical.BYTE_ARRAY;
    const words = fixed && (width === 4 || width === 8) ? ((width / 4) as 1 | 2) : 0;
    const direct = this.indices !== undefined || words !== 0;
    const out = this.indices ?? (words !== 0 ? (this.fixed32 as Int32Array) : indexScratch(count));
    const dictionary =
      words === 0
        ? undefined
        : new Int32Array(
            (this.dictionaryFixed as Uint8Array).buffer,
            (this.dictionaryFixed as Uint8Array).byteOffset,
            (this.dictionaryFixed as Uint8Array).length / 4,
          );
    // Indices are decoded and gathered in one pass (no per-value call, no second loop).
    if (
      !decodeIndices(
        page,
        at + 1,
        end,
        bitWidth,
        count,
        size,
        words,
        dictionary,
        out,
        direct ? dense : 0,
      )
    )
      throw this.fail('a dictionary index past the end of the dictionary.');
    if (direct) return;
    const indices = out;
    if (this.plan.physical === Physical.BYTE_ARRAY) {
      const dictionary = this.dictionaryBytes as ByteArrayBuilder;
      this.shortEntries ??= packShortEntries(dictionary) ?? null;
      if (this.shortEntries) {
        gatherShortEntries(this.shortEntries, indices, count, this.bytes as ByteArrayBuilder);
        return;
      }
      const offsets = dictionary.offsets;
      const data = dictionary.data;
      let total = 0;
      for (let index = 0; index < count; index++) {
        const entry = indices[index] as number;
        total += (offsets[entry + 1] as number) - (offsets[entry] as number);
      }
      const out = this.bytes as ByteArrayBuilder;
      out.reserve(count, total);
      const target = out.data;
      const outOffsets = out.offsets;
      let size = out.size;
      let position = out.count;
      for (let index = 0; index < count; index++) {
        const entry = indices[index] as number;
        const start = offsets[entry] as number;
        const stop = offsets[entry + 1] as number;
        for (let byte = start; byte < stop; byte++) target[size++] = data[byte] as number;
        outOffsets[++position] = size;
      }
      out.size = size;
      out.count = position;
      return;
    }
    const values = this.dictionaryFixed as Uint8Array;
    const fixedOut = this.fixed;
    for (let index = 0; index < count; index++) {
      const source = (indices[index] as number) * width;
      const target = (dense + index) * width;
      for (let byte = 0; byte < width; byte++)
        fixedOut[target + byte] = values[source + byte] as number;
    }
  }

  /** The page body inflated: from `inflated` (a worker's output) when there, else here. */
  inflate(body: Uint8Array, size: number, key: number): Uint8Array {
    const done = this.inflated?.get(key);
    if (done && done.length === size) return done;
    return decompressPage(this.meta.codec, body, size);
  }

  readPages(chunk: Uint8Array): void {
    const plan = this.plan;
    const codec = this.meta.codec;
    let position = 0;
    let rowsRead = 0;
    while (rowsRead < this.rows) {
      if (position >= chunk.length)
        throw this.fail(`the column chunk ends after ${rowsRead} of its ${this.rows} rows.`);
      const header = readPageHeader(chunk, position);
      const body = chunk.subarray(header.dataStart, header.dataStart + header.compressedSize);
      position = header.dataStart + header.compressedSize;
      if (
        header.type !== PageType.DATA &&
        header.type !== PageType.DATA_V2 &&
        header.type !== PageType.DICTIONARY
      )
        continue; // index pages and types from later format versions
      const limit =
        this.meta.totalUncompressedSize > 0
          ? Math.min(MAX_PAGE_BYTES, this.meta.totalUncompressedSize)
          : MAX_PAGE_BYTES;
      if (header.uncompressedSize > limit)
        throw this.fail(
          `a page claims ${header.uncompressedSize} bytes uncompressed, more than its column chunk (${limit}).`,
        );
      if (header.type === PageType.DICTIONARY) {
        this.readDictionary(
          this.inflate(body, header.uncompressedSize, header.dataStart),
          header.numValues,
          header.encoding,
        );
        continue;
      }
      const count = header.numValues;
      if (count > this.rows - rowsRead)
        throw this.fail(
          `a page holds ${count} values, past the ${this.rows} rows of its row group.`,
        );
      let page: Uint8Array;
      let at = 0;
      let valid = count;
      if (header.type === PageType.DATA) {
        page = this.inflate(body, header.uncompressedSize, header.dataStart);
        if (plan.optional) {
          if (header.definitionLevelEncoding !== Encoding.RLE)
            throw unsupportedParquet(
              plan.name,
              `definition levels in ${encodingName(header.definitionLevelEncoding)}`,
            );
          if (page.length < 4) throw this.fail('a data page is cut inside its definition levels.');
          const length = new DataView(page.buffer, page.byteOffset, 4).getUint32(0, true);
          if (length > page.length - 4) throw this.fail('definition levels run past their page.');
          valid = decodeDefinitionBits(
            page,
            4,
            4 + length,
            count,
            this.validity as Uint8Array,
            rowsRead,
          );
          at = 4 + length;
        }
      } else {
        const levels = header.definitionLevelsLength + header.repetitionLevelsLength;
        if (header.repetitionLevelsLength > 0)
          throw this.fail('repetition levels in a flat column.');
        if (levels > header.uncompressedSize) throw this.fail('v2 levels longer than their page.');
        const values = body.subarray(levels);
        const compressed = header.isCompressed && codec !== 0;
        const rest = compressed
          ? this.inflate(values, header.uncompressedSize - levels, header.dataStart)
          : values;
        if (!compressed && values.length !== header.uncompressedSize - levels)
          throw this.fail('an uncompressed v2 page whose size differs from its header.');
        if (plan.optional) {
          valid = decodeDefinitionBits(
            body,
            0,
            header.definitionLevelsLength,
            count,
            this.validity as Uint8Array,
            rowsRead,
          );
          if (valid !== count - header.numNulls)
            throw this.fail('a v2 page whose null count differs from its levels.');
        } else if (header.numNulls !== 0) throw this.fail('nulls in a required column.');
        page = rest;
      }
      this.readValues(page, at, page.length, valid, header.encoding);
      rowsRead += count;
    }
  }

  /** Spreads the dense values to their rows and builds the Arrow chunk. */
  finish(type: ArrowFieldType, dictionaryOf: () => ArrowVectorLike): ArrowDataLike {
    const rows = this.rows;
    const nullCount = rows - this.dense;
    if (nullCount > 0 && this.validity) this.spread();
    const base = {
      type,
      length: rows,
      offset: 0,
      nullCount,
      nullBitmap: nullCount > 0 ? this.validity : undefined,
    };
    const plan = this.plan;
    if (plan.dictionary) {
      return {
        ...base,
        typeId: ArrowTypeId.Dictionary,
        values: this.indices as Int32Array,
        dictionary: dictionaryOf(),
      };
    }
    if (plan.physical === Physical.BYTE_ARRAY) {
      const bytes = this.bytes as ByteArrayBuilder;
      return { ...base, typeId: type.typeId, ...byteArrayBuffers(bytes, rows, plan.large) };
    }
    if (plan.physical === Physical.BOOLEAN)
      return { ...base, typeId: type.typeId, values: this.bits as Uint8Array };
    return { ...base, typeId: type.typeId, values: fixedValues(plan, this.fixed, rows) };
  }

  /** Moves value `d` of the dense values to row `row`, from the last row down (in place). */
  private spread(): void {
    const validity = this.validity as Uint8Array;
    const rows = this.rows;
    let dense = this.dense;
    const isValid = (row: number) => ((validity[row >> 3] as number) >> (row & 7)) & 1;
    const plan = this.plan;
    if (plan.physical === Physical.BYTE_ARRAY) {
      const offsets = (this.indices ?? (this.bytes as ByteArrayBuilder).offsets) as Int32Array;
      if (this.indices) {
        for (let row = rows - 1; row >= 0; row--)
          offsets[row] = isValid(row) ? (offsets[--dense] as number) : 0;
        return;
      }
      for (let row = rows - 1; row >= 0; row--) {
        offsets[row + 1] = offsets[dense] as number;
        if (isValid(row)) dense--;
      }
      offsets[0] = 0;
      const bytes = this.bytes as ByteArrayBuilder;
      bytes.count = rows;
      return;
    }
    if (plan.physical === Physical.BOOLEAN) {
      const bits = this.bits as Uint8Array;
      for (let row = rows - 1; row >= 0; row--) {
        let bit = 0;
        if (isValid(row)) {
          dense--;
          bit = ((bits[dense >> 3] as number) >> (dense & 7)) & 1;
        }
        bits[row >> 3] = ((bits[row >> 3] as number) & ~(1 << (row & 7))) | (bit << (row & 7));
      }
      return;
    }
    const width = this.width;
    if (width === 4 || width === 8) {
      const words = width / 4;
      const out = this.fixed32 as Int32Array;
      for (let row = rows - 1; row >= 0; row--) {
        if (isValid(row)) {
          dense--;
          for (let word = 0; word < words; word++)
            out[row * words + word] = out[dense * words + word] as number;
        } else for (let word = 0; word < words; word++) out[row * words + word] = 0;
      }
      return;
    }
    const out = this.fixed;
    for (let row = rows - 1; row >= 0; row--) {
      if (isValid(row)) {
        dense--;
        out.copyWithin(row * width, dense * width, dense * width + width);
      } else out.fill(0, row * width, row * width + width);
    }
  }
}

/** Dictionary entries of at most 4 bytes, each packed into one little-endian word. */
interface ShortEntries {
  words: Int32Array;
  lengths: Uint8Array;
}

/** Packs the entries of `dictionary` when none is over 4 bytes (airport codes, flags, ...). */
function packShortEntries(dictionary: ByteArrayBuilder): ShortEntries | undefined {
  const { offsets, data, count } = dictionary;
  const words = new Int32Array(count);
  const lengths = new Uint8Array(count);
  for (let entry = 0; entry < count; entry++) {
    const start = offsets[entry] as number;
    const length = (offsets[entry + 1] as number) - start;
    if (length > 4) return undefined;
    let word = 0;
    for (let byte = length - 1; byte >= 0; byte--)
      word = (word << 8) | (data[start + byte] as number);
    words[entry] = word;
    lengths[entry] = length;
  }
  return { words, lengths };
}

/**
 * Appends the entries `indices[0, count)` of a short-entry dictionary to `out`: one 4-byte
 * store per value (the bytes past a shorter entry are overwritten by the next one, and 4 bytes
 * of slack are reserved at the end) instead of a loop per byte.
 */
function gatherShortEntries(
  entries: ShortEntries,
  indices: Int32Array,
  count: number,
  out: ByteArrayBuilder,
): void {
  out.reserve(count, 4 * count + 4);
  const { words, lengths } = entries;
  const view = new DataView(out.data.buffer, out.data.byteOffset, out.data.byteLength);
  const offsets = out.offsets;
  let size = out.size;
  let position = out.count;
  for (let index = 0; index < count; index++) {
    const entry = indices[index] as number;
    view.setInt32(size, words[entry] as number, true);
    size += lengths[entry] as number;
    offsets[++position] = size;
  }
  out.size = size;
  out.count = position;
}

/** Utf8 (Int32 offsets) or LargeUtf8 (BigInt64 offsets) buffers of `rows` byte arrays. */
export function byteArrayBuffers(
  bytes: ByteArrayBuilder,
  rows: number,
  large: boolean,
): { values: Uint8Array; valueOffsets: Int32Array | BigInt64Array } {
  const offsets =
    bytes.offsets.length === rows + 1 ? bytes.offsets : bytes.offsets.slice(0, rows + 1);
  const values = bytes.data.subarray(0, bytes.size);
  if (!large) return { values, valueOffsets: offsets };
  const wide = new BigInt64Array(uninitialised(8 * (rows + 1)).buffer, 0, rows + 1);
  // Written through 32-bit halves: no BigInt per row, and no zero-fill first.
  const words = new Int32Array(wide.buffer, 0, 2 * (rows + 1));
  for (let row = 0; row <= rows; row++) {
    words[2 * row] = offsets[row] as number;
    words[2 * row + 1] = 0;
  }
  return { values, valueOffsets: wide };
}

function fixedValues(plan: ColumnPlan, fixed: Uint8Array, rows: number): ArrowDataLike['values'] {
  const buffer = fixed.buffer;
  switch (plan.output) {
    case 'int32':
      return new Int32Array(buffer, 0, rows);
    case 'uint32':
      return new Uint32Array(buffer, 0, rows);
    case 'int8':
      return new Int8Array(new Int32Array(buffer, 0, rows));
    case 'uint8':
      return new Uint8Array(new Int32Array(buffer, 0, rows));
    case 'int16':
      return new Int16Array(new Int32Array(buffer, 0, rows));
    case 'uint16':
      return new Uint16Array(new Int32Array(buffer, 0, rows));
    case 'int64':
      return new BigInt64Array(buffer, 0, rows);
    case 'uint64':
      return new BigUint64Array(buffer, 0, rows);
    case 'float':
      return new Float32Array(buffer, 0, rows);
    case 'double':
      return new Float64Array(buffer, 0, rows);
    case 'float16':
      return new Uint16Array(buffer, 0, rows);
    case 'date64': {
      const days = new Int32Array(buffer, 0, rows);
      const out = new BigInt64Array(rows);
      const words = new Int32Array(out.buffer);
      for (let row = 0; row < rows; row++) {
        const ms = (days[row] as number) * 86_400_000;
        if (Math.abs(ms) < 2 ** 53) {
          const high = Math.floor(ms / 4294967296);
          words[2 * row] = ms - high * 4294967296;
          words[2 * row + 1] = high;
        } else out[row] = BigInt(days[row] as number) * 86_400_000n;
      }
      return out;
    }
    default:
      throw invalidParquet(`Column "${plan.name}": no Arrow buffer for ${plan.output}.`);
  }
}

/** The compressed page bodies of a column chunk, to inflate ahead (see {@link zstdPages}). */
export interface CompressedPages {
  /** Each page's `dataStart`: the key {@link readColumnChunk}'s `inflated` map uses. */
  keys: number[];
  bodies: Uint8Array[];
  sizes: number[];
}

/**
 * The ZSTD-compressed pages of the column chunk `chunk` that {@link readColumnChunk} will
 * inflate, found by walking its page headers the same way, with the size checks it runs
 * before allocating. Pages it cannot vouch for (a garbled header, a size over the limits) end
 * the walk: `readColumnChunk` inflates and reports those itself.
 */
export function zstdPages(
  meta: ColumnChunkMeta,
  chunk: Uint8Array,
  rows: number,
  into: CompressedPages,
): void {
  if (meta.codec !== Codec.ZSTD) return;
  const limit =
    meta.totalUncompressedSize > 0
      ? Math.min(MAX_PAGE_BYTES, meta.totalUncompressedSize)
      : MAX_PAGE_BYTES;
  let position = 0;
  let rowsRead = 0;
  while (rowsRead < rows && position < chunk.length) {
    let header: ReturnType<typeof readPageHeader>;
    try {
      header = readPageHeader(chunk, position);
    } catch {
      return;
    }
    const end = header.dataStart + header.compressedSize;
    if (end > chunk.length || header.uncompressedSize > limit) return;
    position = end;
    let body = chunk.subarray(header.dataStart, end);
    let size = header.uncompressedSize;
    if (header.type === PageType.DATA_V2) {
      if (!header.isCompressed) continue;
      const levels = header.definitionLevelsLength + header.repetitionLevelsLength;
      if (levels > size || levels > body.length) return;
      body = body.subarray(levels);
      size -= levels;
    } else if (header.type !== PageType.DATA && header.type !== PageType.DICTIONARY) continue;
    if (header.type !== PageType.DICTIONARY) rowsRead += header.numValues;
    if (!zstdPageFits(body, size)) return;
    into.keys.push(header.dataStart);
    into.bodies.push(body);
    into.sizes.push(size);
  }
}

/**
 * Decodes the column chunk `chunk` (its bytes, from its first page) of a row group of `rows`
 * rows into one Arrow chunk typed `type`. In keep mode `dictionaryOf` receives the chunk's
 * dictionary values and returns the vector the chunk points to. `inflated` holds pages
 * already inflated (by a worker), by their `dataStart`.
 *
 * @throws InvalidInputError `INVALID_PARQUET` for corrupt pages, `PARQUET_UNSUPPORTED` for a
 *   page in an encoding the reader lacks.
 */
export function readColumnChunk(
  plan: ColumnPlan,
  meta: ColumnChunkMeta,
  chunk: Uint8Array,
  rows: number,
  inflated?: ReadonlyMap<number, Uint8Array>,
): ArrowDataLike {
  const decoder = new ChunkDecoder(plan, meta, rows);
  decoder.inflated = inflated;
  decoder.readPages(chunk);
  return decoder.finish(plan.field.type, () => {
    const bytes = decoder.bytes as ByteArrayBuilder;
    const valueType = plan.field.type.dictionary as ArrowFieldType;
    const values: ArrowDataLike = {
      typeId: valueType.typeId,
      type: valueType,
      length: bytes.count,
      offset: 0,
      nullCount: 0,
      ...byteArrayBuffers(bytes, bytes.count, plan.large),
    };
    return { length: bytes.count, data: [values] };
  });
}
