import { describe, expect, it } from 'vitest';
import { int64JsonValue } from './int64-json-value';

describe('int64JsonValue', () => {
  it('is a number while exact, the decimal string beyond 2^53', () => {
    expect(int64JsonValue(-42n)).toBe(-42);
    expect(int64JsonValue(2n ** 53n - 1n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(int64JsonValue(2n ** 53n)).toBe('9007199254740992');
    expect(int64JsonValue(-(2n ** 63n))).toBe('-9223372036854775808');
  });
});
