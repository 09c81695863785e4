import { InvalidInputError } from '@ballast/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dictionaryChunk, numberChunk, stringChunk } from './__fixtures__/arrow-chunks';
import { ArrowTypeId } from './arrow-data-like';
import { countStrings, StringCounter, stringCountMap } from './count-strings';
import { utf8Chunk } from './utf8-chunk';

function naive(entries: ReadonlyArray<string | null>): Map<string, number> {
  const map = new Map<string, number>();
  for (const entry of entries) if (entry !== null) map.set(entry, (map.get(entry) ?? 0) + 1);
  return map;
}

describe('countStrings', () => {
  it('counts Utf8 and LargeUtf8 values on their bytes, decoding each distinct value once', () => {
    const entries = ['a', 'bb', null, 'a', 'ünï', '', 'bb', 'a', ''];
    for (const large of [false, true]) {
      const counts = countStrings(stringChunk(entries, large));
      expect(counts.values).toEqual(['a', 'bb', 'ünï', '']);
      expect(Array.from(counts.counts)).toEqual([3, 2, 1, 2]);
      expect(Array.from(counts.byteLengths)).toEqual([1, 2, 5, 0]);
      expect(counts).toMatchObject({ nulls: 1, total: 9 });
    }
  });

  it('equals a naive count over random chunks, slices and nulls (property)', () => {
    const entry = fc.option(
      fc.oneof(
        fc.constantFrom('JFK', 'LAX', 'SFO', ''),
        fc.string({ unit: 'grapheme', maxLength: 6 }),
      ),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(entry, { maxLength: 30 }), fc.nat(), fc.boolean()), {
          maxLength: 5,
        }),
        parts => {
          const chunks = parts.map(([part, cut, large]) => {
            const start = part.length === 0 ? 0 : cut % part.length;
            return { chunk: stringChunk(part, large, start), rows: part.slice(start) };
          });
          const rows = chunks.flatMap(c => c.rows);
          const counter = new StringCounter();
          const codes = new Int32Array(rows.length);
          counter.addColumn(
            chunks.map(c => c.chunk),
            codes,
          );
          const result = counter.result();
          expect(stringCountMap(result)).toEqual(naive(rows));
          expect(result.nulls).toBe(rows.filter(row => row === null).length);
          rows.forEach((row, index) => {
            expect(row === null ? -1 : result.values[codes[index] as number]).toBe(
              row === null ? -1 : row,
            );
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps ids stable across many distinct values (table growth)', () => {
    const entries = Array.from({ length: 5000 }, (_, index) => `v${index % 1500}`);
    const counts = countStrings([
      stringChunk(entries.slice(0, 2500)),
      stringChunk(entries.slice(2500), true),
    ]);
    expect(counts.values.length).toBe(1500);
    expect(stringCountMap(counts)).toEqual(naive(entries));
  });

  it('counts dictionary chunks by index, null rows and null entries as nulls', () => {
    const chunk = dictionaryChunk([0, 1, null, 0, 2, 3], ['x', 'y', null, 'x-unused-dup']);
    const counter = new StringCounter();
    const codes = new Int32Array(6);
    counter.add(chunk, codes);
    counter.add(stringChunk(['y', 'z']));
    const result = counter.result();
    expect(stringCountMap(result)).toEqual(
      new Map([
        ['x', 2],
        ['y', 2],
        ['x-unused-dup', 1],
        ['z', 1],
      ]),
    );
    expect(result).toMatchObject({ nulls: 2, total: 8 });
    expect(Array.from(codes)).toEqual([0, 1, -1, 0, -1, 2]);
  });

  it('refuses a dictionary index past the dictionary', () => {
    const chunk = dictionaryChunk([0, 5], ['x']);
    expect(() => countStrings(chunk, 'origin')).toThrowError(
      expect.objectContaining({ code: 'DICTIONARY_INDEX_OUT_OF_RANGE' }),
    );
  });

  it('refuses non-string columns with a typed error', () => {
    const ints = numberChunk([1, 2], ArrowTypeId.Int, v => Int32Array.from(v as number[]));
    expect(() => countStrings(ints, 'delay')).toThrow(InvalidInputError);
    expect(() => countStrings(ints, 'delay')).toThrow(/delay/);
  });
});

describe('utf8Chunk', () => {
  it('narrows LargeUtf8 offsets and keeps slices relative to their first row', () => {
    const chunk = stringChunk(['ab', 'c', 'def'], true, 1);
    const { bytes, offsets, rows } = utf8Chunk(chunk);
    expect(rows).toBe(2);
    expect(Array.from(offsets)).toEqual([2, 3, 6]);
    expect(new TextDecoder().decode(bytes.subarray(offsets[1], offsets[2]))).toBe('def');
  });

  it('refuses LargeUtf8 offsets past 2 GiB', () => {
    const chunk = {
      ...stringChunk(['a'], true),
      valueOffsets: BigInt64Array.from([0n, 2n ** 31n]),
    };
    expect(() => utf8Chunk(chunk)).toThrow(/2 GiB/);
  });
});

describe('malformed string chunks', () => {
  it('refuses a 64-bit dictionary index whose high word is set instead of wrapping it', () => {
    const chunk = dictionaryChunk([0, 1], ['a', 'b']);
    // Index 2^32 + 1 narrowed to its low word would read entry 1 ("b").
    const wide = { ...chunk, values: BigInt64Array.from([0n, 2n ** 32n + 1n]) };
    expect(() => countStrings(wide)).toThrow(
      expect.objectContaining({ code: 'DICTIONARY_INDEX_OUT_OF_RANGE' }),
    );
    const negative = { ...chunk, values: BigInt64Array.from([0n, -1n]) };
    expect(() => countStrings(negative)).toThrow(
      expect.objectContaining({ code: 'DICTIONARY_INDEX_OUT_OF_RANGE' }),
    );
    const ok = { ...chunk, values: BigUint64Array.from([1n, 1n]) };
    expect(stringCountMap(countStrings(ok))).toEqual(new Map([['b', 2]]));
  });

  it('refuses offsets pointing past the bytes, running backwards or too few for the rows', () => {
    const chunk = stringChunk(['ab', 'cd']);
    const past = { ...chunk, valueOffsets: Int32Array.from([0, 2, 9]) };
    expect(() => countStrings(past)).toThrow(
      expect.objectContaining({ code: 'ARROW_BUFFER_TOO_SHORT' }),
    );
    const backwards = { ...chunk, valueOffsets: Int32Array.from([0, 3, 1]) };
    expect(() => countStrings(backwards)).toThrow(
      expect.objectContaining({ code: 'ARROW_BUFFER_TOO_SHORT' }),
    );
    const short = { ...chunk, valueOffsets: Int32Array.from([0, 2]) };
    expect(() => countStrings(short)).toThrow(
      expect.objectContaining({ code: 'ARROW_BUFFER_TOO_SHORT' }),
    );
    const large = stringChunk(['ab', 'cd'], true);
    const largePast = { ...large, valueOffsets: BigInt64Array.from([0n, 2n, 9n]) };
    expect(() => utf8Chunk(largePast)).toThrow(
      expect.objectContaining({ code: 'ARROW_BUFFER_TOO_SHORT' }),
    );
  });

  it('leaves the counter unchanged by a chunk it refuses', () => {
    const counter = new StringCounter();
    counter.add(stringChunk(['a']));
    expect(() =>
      counter.add(numberChunk([1], ArrowTypeId.Int, v => Int32Array.from(v as number[]))),
    ).toThrow(InvalidInputError);
    expect(counter.result().total).toBe(1);
  });

  it('never reads past the bytes on random offsets (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -3, max: 12 }), { minLength: 1, maxLength: 8 }),
        fc.uint8Array({ maxLength: 10 }),
        (offsets, bytes) => {
          const rows = offsets.length - 1;
          const chunk = {
            typeId: ArrowTypeId.Utf8,
            type: { typeId: ArrowTypeId.Utf8 },
            length: rows,
            offset: 0,
            nullCount: 0,
            values: bytes,
            valueOffsets: Int32Array.from(offsets),
          };
          const sane = offsets.every(
            (value, index) =>
              value >= 0 &&
              value <= bytes.length &&
              (index === 0 || value >= (offsets[index - 1] as number)),
          );
          if (sane) {
            const counts = countStrings(chunk);
            let total = 0;
            for (let id = 0; id < counts.values.length; id++) total += counts.counts[id] as number;
            expect(total).toBe(rows);
          } else {
            expect(() => countStrings(chunk)).toThrow(
              expect.objectContaining({ code: 'ARROW_BUFFER_TOO_SHORT' }),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('StringCounter codes bounds', () => {
  it('refuses a codes array without room for the chunk instead of dropping codes', () => {
    const counter = new StringCounter();
    expect(() => counter.add(stringChunk(['a', 'b', 'c']), new Int32Array(2))).toThrow(
      expect.objectContaining({ code: 'TARGET_TOO_SMALL' }),
    );
    expect(() => counter.add(stringChunk(['a']), new Int32Array(4), 3.5)).toThrow(
      expect.objectContaining({ code: 'TARGET_TOO_SMALL' }),
    );
    const codes = new Int32Array(3);
    counter.add(stringChunk(['a', null, 'a']), codes);
    expect(Array.from(codes)).toEqual([0, -1, 0]);
    expect(counter.result().total).toBe(3);
  });
});
