// Growable storage for BYTE_ARRAY values: Arrow-style Int32 offsets plus one byte buffer.
import { invalidParquet } from '../parquet-errors';

/** Byte strings appended one after another: value `i` is `data[offsets[i], offsets[i + 1])`. */
export class ByteArrayBuilder {
  offsets: Int32Array;
  data: Uint8Array;
  /** Values appended. */
  count = 0;
  /** Bytes used in `data`. */
  size = 0;
  constructor(values: number, bytes = 0) {
    this.offsets = new Int32Array(values + 1);
    this.data = new Uint8Array(Math.max(16, bytes));
  }
  /** Makes room for `values` more values and `bytes` more bytes. */
  reserve(values: number, bytes: number): void {
    if (this.count + values + 1 > this.offsets.length) {
      const grown = new Int32Array(Math.max(this.count + values + 1, this.offsets.length * 2));
      grown.set(this.offsets.subarray(0, this.count + 1));
      this.offsets = grown;
    }
    if (this.size + bytes > this.data.length) {
      const needed = this.size + bytes;
      // Arrow's Utf8 offsets are Int32: a chunk over 2 GiB of strings cannot be held.
      if (needed > 0x7fffffff)
        throw invalidParquet('A Parquet column chunk holds more than 2 GiB of strings.');
      const grown = new Uint8Array(Math.min(0x7fffffff, Math.max(needed, this.data.length * 2)));
      grown.set(this.data.subarray(0, this.size));
      this.data = grown;
    }
  }
  /** Appends `input[start, start + length)`; room must have been reserved. */
  push(input: Uint8Array, start: number, length: number): void {
    const data = this.data;
    let size = this.size;
    if (length < 16) {
      for (let index = 0; index < length; index++)
        data[size + index] = input[start + index] as number;
    } else data.set(input.subarray(start, start + length), size);
    size += length;
    this.size = size;
    this.offsets[++this.count] = size;
  }
}
