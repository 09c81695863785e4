import { Bool, Dictionary, Int32, Utf8, vectorFromArray } from 'apache-arrow';
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
});
