/**
 * Below this length a typed-array sort beats the radix passes (their fixed cost is four
 * 65 536-entry histograms).
 */
const radixThreshold = 4096;

/**
 * Returns a sorted copy of `values` (ascending; `-0` before `+0`). Large inputs use an LSD
 * radix sort on the IEEE-754 bit pattern (four 16-bit passes), small ones the built-in
 * typed-array sort. NaN must have been removed beforehand (see `toNumericColumn`).
 */
export function sortFloat64(values: Float64Array): Float64Array {
  return sortFloat64InPlace(values.slice());
}

/**
 * Sorts `values` in place and returns it: the same algorithm as {@link sortFloat64} without
 * the copy, for arrays the caller owns (the radix path needs one scratch buffer of the same
 * size).
 */
export function sortFloat64InPlace(values: Float64Array): Float64Array {
  if (values.length < radixThreshold) return values.sort();
  return radixSortInPlace(values);
}

function radixSortInPlace(values: Float64Array): Float64Array {
  const length = values.length;
  // Map each float to an unsigned 64-bit key held as two uint32 halves (in the values' own
  // buffer) whose order is the numeric order: flip all bits of negatives, only the sign bit of
  // positives.
  const keys = new Uint32Array(values.buffer, values.byteOffset, length * 2);
  for (let index = 0; index < length; index++) {
    const high = keys[2 * index + 1] as number;
    if (high & 0x80000000) {
      keys[2 * index + 1] = ~high >>> 0;
      keys[2 * index] = ~(keys[2 * index] as number) >>> 0;
    } else {
      keys[2 * index + 1] = (high | 0x80000000) >>> 0;
    }
  }
  const histograms = new Uint32Array(4 * 65536);
  for (let index = 0; index < length; index++) {
    const low = keys[2 * index] as number;
    const high = keys[2 * index + 1] as number;
    (histograms[low & 0xffff] as number)++;
    (histograms[65536 + (low >>> 16)] as number)++;
    (histograms[131072 + (high & 0xffff)] as number)++;
    (histograms[196608 + (high >>> 16)] as number)++;
  }
  let source: Uint32Array = keys;
  let target: Uint32Array = new Uint32Array(length * 2);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    let total = 0;
    let skip = false;
    for (let digit = 0; digit < 65536; digit++) {
      const count = histograms[base + digit] as number;
      if (count === length) skip = true;
      histograms[base + digit] = total;
      total += count;
    }
    // A pass where every key shares the digit leaves the order unchanged.
    if (skip) continue;
    const word = pass < 2 ? 0 : 1;
    const shift = pass % 2 === 0 ? 0 : 16;
    for (let index = 0; index < length; index++) {
      const digit = ((source[2 * index + word] as number) >>> shift) & 0xffff;
      const position = (histograms[base + digit] as number)++;
      target[2 * position] = source[2 * index] as number;
      target[2 * position + 1] = source[2 * index + 1] as number;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  // An odd number of executed passes leaves the result in the scratch buffer.
  if (source !== keys) keys.set(source);
  for (let index = 0; index < length; index++) {
    const high = keys[2 * index + 1] as number;
    if (high & 0x80000000) {
      keys[2 * index + 1] = (high & 0x7fffffff) >>> 0;
    } else {
      keys[2 * index + 1] = ~high >>> 0;
      keys[2 * index] = ~(keys[2 * index] as number) >>> 0;
    }
  }
  return values;
}
