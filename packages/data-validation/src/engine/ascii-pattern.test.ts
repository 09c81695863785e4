import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import { compileAsciiPattern } from './ascii-pattern';

const encoder = new TextEncoder();

function matchText(pattern: NonNullable<ReturnType<typeof compileAsciiPattern>>, text: string) {
  const bytes = encoder.encode(`__${text}__`);
  return pattern.match(bytes, 2, bytes.length - 2);
}

describe('compileAsciiPattern', () => {
  const patterns = [
    '^id-[0-9a-z]{6}$',
    '^[^@]+@[^@]+\\.[a-z]+$',
    'ab+c',
    '^a*$',
    'x?y{2,3}z{1,}$',
    '\\d\\d-\\w+\\s?',
    '[A-Fa-f0-9]{2,4}',
    '^.{3}',
    '\\.\\$\\[',
    '^$',
    '',
    '[-a]b[c-]',
    'a+?b',
    '^[^\\d]',
    '\\D\\W\\S$',
    '/\\/',
  ];
  const alphabet = 'abcxyz@.-_ 09AF$[\n\t/';

  it('agrees with RegExp on random ASCII strings for every supported pattern', () => {
    const random = seededRandom(5);
    const inputs = ['', 'id-0a9z1b', 'user1@example.com', 'not-an-email', 'abbbc', 'xyyz'];
    for (let index = 0; index < 3000; index++) {
      const length = random.integer(14);
      inputs.push(Array.from({ length }, () => alphabet[random.integer(alphabet.length)]).join(''));
    }
    for (const source of patterns) {
      const compiled = compileAsciiPattern(source);
      expect(compiled, source).toBeDefined();
      const expression = new RegExp(source, 'u');
      for (const input of inputs) {
        expect(matchText(compiled!, input), `${source} on ${JSON.stringify(input)}`).toBe(
          expression.test(input) ? 1 : 0,
        );
      }
    }
  });

  it('defers to the regex engine on non-ASCII bytes', () => {
    const compiled = compileAsciiPattern('^[^@]+@x$')!;
    expect(matchText(compiled, 'é@x')).toBe(-1);
    // Decided before the non-ASCII byte is reached.
    expect(matchText(compiled, '@é')).toBe(0);
    expect(matchText(compileAsciiPattern('a')!, 'aé')).toBe(1);
  });

  it('leaves groups, alternation, assertions and non-ASCII patterns to RegExp', () => {
    for (const source of [
      '(ab)+',
      'a|b',
      '\\bword',
      'x(?=y)',
      'é',
      '[é]',
      '\\u0041',
      'a{31}',
      '[]',
      '[^]',
    ]) {
      expect(compileAsciiPattern(source), source).toBeUndefined();
    }
  });
});
