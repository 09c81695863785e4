/**
 * A 64-bit integer as an inference payload's JSON carries it: a number when it is exact as a
 * double, else its decimal string (so no digit is lost). What serving writes for INT64 and UINT64
 * tensors, and what a reader of payloads (the monitor) makes of a bigint it is handed directly.
 */
export function int64JsonValue(value: bigint): number | string {
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value.toString();
}
