// The DELTA encodings: DELTA_BINARY_PACKED (INT32, INT64), DELTA_LENGTH_BYTE_ARRAY and
// DELTA_BYTE_ARRAY (BYTE_ARRAY). Writers use them rarely, so these favour plain code over speed.
import { invalidParquet } from '../parquet-errors';
import type { ByteArrayBuilder } from './byte-array-builder';

function corrupt(): Error {
  return invalidParquet('A DELTA-encoded Parquet page is cut or corrupt.');
}

class Cursor {
  constructor(
    readonly input: Uint8Array,
    public at: number,
    readonly end: number,
  ) {}
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.at >= this.end || shift > 63n) throw corrupt();
      const byte = this.input[this.at++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  zigzag(): bigint {
    const value = this.varint();
    return (value >> 1n) ^ -(value & 1n);
  }
  small(): number {
    const value = this.varint();
    if (value > 0x7fffffffn) throw corrupt();
    return Number(value);
  }
}

/** Reads `width` bits at bit `bit` of `input` from byte `base`, LSB first. */
function readBits(input: Uint8Array, base: number, bit: number, width: number): bigint {
  let value = 0n;
  let got = 0;
  let at = base + (bit >>> 3);
  let shift = bit & 7;
  while (got < width) {
    const byte = (input[at] as number) >> shift;
    const take = Math.min(8 - shift, width - got);
    value |= BigInt(byte & ((1 << take) - 1)) << BigInt(got);
    got += take;
    at++;
    shift = 0;
  }
  return value;
}

/**
 * Decodes the `count` DELTA_BINARY_PACKED values of `input[at, end)`. Returns them (as 64-bit, wrapped to `bits`) and the position after them.
 */
export function decodeDeltaBinaryPacked(
  input: Uint8Array,
  at: number,
  end: number,
  count: number,
  bits: 32 | 64,
): { values: BigInt64Array; end: number } {
  const cursor = new Cursor(input, at, end);
  const blockSize = cursor.small();
  const miniblocks = cursor.small();
  const total = cursor.small();
  let last = cursor.zigzag();
  if (
    blockSize === 0 ||
    blockSize % 128 !== 0 ||
    miniblocks === 0 ||
    (blockSize / miniblocks) % 32 !== 0
  )
    throw corrupt();
  // The page's own value count bounds the work (a hostile total could claim billions).
  if (total !== count) throw corrupt();
  const wanted = count;
  const values = new BigInt64Array(wanted);
  const perMiniblock = blockSize / miniblocks;
  const wrap = (value: bigint) =>
    bits === 32 ? BigInt.asIntN(32, value) : BigInt.asIntN(64, value);
  let filled = 0;
  if (wanted > 0) values[filled++] = wrap(last);
  while (filled < total) {
    const minDelta = cursor.zigzag();
    if (cursor.at + miniblocks > end) throw corrupt();
    const widths = input.subarray(cursor.at, cursor.at + miniblocks);
    cursor.at += miniblocks;
    for (let mini = 0; mini < miniblocks && filled < total; mini++) {
      const width = widths[mini] as number;
      if (width > bits) throw corrupt();
      const bytes = (perMiniblock * width) / 8;
      const take = Math.min(perMiniblock, total - filled);
      if (cursor.at + Math.ceil((take * width) / 8) > end) throw corrupt();
      for (let index = 0; index < take; index++) {
        const delta = width === 0 ? 0n : readBits(input, cursor.at, index * width, width);
        last = wrap(last + minDelta + delta);
        if (filled < wanted) values[filled] = last;
        filled++;
      }
      cursor.at = Math.min(end, cursor.at + bytes);
    }
  }
  return { values, end: cursor.at };
}

/** Appends `count` DELTA_LENGTH_BYTE_ARRAY values from `input[at, end)` to `out`. */
export function decodeDeltaLengthByteArrays(
  input: Uint8Array,
  at: number,
  end: number,
  count: number,
  out: ByteArrayBuilder,
): void {
  const { values: lengths, end: dataStart } = decodeDeltaBinaryPacked(input, at, end, count, 32);
  let position = dataStart;
  out.reserve(count, end - position);
  for (let index = 0; index < count; index++) {
    const length = Number(lengths[index]);
    if (length < 0 || length > end - position) throw corrupt();
    out.push(input, position, length);
    position += length;
  }
}

/** Appends `count` DELTA_BYTE_ARRAY (prefix + suffix) values from `input[at, end)` to `out`. */
export function decodeDeltaByteArrays(
  input: Uint8Array,
  at: number,
  end: number,
  count: number,
  out: ByteArrayBuilder,
): void {
  const { values: prefixes, end: suffixStart } = decodeDeltaBinaryPacked(input, at, end, count, 32);
  const { values: suffixes, end: dataStart } = decodeDeltaBinaryPacked(
    input,
    suffixStart,
    end,
    count,
    32,
  );
  let position = dataStart;
  let previous = new Uint8Array(0);
  for (let index = 0; index < count; index++) {
    const prefix = Number(prefixes[index]);
    const suffix = Number(suffixes[index]);
    if (prefix < 0 || prefix > previous.length || suffix < 0 || suffix > end - position)
      throw corrupt();
    const value = new Uint8Array(prefix + suffix);
    value.set(previous.subarray(0, prefix));
    value.set(input.subarray(position, position + suffix), prefix);
    position += suffix;
    out.reserve(1, value.length);
    out.push(value, 0, value.length);
    previous = value;
  }
}
