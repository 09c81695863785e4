/**
 * Lengths at which the sorts take over (measured on Node 20): below `radixThreshold` a quicksort
 * compiled by the JIT beats the radix passes (their histograms cost a fixed few microseconds);
 * from it an LSD radix sort with 8-bit digits (eight passes, 256-entry histograms) is 1.5x to
 * 2.5x faster than the quicksort (a monitor's 1000-row windows sort every column), and from
 * `wideRadixThreshold` one with 11-bit digits (six passes) is faster still.
 */
const radixThreshold = 192;
const wideRadixThreshold = 3072;
/** Below this length a run is finished by insertion sort. */
const insertionLimit = 16;

/** A radix sort's digits: bits per digit, and passes per 32-bit half of the key. */
interface Digits {
  bits: number;
  passesPerWord: number;
}
const narrowDigits: Digits = { bits: 8, passesPerWord: 4 };
const wideDigits: Digits = { bits: 11, passesPerWord: 3 };
/** Histogram entries of the widest digits, for all their passes. */
const maxHistogramLength = 2 * wideDigits.passesPerWord * (1 << wideDigits.bits);

// Scratch reused across calls (sorting is synchronous, and each worker thread has its own): the
// digit histograms, and the ping-pong buffer up to `maxKeptScratch` values (a larger sort
// allocates its own, so one huge sort does not pin its memory for good).
const histograms = new Uint32Array(maxHistogramLength);
const maxKeptScratch = 1 << 16;
let keptScratch = new Uint32Array(0);

function scratchFor(length: number): Uint32Array {
  if (length > maxKeptScratch) return new Uint32Array(length * 2);
  if (keptScratch.length < length * 2) {
    keptScratch = new Uint32Array(Math.min(maxKeptScratch, Math.max(length, 4096)) * 2);
  }
  return keptScratch;
}

/**
 * Returns a sorted copy of `values` (ascending; `-0` before `+0`). From a few hundred values on
 * an LSD radix sort on the IEEE-754 bit pattern (eight 8-bit or, for long inputs, six 11-bit
 * passes), below that a quicksort. NaN must have been removed beforehand (see `toNumericColumn`).
 */
export function sortFloat64(values: Float64Array): Float64Array {
  return sortFloat64InPlace(values.slice());
}

/**
 * Sorts `values` in place and returns it: the same algorithm as {@link sortFloat64} without
 * the copy, for arrays the caller owns.
 */
export function sortFloat64InPlace(values: Float64Array): Float64Array {
  if (values.length < radixThreshold) return quickSortInPlace(values);
  if (values.length < wideRadixThreshold && holdsFloat32(values)) return radixSort32(values);
  return radixSortInPlace(values, values.length < wideRadixThreshold ? narrowDigits : wideDigits);
}

/**
 * True when every value is a float32 (FP32 model inputs and outputs are): their order is that of
 * their 32-bit patterns, so half the key bits need sorting. Stops at the first other value.
 */
function holdsFloat32(values: Float64Array): boolean {
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (Math.fround(value) !== value) return false;
  }
  return true;
}

/**
 * LSD radix sort of float32 values held in a Float64Array (see `holdsFloat32`): the values are
 * narrowed to 32-bit keys (exactly), sorted in up to four 8-bit passes and widened back
 * (exactly). The key transform shares a loop with the histograms, and its inverse with the last
 * pass that moves keys.
 */
function radixSort32(values: Float64Array): Float64Array {
  const length = values.length;
  const scratch = scratchFor(length);
  const keys = scratch.subarray(0, length);
  new Float32Array(scratch.buffer, 0, length).set(values);
  histograms.fill(0, 0, 1024);
  // Order-preserving keys: all bits of negatives flipped, the sign bit of positives set.
  for (let index = 0; index < length; index++) {
    const bits = keys[index] as number;
    const key = bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
    keys[index] = key;
    (histograms[key & 255] as number)++;
    (histograms[256 + ((key >>> 8) & 255)] as number)++;
    (histograms[512 + ((key >>> 16) & 255)] as number)++;
    (histograms[768 + (key >>> 24)] as number)++;
  }
  // Offsets per digit; a pass where every key shares the digit leaves the order unchanged.
  let lastPass = -1;
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 256;
    let total = 0;
    let skip = false;
    for (let digit = 0; digit < 256; digit++) {
      const count = histograms[base + digit] as number;
      if (count === length) skip = true;
      histograms[base + digit] = total;
      total += count;
    }
    if (skip) histograms[base] = length;
    else lastPass = pass;
  }
  let source: Uint32Array = keys;
  let target: Uint32Array = scratch.subarray(length, 2 * length);
  for (let pass = 0; pass <= lastPass; pass++) {
    const base = pass * 256;
    // Marked above: every key shares this digit.
    if (histograms[base] === length) continue;
    const shift = pass * 8;
    if (pass === lastPass) {
      for (let index = 0; index < length; index++) {
        const key = source[index] as number;
        target[(histograms[base + ((key >>> shift) & 255)] as number)++] =
          key & 0x80000000 ? (key & 0x7fffffff) >>> 0 : ~key >>> 0;
      }
    } else {
      for (let index = 0; index < length; index++) {
        const key = source[index] as number;
        target[(histograms[base + ((key >>> shift) & 255)] as number)++] = key;
      }
    }
    const swap = source;
    source = target;
    target = swap;
  }
  // Every digit of every key equal: one value repeated, already in order.
  if (lastPass < 0) return values;
  values.set(new Float32Array(source.buffer, source.byteOffset, length));
  return values;
}

/**
 * Introsort: quicksort (median of three, Hoare partition) with insertion sort for short runs,
 * handing a range to the built-in sort when it recurses too deep (so no input is quadratic).
 * Comparisons do not tell -0 from +0, so the zeros are put in order afterwards.
 */
function quickSortInPlace(values: Float64Array): Float64Array {
  const length = values.length;
  if (length < 2) return values;
  const stack: number[] = [0, length - 1, 2 * Math.ceil(Math.log2(length))];
  while (stack.length > 0) {
    let depth = stack.pop() as number;
    let high = stack.pop() as number;
    let low = stack.pop() as number;
    while (high - low > insertionLimit) {
      if (depth-- === 0) {
        values.subarray(low, high + 1).sort();
        low = high;
        break;
      }
      const middle = (low + high) >>> 1;
      let a = values[low] as number;
      let b = values[middle] as number;
      const c = values[high] as number;
      if (b < a) [a, b] = [b, a];
      const pivot = c < b ? Math.max(a, c) : b;
      let left = low;
      let right = high;
      while (left <= right) {
        while ((values[left] as number) < pivot) left++;
        while ((values[right] as number) > pivot) right--;
        if (left <= right) {
          const swap = values[left] as number;
          values[left] = values[right] as number;
          values[right] = swap;
          left++;
          right--;
        }
      }
      // Recurse into the smaller side later, loop on the larger: the stack stays logarithmic.
      if (right - low < high - left) {
        stack.push(left, high, depth);
        high = right;
      } else {
        stack.push(low, right, depth);
        low = left;
      }
    }
    for (let index = low + 1; index <= high; index++) {
      const value = values[index] as number;
      let position = index - 1;
      while (position >= low && (values[position] as number) > value) {
        values[position + 1] = values[position] as number;
        position--;
      }
      values[position + 1] = value;
    }
  }
  orderZeros(values);
  return values;
}

/** Puts -0 before +0 in the (contiguous) run of zeros of a sorted array. */
function orderZeros(values: Float64Array): void {
  let first = -1;
  let negative = 0;
  let end = values.length;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (value !== 0) {
      if (first >= 0) {
        end = index;
        break;
      }
      continue;
    }
    if (first < 0) first = index;
    if (Object.is(value, -0)) negative++;
  }
  if (negative === 0) return;
  values.fill(-0, first, first + negative);
  values.fill(0, first + negative, end);
}

function radixSortInPlace(values: Float64Array, digits: Digits): Float64Array {
  const length = values.length;
  const { bits, passesPerWord } = digits;
  const digitCount = 1 << bits;
  const digitMask = digitCount - 1;
  const passes = 2 * passesPerWord;
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
  histograms.fill(0, 0, passes * digitCount);
  // All passes' histograms in one read of the keys, unrolled per digit width (a loop over the
  // passes here costs the long sorts a quarter of their time).
  if (passesPerWord === 4) {
    for (let index = 0; index < length; index++) {
      const low = keys[2 * index] as number;
      const high = keys[2 * index + 1] as number;
      (histograms[low & 255] as number)++;
      (histograms[256 + ((low >>> 8) & 255)] as number)++;
      (histograms[512 + ((low >>> 16) & 255)] as number)++;
      (histograms[768 + (low >>> 24)] as number)++;
      (histograms[1024 + (high & 255)] as number)++;
      (histograms[1280 + ((high >>> 8) & 255)] as number)++;
      (histograms[1536 + ((high >>> 16) & 255)] as number)++;
      (histograms[1792 + (high >>> 24)] as number)++;
    }
  } else {
    for (let index = 0; index < length; index++) {
      const low = keys[2 * index] as number;
      const high = keys[2 * index + 1] as number;
      (histograms[low & 2047] as number)++;
      (histograms[2048 + ((low >>> 11) & 2047)] as number)++;
      (histograms[4096 + (low >>> 22)] as number)++;
      (histograms[6144 + (high & 2047)] as number)++;
      (histograms[8192 + ((high >>> 11) & 2047)] as number)++;
      (histograms[10240 + (high >>> 22)] as number)++;
    }
  }
  let source: Uint32Array = keys;
  let target: Uint32Array = scratchFor(length);
  for (let pass = 0; pass < passes; pass++) {
    const base = pass * digitCount;
    let total = 0;
    let skip = false;
    for (let digit = 0; digit < digitCount; digit++) {
      const count = histograms[base + digit] as number;
      if (count === length) skip = true;
      histograms[base + digit] = total;
      total += count;
    }
    // A pass where every key shares the digit leaves the order unchanged.
    if (skip) continue;
    const word = pass < passesPerWord ? 0 : 1;
    const shift = (pass % passesPerWord) * bits;
    for (let index = 0; index < length; index++) {
      const digit = ((source[2 * index + word] as number) >>> shift) & digitMask;
      const position = (histograms[base + digit] as number)++;
      target[2 * position] = source[2 * index] as number;
      target[2 * position + 1] = source[2 * index + 1] as number;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  // An odd number of executed passes leaves the result in the scratch buffer (which may be
  // longer than the keys).
  if (source !== keys) keys.set(source.subarray(0, length * 2));
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
