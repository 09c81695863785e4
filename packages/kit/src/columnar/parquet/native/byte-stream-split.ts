// BYTE_STREAM_SPLIT: byte k of every value is stored in stream k, the streams back to back.
import { invalidParquet } from '../parquet-errors';

/** Reassembles `count` values of `width` bytes from `input[at, end)` into `out` at byte `into`. */
export function decodeByteStreamSplit(
  input: Uint8Array,
  at: number,
  end: number,
  count: number,
  width: number,
  out: Uint8Array,
  into: number,
): void {
  // The streams split the whole page: its length fixes the value count.
  if (end - at !== count * width) {
    throw invalidParquet('A BYTE_STREAM_SPLIT page holds another number of values than it claims.');
  }
  for (let stream = 0; stream < width; stream++) {
    const base = at + stream * count;
    for (let index = 0; index < count; index++)
      out[into + index * width + stream] = input[base + index] as number;
  }
}
