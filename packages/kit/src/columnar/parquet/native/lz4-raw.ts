// LZ4 raw block decompression (Parquet's LZ4_RAW codec; https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md),
// bounds-checked like the Snappy decoder.
import { invalidParquet } from '../parquet-errors';

/**
 * Decompresses the LZ4 block `input` into exactly `expected` bytes.
 *
 * @throws InvalidInputError `INVALID_PARQUET` when the block is malformed or does not hold
 *   `expected` bytes.
 */
export function lz4RawDecompress(input: Uint8Array, expected: number): Uint8Array {
  const output = new Uint8Array(expected);
  const end = input.length;
  let position = 0;
  let out = 0;
  const bad = () =>
    invalidParquet('An LZ4 page is malformed or decodes to a size other than its header claims.');
  const extend = (base: number): number => {
    let length = base;
    if (base !== 15) return length;
    for (;;) {
      if (position >= end) throw bad();
      const byte = input[position++] as number;
      length += byte;
      if (byte !== 255) return length;
    }
  };
  while (position < end) {
    const token = input[position++] as number;
    const literal = extend(token >>> 4);
    if (position + literal > end || out + literal > expected) throw bad();
    output.set(input.subarray(position, position + literal), out);
    position += literal;
    out += literal;
    // The last sequence has literals only.
    if (position >= end) break;
    if (position + 2 > end) throw bad();
    const distance = (input[position] as number) | ((input[position + 1] as number) << 8);
    position += 2;
    const match = extend(token & 15) + 4;
    if (distance === 0 || distance > out || out + match > expected) throw bad();
    if (distance >= match) output.copyWithin(out, out - distance, out - distance + match);
    else
      for (let index = 0; index < match; index++)
        output[out + index] = output[out + index - distance] as number;
    out += match;
  }
  if (out !== expected) throw bad();
  return output;
}
