import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secretsEqual } from './secrets-equal';

describe('secretsEqual', () => {
  it('is true only for identical strings', () => {
    expect(secretsEqual('token', 'token')).toBe(true);
    expect(secretsEqual('token', 'tokem')).toBe(false);
    expect(secretsEqual('token', 'token ')).toBe(false);
    expect(secretsEqual('', '')).toBe(true);
    expect(secretsEqual('', 'x')).toBe(false);
    expect(secretsEqual('é', 'e\u0301')).toBe(false);
  });

  it('agrees with === on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => secretsEqual(a, b) === (a === b)));
    fc.assert(fc.property(fc.string(), a => secretsEqual(a, a)));
  });
});
