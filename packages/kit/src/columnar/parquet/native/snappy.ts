// Snappy raw block decompression (https://github.com/google/snappy/blob/main/format_description.txt),
// bounds-checked: a hostile block ends in an error, never a read or write out of range.
import { invalidParquet } from '../parquet-errors';

/**
 * Decompresses the Snappy block `input` into exactly `expected` bytes.
 *
 * @throws InvalidInputError `INVALID_PARQUET` when the block is malformed or does not hold
 *   `expected` bytes.
 */
export function snappyDecompress(input: Uint8Array, expected: number): Uint8Array {
  const end = input.length;
  let position = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (position >= end || shift > 28)
      throw invalidParquet('A Snappy page has a bad length preamble.');
    const byte = input[position++] as number;
    length += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
  }
  if (length !== expected) {
    throw invalidParquet(
      `A Snappy page holds ${length} bytes, but its header claims ${expected}: the file is corrupt.`,
    );
  }
  const output = new Uint8Array(length);
  let out = 0;
  while (position < end) {
    const tag = input[position++] as number;
    const kind = tag & 3;
    if (kind === 0) {
      let literal = tag >>> 2;
      if (literal >= 60) {
        const extra = literal - 59;
        if (position + extra > end) throw invalidParquet('A Snappy page ends inside a literal.');
        literal = 0;
        for (let index = 0; index < extra; index++)
          literal += (input[position + index] as number) * 2 ** (8 * index);
        position += extra;
      }
      literal += 1;
      if (position + literal > end || out + literal > length)
        throw invalidParquet('A Snappy literal runs past its page.');
      output.set(input.subarray(position, position + literal), out);
      position += literal;
      out += literal;
      continue;
    }
    let copy: number;
    let distance: number;
    if (kind === 1) {
      if (position >= end) throw invalidParquet('A Snappy page ends inside a copy.');
      copy = ((tag >>> 2) & 7) + 4;
      distance = ((tag >>> 5) << 8) | (input[position++] as number);
    } else if (kind === 2) {
      if (position + 2 > end) throw invalidParquet('A Snappy page ends inside a copy.');
      copy = (tag >>> 2) + 1;
      distance = (input[position] as number) | ((input[position + 1] as number) << 8);
      position += 2;
    } else {
      if (position + 4 > end) throw invalidParquet('A Snappy page ends inside a copy.');
      copy = (tag >>> 2) + 1;
      distance =
        ((input[position] as number) |
          ((input[position + 1] as number) << 8) |
          ((input[position + 2] as number) << 16) |
          ((input[position + 3] as number) << 24)) >>>
        0;
      position += 4;
    }
    if (distance === 0 || distance > out || out + copy > length)
      throw invalidParquet('A Snappy copy points outside its page.');
    if (distance >= copy) output.copyWithin(out, out - distance, out - distance + copy);
    else
      for (let index = 0; index < copy; index++, out++)
        output[out] = output[out - distance] as number;
    if (distance >= copy) out += copy;
  }
  if (out !== length) throw invalidParquet('A Snappy page decodes to fewer bytes than it claims.');
  return output;
}
