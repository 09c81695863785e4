import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDefinitionBits, decodeHybrid, decodeIndices } from './rle-bit-packed-hybrid';

type Run = { rle: true; value: number; count: number } | { rle: false; values: number[] };

/** A reference encoder: each run written as the format describes, bit by bit. */
function encode(runs: readonly Run[], width: number): Uint8Array {
  const out: number[] = [];
  const varint = (value: number) => {
    let rest = value;
    while (rest >= 0x80) {
      out.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    out.push(rest);
  };
  for (const run of runs) {
    if (run.rle) {
      varint(run.count * 2);
      let value = run.value;
      for (let byte = 0; byte < (width + 7) >> 3; byte++) {
        out.push(value % 256);
        value = Math.floor(value / 256);
      }
    } else {
      const groups = Math.ceil(run.values.length / 8);
      varint(groups * 2 + 1);
      const bits = new Uint8Array(groups * width);
      run.values.forEach((value, index) => {
        for (let bit = 0; bit < width; bit++) {
          if (Math.floor(value / 2 ** bit) % 2 === 1) {
            const at = index * width + bit;
            bits[at >> 3] = (bits[at >> 3] as number) | (1 << (at & 7));
          }
        }
      });
      out.push(...bits);
    }
  }
  return Uint8Array.from(out);
}

/** The values the runs hold: a bit-packed run holds whole groups of 8, so its padding counts unless it is the last run. */
const expand = (runs: readonly Run[]) =>
  runs.flatMap((run, index) => {
    if (run.rle) return Array(run.count).fill(run.value);
    if (index === runs.length - 1) return run.values;
    return [...run.values, ...Array((8 - (run.values.length % 8)) % 8).fill(0)];
  });

const runsOf = (width: number, max = 2 ** width - 1) =>
  fc.array(
    fc.oneof(
      fc.record({
        rle: fc.constant(true as const),
        value: fc.integer({ min: 0, max }),
        count: fc.integer({ min: 1, max: 40 }),
      }),
      fc.record({
        rle: fc.constant(false as const),
        values: fc.array(fc.integer({ min: 0, max }), { minLength: 1, maxLength: 40 }),
      }),
    ),
    { minLength: 1, maxLength: 12 },
  );

describe('decodeIndices and decodeHybrid (against a reference encoder)', () => {
  it('decode every width 0..32, with and without gathering', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 32 })
          .chain(width =>
            fc.tuple(fc.constant(width), runsOf(width, Math.min(2 ** width - 1, 2 ** 31 - 2))),
          ),
        fc.constantFrom(0, 1, 2),
        ([width, runs], words) => {
          const bytes = encode(runs, width);
          const values = expand(runs);
          const count = values.length;
          const size = Math.min(2 ** 31 - 1, 2 ** width);
          const hybrid = new Int32Array(count);
          decodeHybrid(bytes, 0, bytes.length, width, hybrid, 0, count);
          expect(Array.from(hybrid, value => value >>> 0)).toEqual(values);
          // Gathering needs a dictionary of 2^width entries: kept to 16 bits here.
          if (width > 16 && words !== 0) return;
          const dictionary =
            words === 0
              ? undefined
              : Int32Array.from({ length: size * words }, (_, index) => index * 3 + 1);
          const out = new Int32Array(count * Math.max(1, words) + 4);
          expect(
            decodeIndices(
              bytes,
              0,
              bytes.length,
              width,
              count,
              size,
              words as 0 | 1 | 2,
              dictionary,
              out,
              1,
            ),
          ).toBe(true);
          const expected = values.flatMap(value =>
            words === 0 ? [value] : words === 1 ? [value * 3 + 1] : [value * 6 + 1, value * 6 + 4],
          );
          expect(
            Array.from(out.subarray(Math.max(1, words), Math.max(1, words) + expected.length)),
          ).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('report an index at or past the dictionary size', () => {
    fc.assert(
      fc.property(runsOf(7), runs => {
        const values = expand(runs);
        const bytes = encode(runs, 7);
        const size = Math.max(...values);
        const out = new Int32Array(values.length);
        expect(
          decodeIndices(bytes, 0, bytes.length, 7, values.length, size, 0, undefined, out, 0),
        ).toBe(false);
        expect(
          decodeIndices(bytes, 0, bytes.length, 7, values.length, size + 1, 0, undefined, out, 0),
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('decodeDefinitionBits sets the bits of level-1 values at any bit offset', () => {
    fc.assert(
      fc.property(runsOf(1), fc.integer({ min: 0, max: 20 }), (runs, offset) => {
        const levels = expand(runs);
        const bitmap = new Uint8Array((offset + levels.length + 7) >> 3);
        const bytes = encode(runs, 1);
        const valid = decodeDefinitionBits(bytes, 0, bytes.length, levels.length, bitmap, offset);
        expect(valid).toBe(levels.filter(level => level === 1).length);
        const bits = Array.from(
          { length: levels.length },
          (_, row) => ((bitmap[(offset + row) >> 3] as number) >> ((offset + row) & 7)) & 1,
        );
        expect(bits).toEqual(levels);
      }),
      { numRuns: 300 },
    );
  });

  it('refuse runs that end early and widths over 32', () => {
    const out = new Int32Array(16);
    expect(() => decodeHybrid(Uint8Array.from([3]), 0, 1, 8, out, 0, 8)).toThrow(/ends early/);
    expect(() =>
      decodeIndices(Uint8Array.from([3, 1]), 0, 2, 8, 8, 256, 0, undefined, out, 0),
    ).toThrow(/ends early/);
    expect(() => decodeHybrid(Uint8Array.from([2, 1]), 0, 2, 33, out, 0, 1)).toThrow(/at most 32/);
  });
});
