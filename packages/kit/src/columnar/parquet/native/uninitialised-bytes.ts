// Large buffers without the zero-fill, for bytes that are all written before being read.
/**
 * `size` bytes in an ArrayBuffer of their own (byte offset 0), not zero-filled. For buffers
 * the reader writes in full before anyone sees them (value buffers: decoded values, then
 * zeros for null rows; column chunk bytes read from disk): zero-filling the ~100 MB of a
 * 3M-row file first costs more than decoding some of its columns. Small sizes come zeroed.
 */
export function uninitialised(size: number): Uint8Array {
  if (size < 4096) return new Uint8Array(size);
  const buffer = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, size);
}
