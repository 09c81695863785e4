// PLAIN encoding: fixed-width values little-endian back to back, booleans as bits, byte
// arrays as a 4-byte length before each value.
import { invalidParquet } from '../parquet-errors';
import type { ByteArrayBuilder } from './byte-array-builder';

function short(what: string): Error {
  return invalidParquet(
    `A PLAIN ${what} page holds fewer values than it claims: the page is cut or corrupt.`,
  );
}

/** Copies `count` values of `width` bytes from `input[at, end)` into `out` at byte `into`. */
export function decodePlainFixed(
  input: Uint8Array,
  at: number,
  end: number,
  count: number,
  width: number,
  out: Uint8Array,
  into: number,
): void {
  const bytes = count * width;
  if (at + bytes > end) throw short('fixed-width');
  out.set(input.subarray(at, at + bytes), into);
}

/** Copies `count` PLAIN booleans (bits, LSB first) from `input` at byte `at` to `bits` at bit `into`. */
export function decodePlainBooleans(
  input: Uint8Array,
  at: number,
  end: number,
  count: number,
  bits: Uint8Array,
  into: number,
): void {
  if (at + ((count + 7) >> 3) > end) throw short('BOOLEAN');
  for (let index = 0; index < count; index++) {
    if (((input[at + (index >> 3)] as number) >> (index & 7)) & 1) {
      const bit = into + index;
      bits[bit >> 3] = (bits[bit >> 3] as number) | (1 << (bit & 7));
    }
  }
}

/** Appends `count` PLAIN byte arrays from `input[at, end)` to `out`. */
export function decodePlainByteArrays(
  input: Uint8Array,
  at: number,
  end: number,
  count: number,
  out: ByteArrayBuilder,
): void {
  // Every value's bytes lie inside the page, so the page length bounds the bytes appended.
  out.reserve(count, end - at);
  for (let index = 0; index < count; index++) {
    if (at + 4 > end) throw short('BYTE_ARRAY');
    const length =
      ((input[at] as number) |
        ((input[at + 1] as number) << 8) |
        ((input[at + 2] as number) << 16) |
        ((input[at + 3] as number) << 24)) >>>
      0;
    at += 4;
    if (length > end - at) throw short('BYTE_ARRAY');
    out.push(input, at, length);
    at += length;
  }
}
