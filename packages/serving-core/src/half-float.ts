// IEEE 754 binary16 and bfloat16 conversions; JavaScript has no native half-precision array
// on Node 20, so FP16/BF16 tensors are widened to Float32Array in memory.

const float32 = new Float32Array(1);
const uint32 = new Uint32Array(float32.buffer);

/** Converts the bits of an IEEE 754 half-precision number to a JavaScript number. */
export function halfBitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x03ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Converts a number to IEEE 754 half-precision bits, rounding to nearest even. */
export function numberToHalfBits(value: number): number {
  float32[0] = value;
  const bits = uint32[0] as number;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
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

/** Converts bfloat16 bits (the high half of a float32) to a JavaScript number. */
export function bfloat16BitsToNumber(bits: number): number {
  uint32[0] = bits << 16;
  return float32[0] as number;
}

/** Converts a number to bfloat16 bits, rounding to nearest even. */
export function numberToBfloat16Bits(value: number): number {
  float32[0] = value;
  const bits = uint32[0] as number;
  if (Number.isNaN(value)) return 0x7fc0;
  const rounding = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + rounding) >>> 16) & 0xffff;
}
