import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bfloat16BitsToNumber,
  decodeFloat16,
  encodeFloat16,
  float16BitsToNumber,
  numberToBfloat16Bits,
  numberToFloat16Bits,
} from './float16';

const isNaNPattern = (bits: number) => (bits & 0x7c00) === 0x7c00 && (bits & 0x03ff) !== 0;

describe('float16', () => {
  it('decodes the special values', () => {
    expect(float16BitsToNumber(0x0000)).toBe(0);
    expect(Object.is(float16BitsToNumber(0x8000), -0)).toBe(true);
    expect(float16BitsToNumber(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(float16BitsToNumber(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(float16BitsToNumber(0x7e00)).toBeNaN();
    expect(float16BitsToNumber(0x0001)).toBe(2 ** -24);
    expect(float16BitsToNumber(0x03ff)).toBe(2 ** -14 - 2 ** -24);
    expect(float16BitsToNumber(0x0400)).toBe(2 ** -14);
    expect(float16BitsToNumber(0x7bff)).toBe(65504);
    expect(float16BitsToNumber(0x3555)).toBe(0.333251953125);
  });

  it('round-trips every one of the 65,536 bit patterns (NaNs stay NaN)', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = float16BitsToNumber(bits);
      const back = numberToFloat16Bits(value);
      if (isNaNPattern(bits)) expect(isNaNPattern(back)).toBe(true);
      else if (back !== bits)
        expect.fail(`0x${bits.toString(16)} came back as 0x${back.toString(16)}`);
    }
  });

  it('rounds every exact midpoint to the even neighbour and anything off it to the nearer one', () => {
    for (let bits = 0; bits < 0x7bff; bits++) {
      const low = float16BitsToNumber(bits);
      const high = float16BitsToNumber(bits + 1);
      const middle = (low + high) / 2;
      const even = bits % 2 === 0 ? bits : bits + 1;
      if (numberToFloat16Bits(middle) !== even)
        expect.fail(`midpoint above 0x${bits.toString(16)}`);
      if (numberToFloat16Bits(-middle) !== (even | 0x8000))
        expect.fail(`negative midpoint ${bits}`);
      const nudge = (high - low) / 2 ** 20;
      if (numberToFloat16Bits(middle - nudge) !== bits) expect.fail(`below midpoint ${bits}`);
      if (numberToFloat16Bits(middle + nudge) !== bits + 1) expect.fail(`above midpoint ${bits}`);
    }
  });

  it('overflows to infinity from 65520 and underflows to a signed zero', () => {
    expect(numberToFloat16Bits(65519.99)).toBe(0x7bff);
    expect(numberToFloat16Bits(65520)).toBe(0x7c00);
    expect(numberToFloat16Bits(-1e300)).toBe(0xfc00);
    expect(numberToFloat16Bits(Number.POSITIVE_INFINITY)).toBe(0x7c00);
    expect(numberToFloat16Bits(Number.NEGATIVE_INFINITY)).toBe(0xfc00);
    expect(numberToFloat16Bits(2 ** -25)).toBe(0x0000);
    expect(numberToFloat16Bits(2 ** -25 + 2 ** -60)).toBe(0x0001);
    expect(numberToFloat16Bits(-(2 ** -26))).toBe(0x8000);
    expect(numberToFloat16Bits(-0)).toBe(0x8000);
    expect(numberToFloat16Bits(Number.MIN_VALUE)).toBe(0x0000);
    expect(numberToFloat16Bits(Number.NaN)).toBe(0x7e00);
    // The largest subnormal plus a rounding carry becomes the smallest normal.
    expect(numberToFloat16Bits(2 ** -14 - 2 ** -26)).toBe(0x0400);
  });

  it('rounds a float64 once, not through float32 (no double rounding)', () => {
    // float32 would round this to the tie 1 + 2^-11, and the tie would then go down to 1.
    expect(numberToFloat16Bits(1 + 2 ** -11 + 2 ** -40)).toBe(0x3c01);
    expect(numberToFloat16Bits(1 + 2 ** -11 - 2 ** -40)).toBe(0x3c00);
  });

  it('gives the nearest half for any number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -70000, max: 70000 }), value => {
        const bits = numberToFloat16Bits(value);
        const decoded = float16BitsToNumber(bits);
        if (!Number.isFinite(decoded)) return Math.abs(value) >= 65520;
        const error = Math.abs(decoded - value);
        const magnitude = bits & 0x7fff;
        const sign = bits & 0x8000;
        for (const neighbour of [magnitude - 1, magnitude + 1]) {
          if (neighbour < 0 || neighbour > 0x7bff) continue;
          if (Math.abs(float16BitsToNumber(sign | neighbour) - value) < error) return false;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes and encodes whole arrays', () => {
    const bits = new Uint16Array([0x3c00, 0xc000, 0x0001, 0x8000, 0x7c00, 0x7e00]);
    const values = decodeFloat16(bits);
    expect(Array.from(values.subarray(0, 5))).toEqual([
      1,
      -2,
      2 ** -24,
      -0,
      Number.POSITIVE_INFINITY,
    ]);
    expect(values[5]).toBeNaN();
    expect(Array.from(encodeFloat16(values))).toEqual([
      0x3c00, 0xc000, 0x0001, 0x8000, 0x7c00, 0x7e00,
    ]);
    expect(Array.from(encodeFloat16([0.1]))).toEqual([0x2e66]);
  });
});

describe('bfloat16', () => {
  it('round-trips every bit pattern', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = bfloat16BitsToNumber(bits);
      const back = numberToBfloat16Bits(value);
      const nan = (bits & 0x7f80) === 0x7f80 && (bits & 0x7f) !== 0;
      if (nan) expect(Number.isNaN(bfloat16BitsToNumber(back))).toBe(true);
      else if (back !== bits)
        expect.fail(`0x${bits.toString(16)} came back as 0x${back.toString(16)}`);
    }
  });

  it('rounds ties to even and avoids double rounding', () => {
    expect(numberToBfloat16Bits(1 + 2 ** -8)).toBe(0x3f80);
    expect(numberToBfloat16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(numberToBfloat16Bits(1 + 2 ** -8 + 2 ** -40)).toBe(0x3f81);
    expect(numberToBfloat16Bits(Number.NaN)).toBe(0x7fc0);
    expect(numberToBfloat16Bits(-0)).toBe(0x8000);
    expect(numberToBfloat16Bits(1e300)).toBe(0x7f80);
  });
});
