import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { sqlNumber } from './sql-number';

describe('sqlNumber', () => {
  it('reads what drivers return for numbers', () => {
    expect(sqlNumber(3)).toBe(3);
    expect(sqlNumber(3n)).toBe(3);
    expect(sqlNumber('42')).toBe(42);
    expect(sqlNumber('1.5e3')).toBe(1500);
    expect(sqlNumber('NaN')).toBeNaN();
    expect(sqlNumber('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(sqlNumber({ valueOf: () => 7n })).toBe(7);
    expect(sqlNumber(null)).toBeNull();
    expect(sqlNumber(undefined)).toBeNull();
  });
  it('refuses values that are not numbers', () => {
    expect(() => sqlNumber('abc')).toThrow(InvalidInputError);
    expect(() => sqlNumber('')).toThrow(InvalidInputError);
    expect(() => sqlNumber(true)).toThrow(InvalidInputError);
    expect(() => sqlNumber(new Date())).toThrow(InvalidInputError);
  });
});
