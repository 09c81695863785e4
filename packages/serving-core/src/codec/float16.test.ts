import { describe, expect, it } from 'vitest';
// The codecs convert FP16/BF16 with @ballast/kit; these cases pin the wire values they rely on.
import {
  bfloat16BitsToNumber,
  float16BitsToNumber as halfBitsToNumber,
  numberToBfloat16Bits,
  numberToFloat16Bits as numberToHalfBits,
} from '@ballast/kit';

describe('half-precision conversion', () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff],
    [0.5, 0x3800],
    [2 ** -24, 0x0001],
    [0, 0x0000],
    [Number.POSITIVE_INFINITY, 0x7c00],
    [Number.NEGATIVE_INFINITY, 0xfc00],
  ])('maps %d to 0x%s and back', (value, bits) => {
    expect(numberToHalfBits(value)).toBe(bits);
    expect(halfBitsToNumber(bits)).toBe(value);
  });

  it('rounds to nearest even and overflows to infinity', () => {
    expect(halfBitsToNumber(numberToHalfBits(0.1))).toBeCloseTo(0.0999755859375, 12);
    expect(numberToHalfBits(1 + 2 ** -11)).toBe(0x3c00); // halfway, rounds to even
    expect(numberToHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(numberToHalfBits(70000)).toBe(0x7c00);
    expect(Number.isNaN(halfBitsToNumber(numberToHalfBits(Number.NaN)))).toBe(true);
  });

  it('converts bfloat16', () => {
    expect(numberToBfloat16Bits(1)).toBe(0x3f80);
    expect(bfloat16BitsToNumber(0xc000)).toBe(-2);
    expect(bfloat16BitsToNumber(numberToBfloat16Bits(1.2345))).toBeCloseTo(1.234375, 6);
    expect(Number.isNaN(bfloat16BitsToNumber(numberToBfloat16Bits(Number.NaN)))).toBe(true);
  });
});
