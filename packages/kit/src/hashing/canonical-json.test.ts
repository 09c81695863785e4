import { createHash } from 'node:crypto';
import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { sha256Of } from './sha256';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives equal digests for equal documents written in a different key order', () => {
    expect(sha256Of({ x: 1, y: 'é' })).toBe(sha256Of({ y: 'é', x: 1 }));
    expect(sha256Of({ x: 1 })).toBe(createHash('sha256').update('{"x":1}').digest('hex'));
  });

  it('matches RFC 8785 number and string output for ordinary values', () => {
    expect(canonicalJson([1e21, 0.1, -0, 'a\u2028"'])).toBe('[1e+21,0.1,0,"a\u2028\\""]');
  });

  it('refuses NaN and Infinity instead of hashing them as null', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(InvalidInputError);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(/a: Infinity/);
  });
});
