import { describe, expect, it } from 'vitest';
import { compileAsciiPattern } from './ascii-pattern';
import { compileLikePattern } from './like-pattern';

describe('compileLikePattern', () => {
  it('matches % as any run and _ as one character, over the whole value', () => {
    const pattern = compileLikePattern('id-%_x', 'kwargs.like_pattern');
    expect(['id-1x', 'id-123x', 'id-\nQx'].map(value => pattern.test(value))).toEqual([
      true,
      true,
      true,
    ]);
    expect(['id-x', 'xid-1x', 'id-1xy', 'ID-1x'].map(value => pattern.test(value))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('reads a backslash as the escape of the next character', () => {
    const pattern = compileLikePattern('100\\%\\_\\\\', 'kwargs.like_pattern');
    expect(pattern.test('100%_\\')).toBe(true);
    expect(pattern.test('1000_\\')).toBe(false);
    expect(pattern.regex).toBe('^100%_\\\\$');
  });

  it('counts code points, not UTF-16 units, for _', () => {
    expect(compileLikePattern('_é_', 'field').test('😀é😀')).toBe(true);
    expect(compileLikePattern('__', 'field').test('😀')).toBe(false);
  });

  it('escapes regex syntax so the translation matches literally', () => {
    const pattern = compileLikePattern('a.b(c)%', 'field');
    expect(pattern.test('a.b(c)!')).toBe(true);
    expect(new RegExp(pattern.regex, 'u').test('axb(c)')).toBe(false);
  });

  it('rejects a trailing lone backslash with INVALID_SUITE naming the field', () => {
    expect(() => compileLikePattern('abc\\', 'expectations[2].kwargs.like_pattern')).toThrow(
      expect.objectContaining({
        code: 'INVALID_SUITE',
        details: { path: 'expectations[2].kwargs.like_pattern' },
      }),
    );
  });

  it('agrees with its regex translation and with the byte DFA on random strings', () => {
    const alphabet = ['a', 'b', '%', '_', '.', '\n'];
    let seed = 7;
    const random = (limit: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % limit;
    };
    const word = (length: number, letters: string[]) =>
      Array.from({ length }, () => letters[random(letters.length)]).join('');
    let checked = 0;
    for (let round = 0; round < 100; round++) {
      const like = compileLikePattern(word(1 + random(6), alphabet), 'field');
      const regex = new RegExp(like.regex, 'u');
      const automaton = compileAsciiPattern(like.regex);
      expect(automaton).toBeDefined();
      for (let sample = 0; sample < 20; sample++) {
        const value = word(random(8), ['a', 'b', '.', '\n', '%']);
        const bytes = new TextEncoder().encode(value);
        const expected = regex.test(value);
        expect(like.test(value)).toBe(expected);
        expect(automaton!.match(bytes, 0, bytes.length)).toBe(expected ? 1 : 0);
        checked++;
      }
    }
    expect(checked).toBe(2000);
  });

  it('stays fast on patterns with many % that would backtrack as a regex', () => {
    // Bounded by the step count of the wildcard algorithm, not by time: it returns.
    const pattern = compileLikePattern('%a%a%a%a%a%b', 'field');
    expect(pattern.test('a'.repeat(5000))).toBe(false);
  });
});
