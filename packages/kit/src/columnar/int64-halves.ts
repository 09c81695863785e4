/**
 * 32-bit views over the first `count` values of a 64-bit integer array (little-endian): value
 * `i` is `hi[2i + 1] * 2^32 + lo[2i]`, signed through `hi` for BigInt64Array, unsigned for
 * BigUint64Array. Adding two exact doubles rounds once, so the result is exact up to 2^53 and
 * beyond it the nearest double, the same as `Number(bigint)`, without a BigInt per value.
 */
export function int64Halves(
  values: BigInt64Array | BigUint64Array,
  count: number,
): { lo: Uint32Array; hi: Int32Array | Uint32Array } {
  const lo = new Uint32Array(values.buffer, values.byteOffset, count * 2);
  const hi =
    values instanceof BigInt64Array
      ? new Int32Array(values.buffer, values.byteOffset, count * 2)
      : lo;
  return { lo, hi };
}

/** 2^32, to join the halves of {@link int64Halves}. */
export const TWO_TO_32 = 4294967296;
