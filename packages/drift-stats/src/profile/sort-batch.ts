import { sortFloat64InPlace } from '../sorting/sort-float64';

/** Widest value range sorted by counting (a 256 KiB count table). */
const countingRange = 65_536;

/**
 * Sorts one batch of finite values in place for the profile's single sorted pass. Integer
 * columns with a small range (counts, codes, ratings: most integer columns) are sorted by
 * counting — two linear passes; anything else goes to the radix sort.
 */
export function sortBatchInPlace(values: Float64Array): Float64Array {
  const length = values.length;
  if (length < 4096) return sortFloat64InPlace(values);
  let min = values[0] as number;
  let max = min;
  for (let index = 0; index < length; index += 1) {
    const value = values[index] as number;
    if (!Number.isInteger(value)) return sortFloat64InPlace(values);
    if (value < min) min = value;
    else if (value > max) max = value;
    if (max - min >= countingRange) return sortFloat64InPlace(values);
  }
  const counts = new Int32Array(max - min + 1);
  for (let index = 0; index < length; index += 1) {
    const slot = (values[index] as number) - min;
    counts[slot] = (counts[slot] as number) + 1;
  }
  let at = 0;
  for (let slot = 0; slot < counts.length; slot += 1) {
    const count = counts[slot] as number;
    // `+ 0` stores 0 for an input -0, as the sketches do.
    if (count > 0) values.fill(min + slot + 0, at, at + count);
    at += count;
  }
  return values;
}
