import { InvalidInputError } from '@ballast/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberChunk, stringChunk } from './__fixtures__/arrow-chunks';
import { ArrowTypeId } from './arrow-data-like';
import { readNumbers, readNumbersInto } from './read-numbers';

const int64 = (entries: ReadonlyArray<bigint | null>, start?: number, length?: number) =>
  numberChunk(entries, ArrowTypeId.Int, v => BigInt64Array.from(v, x => BigInt(x)), start, length);

function expected(entries: ReadonlyArray<number | bigint | null>, start: number, length: number) {
  return entries
    .slice(start, start + length)
    .filter(entry => entry !== null)
    .map(Number);
}

describe('readNumbers', () => {
  it('reads int64 from its 32-bit halves exactly as Number(bigint), beyond 2^53 too', () => {
    const entries = [
      0n,
      -1n,
      2n ** 53n,
      2n ** 53n + 1n,
      -(2n ** 63n),
      2n ** 63n - 1n,
      -4294967296n,
      4294967295n,
    ];
    expect(Array.from(readNumbers(int64(entries)).values)).toEqual(entries.map(Number));
  });

  it('reads uint64 above 2^63 as unsigned', () => {
    const entries = [2n ** 64n - 1n, 2n ** 63n, 5n];
    const chunk = numberChunk(entries, ArrowTypeId.Int, v => BigUint64Array.from(v as bigint[]));
    expect(Array.from(readNumbers(chunk).values)).toEqual(entries.map(Number));
  });

  it('respects slices and validity bitmaps (property)', () => {
    const entry = fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 80 }), fc.nat(), fc.nat(), (entries, a, b) => {
        const start = entries.length === 0 ? 0 : a % (entries.length + 1);
        const length = entries.length - start === 0 ? 0 : b % (entries.length - start + 1);
        const result = readNumbers(int64(entries, start, length));
        expect(Array.from(result.values)).toEqual(expected(entries, start, length));
        expect(result.total).toBe(length);
      }),
      { numRuns: 300 },
    );
  });

  it('concatenates chunks and reads 8- to 32-bit ints and floats (property)', () => {
    const entry = fc.option(fc.integer({ min: -128, max: 127 }), { nil: null });
    const makers = [
      (v: Array<number | bigint>) => Int8Array.from(v as number[]),
      (v: Array<number | bigint>) => Int16Array.from(v as number[]),
      (v: Array<number | bigint>) => Int32Array.from(v as number[]),
      (v: Array<number | bigint>) => Float32Array.from(v as number[]),
      (v: Array<number | bigint>) => Float64Array.from(v as number[]),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.array(entry, { maxLength: 20 }), { maxLength: 5 }),
        fc.nat(4),
        (parts, kind) => {
          const typeId = kind >= 3 ? ArrowTypeId.Float : ArrowTypeId.Int;
          const chunks = parts.map(part =>
            numberChunk(part, typeId, makers[kind] as never, part.length > 0 ? 1 : 0),
          );
          const want = parts.flatMap(part =>
            expected(part, part.length > 0 ? 1 : 0, Math.max(0, part.length - 1)),
          );
          expect(Array.from(readNumbers(chunks).values)).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('skips NaN and ±Infinity only with finiteOnly', () => {
    const entries = [1.5, Number.NaN, null, Number.POSITIVE_INFINITY, -2];
    const chunk = numberChunk(entries, ArrowTypeId.Float, v => Float64Array.from(v as number[]));
    expect(readNumbers(chunk, { finiteOnly: true })).toMatchObject({ valid: 2, total: 5 });
    expect(readNumbers(chunk).valid).toBe(4);
  });

  it('widens float16 (precision 0) rather than reading its bits as integers', () => {
    // 0x3c00 = 1, 0xc000 = -2, 0x7c00 = +Infinity
    const chunk = numberChunk(
      [0x3c00, 0xc000, 0x7c00],
      ArrowTypeId.Float,
      v => Uint16Array.from(v as number[]),
      0,
      3,
      0,
    );
    expect(Array.from(readNumbers(chunk, { finiteOnly: true }).values)).toEqual([1, -2]);
  });

  it('reads timestamps in their stored unit', () => {
    const chunk = numberChunk([1_700_000_000_000_000n, null], ArrowTypeId.Timestamp, v =>
      BigInt64Array.from(v as bigint[]),
    );
    expect(Array.from(readNumbers(chunk).values)).toEqual([1_700_000_000_000_000]);
  });

  it('appends at a position and returns the next one', () => {
    const target = new Float64Array(4).fill(9);
    expect(readNumbersInto(int64([1n, null, 3n]), target, 1)).toBe(3);
    expect(Array.from(target)).toEqual([9, 1, 3, 9]);
  });

  it('refuses a string column with a typed error naming it', () => {
    expect(() => readNumbers(stringChunk(['a']), {}, 'origin')).toThrow(InvalidInputError);
    expect(() => readNumbers(stringChunk(['a']), {}, 'origin')).toThrow(/origin/);
  });
});

describe('readNumbersInto bounds', () => {
  it('refuses a target without room instead of dropping values', () => {
    const chunk = numberChunk([1, 2, 3], ArrowTypeId.Int, v => Int32Array.from(v as number[]));
    expect(() => readNumbersInto(chunk, new Float64Array(4), 2)).toThrowError(
      expect.objectContaining({ code: 'TARGET_TOO_SMALL' }),
    );
  });
});

describe('malformed numeric chunks', () => {
  it('refuses values that do not cover the rows instead of reading the buffer behind them', () => {
    // Two columns packed in one ArrayBuffer: a view past the first would read the second.
    const shared = new BigInt64Array([1n, 2n, 99n, 99n]);
    const chunk = {
      typeId: ArrowTypeId.Int,
      type: { typeId: ArrowTypeId.Int },
      length: 4,
      offset: 0,
      nullCount: 0,
      values: shared.subarray(0, 2),
    };
    expect(() => readNumbers(chunk)).toThrow(
      expect.objectContaining({ code: 'ARROW_BUFFER_TOO_SHORT' }),
    );
    const floats = {
      ...chunk,
      typeId: ArrowTypeId.Float,
      type: { typeId: ArrowTypeId.Float, precision: 2 },
      values: new Float64Array(2),
    };
    expect(() => readNumbers(floats)).toThrow(
      expect.objectContaining({ code: 'ARROW_BUFFER_TOO_SHORT' }),
    );
  });
});

describe('readNumbersInto start index', () => {
  it('refuses a start index that is not a whole number', () => {
    const chunk = numberChunk([1, 2], ArrowTypeId.Float, v => Float64Array.from(v as number[]));
    for (const at of [Number.NaN, 0.5, -1]) {
      expect(() => readNumbersInto(chunk, new Float64Array(4), at)).toThrow(
        expect.objectContaining({ code: 'TARGET_TOO_SMALL' }),
      );
    }
  });
});
