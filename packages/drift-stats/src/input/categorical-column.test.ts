import {
  Bool,
  Dictionary,
  Float64,
  Int32,
  Int64,
  LargeUtf8,
  makeData,
  makeVector,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoryKey, toCategoricalColumn } from './categorical-column';

describe('toCategoricalColumn', () => {
  it('counts plain arrays with consistent keys for booleans, numbers and strings', () => {
    const column = toCategoricalColumn(['a', true, 1, 1n, null, Number.NaN, 'a', false]);
    expect(Object.fromEntries(column.counts)).toEqual({ a: 2, true: 1, '1': 2, false: 1 });
    expect(column).toMatchObject({ missing: 2, total: 8 });
  });

  it('counts Arrow Utf8, Dictionary and Bool vectors the same way', () => {
    const labels = ['x', null, 'y', 'x'];
    const expected = { x: 2, y: 1 };
    expect(
      Object.fromEntries(toCategoricalColumn(vectorFromArray(labels, new Utf8())).counts),
    ).toEqual(expected);
    const dictionary = vectorFromArray(labels, new Dictionary(new Utf8(), new Int32()));
    const counted = toCategoricalColumn(dictionary);
    expect(Object.fromEntries(counted.counts)).toEqual(expected);
    expect(counted.missing).toBe(1);
    const booleans = toCategoricalColumn(
      vectorFromArray([true, null, false, true], new Bool()).slice(1),
    );
    expect(Object.fromEntries(booleans.counts)).toEqual({ true: 1, false: 1 });
    expect(booleans).toMatchObject({ missing: 1, total: 3 });
  });

  it('keys categories consistently', () => {
    expect(categoryKey(false)).toBe('false');
    expect(categoryKey(2.5)).toBe('2.5');
    expect(categoryKey(undefined)).toBeUndefined();
  });

  it('rejects inputs that are not arrays or vectors', () => {
    expect(() => toCategoricalColumn('abc' as never, 'columns.city')).toThrowError(
      expect.objectContaining({ code: 'INVALID_CATEGORICAL_INPUT' }),
    );
  });

  it('counts Utf8, LargeUtf8 and string dictionaries like a naive count (property)', () => {
    const entry = fc.option(
      fc.oneof(fc.constantFrom('JFK', 'LAX', ''), fc.string({ unit: 'grapheme', maxLength: 5 })),
      { nil: null },
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), fc.nat(), fc.nat(2), (labels, cut, kind) => {
        const type =
          kind === 0
            ? new Utf8()
            : kind === 1
              ? new LargeUtf8()
              : new Dictionary(new Utf8(), new Int32());
        const start = labels.length === 0 ? 0 : cut % labels.length;
        const vector = vectorFromArray(labels, type as never).slice(start);
        const expected = new Map<string, number>();
        for (const label of labels.slice(start))
          if (label !== null) expected.set(label, (expected.get(label) ?? 0) + 1);
        const column = toCategoricalColumn(vector);
        expect(column.counts).toEqual(expected);
        expect(column.missing).toBe(labels.slice(start).filter(label => label === null).length);
      }),
      { numRuns: 200 },
    );
  });

  it('keys Int64, Float and numeric-dictionary categories by their decimal text', () => {
    const big = toCategoricalColumn(vectorFromArray([2n ** 60n + 1n, null, 3n, 3n], new Int64()));
    expect(Object.fromEntries(big.counts)).toEqual({ [String(2n ** 60n + 1n)]: 1, '3': 2 });
    const floats = toCategoricalColumn(
      vectorFromArray([1.5, Number.NaN, 1.5, -0, 0], new Float64()),
    );
    expect(Object.fromEntries(floats.counts)).toEqual({ '1.5': 2, '0': 2 });
    expect(floats.missing).toBe(1);
    const codes = vectorFromArray([7, 8, 7, null], new Dictionary(new Int32(), new Int32()));
    expect(Object.fromEntries(toCategoricalColumn(codes).counts)).toEqual({ '7': 2, '8': 1 });
  });

  it('refuses dictionary indices past the dictionary instead of counting those rows as missing', () => {
    const codes = vectorFromArray([7, 8, 7], new Dictionary(new Int32(), new Int32()));
    const data = codes.data[0]!;
    const hostile = makeVector(makeData({ ...data, data: Int32Array.from([0, 5, -1]) } as never));
    expect(() => toCategoricalColumn(hostile, 'code')).toThrow(
      expect.objectContaining({ code: 'DICTIONARY_INDEX_OUT_OF_RANGE' }),
    );
    const strings = vectorFromArray(['a', 'b'], new Dictionary(new Utf8(), new Int32()));
    const hostileStrings = makeVector(
      makeData({ ...strings.data[0]!, data: Int32Array.from([0, 9]) } as never),
    );
    expect(() => toCategoricalColumn(hostileStrings, 'name')).toThrow(
      expect.objectContaining({ code: 'DICTIONARY_INDEX_OUT_OF_RANGE' }),
    );
  });

  it('counts a null dictionary entry as missing, like a null row', () => {
    const dictionary = vectorFromArray(['a', null, 'b'], new Utf8());
    const indices = vectorFromArray([0, 1, 2, 1, null], new Int32());
    const vector = makeVector(
      makeData({
        type: new Dictionary(new Utf8(), new Int32()),
        length: 5,
        nullCount: 1,
        nullBitmap: indices.data[0]!.nullBitmap,
        data: indices.data[0]!.values,
        dictionary,
      }),
    );
    const column = toCategoricalColumn(vector);
    expect(Object.fromEntries(column.counts)).toEqual({ a: 1, b: 1 });
    expect(column.missing).toBe(3);
    expect(column.total).toBe(5);
  });
});
