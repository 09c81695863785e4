// Parquet's RLE / bit-packing hybrid (https://parquet.apache.org/docs/file-format/data-pages/encodings/#RLE):
// dictionary indices, boolean values and definition levels. The hot loops read whole bytes,
// specialise the common widths and call no function per value.
import { invalidParquet } from '../parquet-errors';

function ended(): Error {
  return invalidParquet('A Parquet RLE/bit-packed run ends early: the page is cut or corrupt.');
}

/** Where the run header {@link runHeader} read last ends. */
let afterHeader = 0;

/**
 * Reads the run header (a ULEB128 varint) at `input[at]`, before `end`, and leaves the
 * position after it in `afterHeader` (two results without an object per run).
 */
function runHeader(input: Uint8Array, at: number, end: number): number {
  let header = 0;
  let scale = 1;
  for (;;) {
    if (at >= end || scale > 2 ** 35) throw ended();
    const byte = input[at++] as number;
    header += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) break;
    scale *= 128;
  }
  afterHeader = at;
  return header;
}

/** The repeated value of an RLE run: `bytes` bytes little-endian at `input[at]`. */
function runValue(input: Uint8Array, at: number, bytes: number): number {
  let value = 0;
  for (let index = bytes - 1; index >= 0; index--)
    value = value * 256 + (input[at + index] as number);
  return value;
}

/** Unpacks `count` values of `width` bits (1..32) from `input` at byte `at` into `out` at `into`. */
function unpack(
  input: Uint8Array,
  at: number,
  width: number,
  out: Int32Array,
  into: number,
  count: number,
): void {
  if (width === 8) {
    for (let index = 0; index < count; index++) out[into + index] = input[at + index] as number;
    return;
  }
  if (width === 16) {
    for (let index = 0; index < count; index++, at += 2)
      out[into + index] = (input[at] as number) | ((input[at + 1] as number) << 8);
    return;
  }
  if (width <= 24) {
    const mask = (1 << width) - 1;
    let buffer = 0;
    let bits = 0;
    const end = into + count;
    for (let index = into; index < end; index++) {
      while (bits < width) {
        buffer |= (input[at++] as number) << bits;
        bits += 8;
      }
      out[index] = buffer & mask;
      buffer >>>= width;
      bits -= width;
    }
    return;
  }
  // 25..32 bits: the value spans up to five bytes, more than a 32-bit shift register holds.
  for (let index = 0; index < count; index++) {
    const bit = index * width;
    const byte = at + (bit >>> 3);
    const shift = bit & 7;
    let value = 0;
    for (let part = 4; part >= 0; part--)
      value = value * 256 + ((input[byte + part] as number) | 0);
    out[into + index] = (Math.floor(value / 2 ** shift) % 2 ** width) | 0;
  }
}

/**
 * Decodes `count` values of `width` bits from the hybrid runs in `input[at, end)` into `out`
 * at `into`; returns the position after the last run read. Runs longer than needed are cut.
 *
 * @throws InvalidInputError `INVALID_PARQUET` when the runs end early or the width is over 32.
 */
export function decodeHybrid(
  input: Uint8Array,
  at: number,
  end: number,
  width: number,
  out: Int32Array,
  into: number,
  count: number,
): number {
  if (!(width >= 0 && width <= 32)) {
    throw invalidParquet(`A Parquet page uses a bit width of ${width}; at most 32 is valid.`);
  }
  const valueBytes = (width + 7) >> 3;
  const stop = into + count;
  let filled = into;
  while (filled < stop) {
    const header = runHeader(input, at, end);
    at = afterHeader;
    if (header % 2 === 1) {
      const values = Math.floor(header / 2) * 8;
      const take = Math.min(values, stop - filled);
      const needed = Math.ceil((take * width) / 8);
      if (at + needed > end) throw ended();
      if (width === 0) out.fill(0, filled, filled + take);
      else unpack(input, at, width, out, filled, take);
      filled += take;
      at = Math.min(end, at + Math.floor(header / 2) * width);
    } else {
      const run = Math.min(header / 2, stop - filled);
      if (at + valueBytes > end) throw ended();
      const value = runValue(input, at, valueBytes);
      at += valueBytes;
      out.fill(value | 0, filled, filled + run);
      filled += run;
    }
  }
  return at;
}

/**
 * Decodes `count` definition levels (max level 1, bit width 1) from the hybrid runs in
 * `input[at, end)` straight into the validity bitmap `bitmap` at bit `row`; returns the
 * number of valid (level 1) values. Bits of null rows are left as they are (zero).
 *
 * @throws InvalidInputError `INVALID_PARQUET` when the runs end early or a level is over 1.
 */
export function decodeDefinitionBits(
  input: Uint8Array,
  at: number,
  end: number,
  count: number,
  bitmap: Uint8Array,
  row: number,
): number {
  let valid = 0;
  let filled = 0;
  while (filled < count) {
    const header = runHeader(input, at, end);
    at = afterHeader;
    if (header % 2 === 1) {
      const values = Math.floor(header / 2) * 8;
      const take = Math.min(values, count - filled);
      const bytes = (take + 7) >> 3;
      if (at + bytes > end) throw ended();
      let bit = row + filled;
      for (let index = 0; index < bytes; index++) {
        let byte = input[at + index] as number;
        const last = index === bytes - 1 && (take & 7) !== 0;
        if (last) byte &= (1 << (take & 7)) - 1;
        if (byte !== 0) {
          // popcount of a byte
          let bits = byte - ((byte >> 1) & 0x55);
          bits = (bits & 0x33) + ((bits >> 2) & 0x33);
          valid += (bits + (bits >> 4)) & 0x0f;
          const shift = bit & 7;
          const target = bit >> 3;
          bitmap[target] = (bitmap[target] as number) | ((byte << shift) & 0xff);
          if (shift !== 0)
            bitmap[target + 1] = (bitmap[target + 1] as number) | (byte >> (8 - shift));
        }
        bit += 8;
      }
      filled += take;
      at = Math.min(end, at + Math.floor(header / 2));
    } else {
      const run = Math.min(header / 2, count - filled);
      if (at >= end) throw ended();
      const level = input[at++] as number;
      if (level > 1)
        throw invalidParquet(
          `A definition level of ${level} in a flat column (max 1): the page is corrupt.`,
        );
      if (level === 1 && run > 0) {
        setBits(bitmap, row + filled, run);
        valid += run;
      }
      filled += run;
    }
  }
  return valid;
}

/** Sets bits `[start, start + length)` of `bitmap`. */
function setBits(bitmap: Uint8Array, start: number, length: number): void {
  let bit = start;
  const stop = start + length;
  while (bit < stop && (bit & 7) !== 0) {
    bitmap[bit >> 3] = (bitmap[bit >> 3] as number) | (1 << (bit & 7));
    bit++;
  }
  const wholeEnd = stop & ~7;
  if (bit < wholeEnd) {
    bitmap.fill(0xff, bit >> 3, wholeEnd >> 3);
    bit = wholeEnd;
  }
  while (bit < stop) {
    bitmap[bit >> 3] = (bitmap[bit >> 3] as number) | (1 << (bit & 7));
    bit++;
  }
}

/** `out[into + k] = dictionary[indices[k]]` for `k < count`. */
function gather32(
  indices: Int32Array,
  count: number,
  dictionary: Int32Array,
  out: Int32Array,
  into: number,
): void {
  for (let k = 0; k < count; k++) out[into + k] = dictionary[indices[k] as number] as number;
}

/** The 64-bit gather as 32-bit halves: `out[2(into + k) + h] = dictionary[2 indices[k] + h]`. */
function gather64(
  indices: Int32Array,
  count: number,
  dictionary: Int32Array,
  out: Int32Array,
  into: number,
): void {
  let slot = 2 * into;
  for (let k = 0; k < count; k++, slot += 2) {
    const source = 2 * (indices[k] as number);
    out[slot] = dictionary[source] as number;
    out[slot + 1] = dictionary[source + 1] as number;
  }
}

/**
 * The 64-bit gather through BigInt64Array views: V8's optimised code copies the 8 bytes
 * without creating a BigInt (as fast as a Float64Array gather, and exact for every bit
 * pattern, where a double's NaN payload may not survive), one load and one store per value.
 */
function gatherBig(
  indices: Int32Array,
  count: number,
  dictionary: BigInt64Array,
  out: BigInt64Array,
  into: number,
): void {
  for (let k = 0; k < count; k++) out[into + k] = dictionary[indices[k] as number] as bigint;
}

/**
 * {@link unpackMax} fused with the 64-bit gather, for a dictionary of at least `2^width`
 * entries (padded by the caller, so any unpacked value can be looked up before the largest is
 * checked against the real size): one pass, no scratch indices.
 */
function unpackGatherBig(
  input: Uint8Array,
  view: DataView,
  at: number,
  width: number,
  dictionary: BigInt64Array,
  out: BigInt64Array,
  into: number,
  count: number,
): number {
  const safe = Math.max(0, Math.min(count, Math.floor(((input.length - 4 - at) * 8) / width) + 1));
  const mask = (1 << width) - 1;
  let max = 0;
  let bit = at * 8;
  for (let k = 0; k < safe; k++, bit += width) {
    const value = (view.getUint32(bit >>> 3, true) >>> (bit & 7)) & mask;
    out[into + k] = dictionary[value] as bigint;
    max = Math.max(max, value);
  }
  if (safe >= count) return max;
  const rest = count - safe;
  const indices = gatherScratch(rest);
  const tail = unpackTail(input, bit, width, indices, 0, rest);
  for (let k = 0; k < rest; k++) out[into + safe + k] = dictionary[indices[k] as number] as bigint;
  return Math.max(max, tail);
}

/** Writes the 64-bit value (`low`, `high`) as halves to `count` slots of `out` from `into`. */
function fill64(out: Int32Array, into: number, count: number, low: number, high: number): void {
  for (let slot = 2 * into; slot < 2 * (into + count); slot += 2) {
    out[slot] = low;
    out[slot + 1] = high;
  }
}

let scratch = new Int32Array(1024);
function gatherScratch(count: number): Int32Array {
  if (scratch.length < count) scratch = new Int32Array(Math.max(count, scratch.length * 2));
  return scratch;
}

/**
 * Unpacks `count` values of `width` bits (1..24) from `input` at byte `at` into `out` at
 * `into`, and returns the largest. Only the hot loops live here, each always run: code V8
 * compiled before a rarely taken branch first ran deoptimises when it does ("insufficient type
 * feedback"), and a loop re-entered through on-stack replacement does so on every call, so
 * the rare tail is a function of its own.
 */
function unpackMax(
  input: Uint8Array,
  view: DataView,
  at: number,
  width: number,
  out: Int32Array,
  into: number,
  count: number,
): number {
  let max = 0;
  if (width === 8) {
    // A converting copy (native, a fraction of a loop's time), then the largest byte.
    out.set(input.subarray(at, at + count), into);
    // (Measured on Node 20: `if` here, Math.max in the loops below; the other way round each
    // runs 3-5x slower, from the representations V8 picks.)
    for (let k = at; k < at + count; k++) {
      const value = input[k] as number;
      if (value > max) max = value;
    }
    return max;
  }
  // Values whose 4-byte window lies inside the buffer (bits past the run are masked off).
  const safe = Math.max(0, Math.min(count, Math.floor(((input.length - 4 - at) * 8) / width) + 1));
  const mask = (1 << width) - 1;
  let bit = at * 8;
  for (let k = 0; k < safe; k++, bit += width) {
    const value = (view.getUint32(bit >>> 3, true) >>> (bit & 7)) & mask;
    out[into + k] = value;
    max = Math.max(max, value);
  }
  if (safe >= count) return max;
  return Math.max(max, unpackTail(input, bit, width, out, into + safe, count - safe));
}

/** The last values of a buffer, bit by bit (fewer than 4 bytes remain); returns the largest. */
function unpackTail(
  input: Uint8Array,
  bit: number,
  width: number,
  out: Int32Array,
  into: number,
  count: number,
): number {
  let max = 0;
  for (let k = 0; k < count; k++, bit += width) {
    let value = 0;
    for (let got = 0; got < width; ) {
      const position = bit + got;
      const shift = position & 7;
      const bits = Math.min(8 - shift, width - got);
      value |= (((input[position >>> 3] as number) >> shift) & ((1 << bits) - 1)) << got;
      got += bits;
    }
    out[into + k] = value;
    max = Math.max(max, value);
  }
  return max;
}

/**
 * Decodes `count` dictionary indices of `width` bits from the hybrid runs in `input[at, end)`
 * and, in the same pass, writes for each: the index itself (`words` 0, into `out` at `into`),
 * the 32-bit dictionary value `dictionary[index]` (`words` 1), or the 64-bit value as two
 * 32-bit halves (`words` 2, into `out` at `2 * into`). Returns false when an index is not
 * below `size` (the caller reports the corrupt page).
 *
 * @throws InvalidInputError `INVALID_PARQUET` when the runs end early or the width is over 32.
 */
export function decodeIndices(
  input: Uint8Array,
  at: number,
  end: number,
  width: number,
  count: number,
  size: number,
  words: 0 | 1 | 2,
  dictionary: Int32Array | undefined,
  out: Int32Array,
  into: number,
): boolean {
  if (!(width >= 0 && width <= 32)) {
    throw invalidParquet(`A Parquet page uses a bit width of ${width}; at most 32 is valid.`);
  }
  if (width > 24) {
    // Rare (dictionaries of over 16M entries): decode first, then gather.
    const indices = new Int32Array(count);
    decodeHybrid(input, at, end, width, indices, 0, count);
    return gather(indices, 0, count, size, words, dictionary, out, into);
  }
  const dict = dictionary ?? out;
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const valueBytes = (width + 7) >> 3;
  const last = size - 1;
  // 64-bit views for the gather (the reader's buffers start at offset 0, so they align).
  const aligned =
    words === 2 &&
    dictionary !== undefined &&
    out.byteOffset % 8 === 0 &&
    dictionary.byteOffset % 8 === 0;
  const out64 = aligned
    ? new BigInt64Array(out.buffer, out.byteOffset, out.length >> 1)
    : undefined;
  const dict64 = aligned
    ? new BigInt64Array(dict.buffer, dict.byteOffset, dict.length >> 1)
    : undefined;
  const mask = width === 0 ? 0 : 2 ** width - 1;
  let filled = 0;
  while (filled < count) {
    const header = runHeader(input, at, end);
    at = afterHeader;
    if (header % 2 === 1) {
      const groupBytes = Math.floor(header / 2) * width;
      const take = Math.min(Math.floor(header / 2) * 8, count - filled);
      if (at + Math.ceil((take * width) / 8) > end) throw ended();
      const target = into + filled;
      if (width === 0) {
        if (last < 0) return false;
        if (words === 0) out.fill(0, target, target + take);
        else if (words === 1) out.fill(dict[0] as number, target, target + take);
        else fill64(out, target, take, dict[0] as number, dict[1] as number);
      } else if (words === 0) {
        if (unpackMax(input, view, at, width, out, target, take) > last) return false;
      } else if (out64 && dict64 && dict64.length > mask) {
        // Every width-bit value indexes the (padded) dictionary: gather as it unpacks.
        if (unpackGatherBig(input, view, at, width, dict64, out64, target, take) > last)
          return false;
      } else {
        // Indices first, then a tight gather loop: faster than both in one loop.
        const indices = gatherScratch(take);
        if (unpackMax(input, view, at, width, indices, 0, take) > last) return false;
        if (words === 1) gather32(indices, take, dict, out, target);
        else if (out64 && dict64) gatherBig(indices, take, dict64, out64, target);
        else gather64(indices, take, dict, out, target);
      }
      filled += take;
      at = Math.min(end, at + groupBytes);
    } else {
      const run = Math.min(header / 2, count - filled);
      if (at + valueBytes > end) throw ended();
      const value = runValue(input, at, valueBytes);
      at += valueBytes;
      if (run > 0) {
        if (value > last) return false;
        const target = into + filled;
        if (words === 0) out.fill(value, target, target + run);
        else if (words === 1) out.fill(dict[value] as number, target, target + run);
        else fill64(out, target, run, dict[2 * value] as number, dict[2 * value + 1] as number);
      }
      filled += run;
    }
  }
  return true;
}

function gather(
  indices: Int32Array,
  from: number,
  count: number,
  size: number,
  words: 0 | 1 | 2,
  dictionary: Int32Array | undefined,
  out: Int32Array,
  into: number,
): boolean {
  for (let index = from; index < from + count; index++) {
    const value = indices[index] as number;
    if (value < 0 || value >= size) return false;
  }
  const dict = dictionary ?? out;
  for (let index = 0; index < count; index++) {
    const value = indices[from + index] as number;
    if (words === 0) out[into + index] = value;
    else if (words === 1) out[into + index] = dict[value] as number;
    else {
      out[2 * (into + index)] = dict[2 * value] as number;
      out[2 * (into + index) + 1] = dict[2 * value + 1] as number;
    }
  }
  return true;
}
