// IEEE 754 binary16 ("half") and bfloat16 conversions. Node 20 has no Float16Array, so tensors
// and Arrow columns in these formats are widened to float32/float64 in memory.
//
// Encoding rounds to nearest, ties to even, directly from the float64 value. Going through
// float32 first (the usual shortcut) rounds twice and can be off by one unit: 1 + 2^-11 + 2^-40
// becomes 1 + 2^-11 in float32, a tie, which then rounds down to 1 although the true value is
// nearer to 1 + 2^-10. The shortcut is kept only for values that are exact in float32, where
// it is exact too.

const float32 = new Float32Array(1);
const uint32 = new Uint32Array(float32.buffer);

/** Rounds to the nearest integer, ties to even; exact for every float64 input used here. */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const rest = value - floor;
  return rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
}

/**
 * Encodes a float64 into a binary format with `exponentBits` and `mantissaBits` (sign on top),
 * correctly rounded. Slower than the float32 path, so used only for values not exact in float32.
 */
function encodeExact(value: number, exponentBits: number, mantissaBits: number): number {
  const signBit = 1 << (exponentBits + mantissaBits);
  const maxExponent = (1 << exponentBits) - 1;
  const bias = (maxExponent >> 1) as number;
  if (Number.isNaN(value)) return (maxExponent << mantissaBits) | (1 << (mantissaBits - 1));
  const sign = value < 0 || Object.is(value, -0) ? signBit : 0;
  const magnitude = Math.abs(value);
  if (magnitude === Number.POSITIVE_INFINITY) return sign | (maxExponent << mantissaBits);
  if (magnitude < 2 ** (1 - bias)) {
    // Subnormal: units of 2^(1 - bias - mantissaBits). A result of 2^mantissaBits is the
    // smallest normal number, whose bit pattern is exactly that integer.
    return sign | roundHalfEven(magnitude * 2 ** (bias - 1 + mantissaBits));
  }
  let exponent = Math.floor(Math.log2(magnitude));
  // log2 may be off by one next to powers of two; settle it exactly.
  if (2 ** exponent > magnitude) exponent -= 1;
  else if (2 ** (exponent + 1) <= magnitude) exponent += 1;
  if (exponent > bias) return sign | (maxExponent << mantissaBits);
  const fraction = roundHalfEven((magnitude / 2 ** exponent - 1) * 2 ** mantissaBits);
  // A fraction rounded up to 2^mantissaBits carries into the exponent (and to infinity at the top).
  return sign | (((exponent + bias) << mantissaBits) + fraction);
}

/**
 * Converts the 16 bits of an IEEE 754 half-precision number to a JavaScript number. Every
 * half value, subnormals and ±0 included, is exact in a number; NaN patterns give `NaN`.
 *
 * @example
 * ```ts
 * float16BitsToNumber(0x3c00); // 1
 * ```
 */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x03ff;
  if (exponent === 0) return sign * 2 ** -24 * fraction;
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * Converts a number to IEEE 754 half-precision bits, rounding to nearest, ties to even.
 * Values beyond the largest half (65504) round to ±Infinity from 65520 on, values too small
 * round to ±0 keeping their sign, and NaN becomes the quiet NaN `0x7e00`.
 *
 * @example
 * ```ts
 * numberToFloat16Bits(1); // 0x3c00
 * ```
 */
export function numberToFloat16Bits(value: number): number {
  if (Math.fround(value) !== value) return encodeExact(value, 5, 10);
  // Exact in float32 (NaN fails the check above): integer rounding on the float32 bits.
  float32[0] = value;
  const bits = uint32[0] as number;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00;
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    const halfMantissa = mantissa >> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    const roundUp = remainder > halfway || (remainder === halfway && (halfMantissa & 1) === 1);
    return sign | (halfMantissa + (roundUp ? 1 : 0));
  }
  const halfMantissa = mantissa >> 13;
  const remainder = mantissa & 0x1fff;
  const roundUp = remainder > 0x1000 || (remainder === 0x1000 && (halfMantissa & 1) === 1);
  // A carry out of the mantissa correctly bumps the exponent (and overflows to infinity).
  return (sign | (halfExponent << 10) | halfMantissa) + (roundUp ? 1 : 0);
}

let decodeTable: Float32Array | undefined;

/**
 * Widens an array of half-precision bit patterns to a Float32Array (every half value is exact
 * in float32). Uses a 65,536-entry table built on first use (256 KiB).
 *
 * @example
 * ```ts
 * decodeFloat16(new Uint16Array([0x3c00, 0xc000])); // Float32Array [1, -2]
 * ```
 */
export function decodeFloat16(bits: Uint16Array): Float32Array {
  if (decodeTable === undefined) {
    const table = new Float32Array(0x10000);
    for (let pattern = 0; pattern < 0x10000; pattern++) {
      table[pattern] = float16BitsToNumber(pattern);
    }
    decodeTable = table;
  }
  const table = decodeTable;
  const out = new Float32Array(bits.length);
  for (let index = 0; index < bits.length; index++) {
    out[index] = table[bits[index] as number] as number;
  }
  return out;
}

/**
 * Narrows numbers to half-precision bit patterns with {@link numberToFloat16Bits}.
 *
 * @example
 * ```ts
 * encodeFloat16([1, -2, 0.1]); // Uint16Array [0x3c00, 0xc000, 0x2e66]
 * ```
 */
export function encodeFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let index = 0; index < values.length; index++) {
    out[index] = numberToFloat16Bits(values[index] as number);
  }
  return out;
}

/**
 * Converts bfloat16 bits (the high 16 bits of a float32) to a JavaScript number.
 *
 * @example
 * ```ts
 * bfloat16BitsToNumber(0x3f80); // 1
 * ```
 */
export function bfloat16BitsToNumber(bits: number): number {
  uint32[0] = (bits & 0xffff) << 16;
  return float32[0] as number;
}

/**
 * Converts a number to bfloat16 bits, rounding to nearest, ties to even; NaN becomes `0x7fc0`.
 *
 * @example
 * ```ts
 * numberToBfloat16Bits(1); // 0x3f80
 * ```
 */
export function numberToBfloat16Bits(value: number): number {
  if (Math.fround(value) !== value) return encodeExact(value, 8, 7);
  float32[0] = value;
  const bits = uint32[0] as number;
  // Exact float32 values are never NaN here; rounding the low half away carries correctly,
  // including into the exponent and up to infinity.
  const rounding = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + rounding) >>> 16) & 0xffff;
}
