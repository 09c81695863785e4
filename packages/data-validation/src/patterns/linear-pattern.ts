import { InvalidInputError } from '@ballast/contracts';
import type { Options } from 'ajv';
import { RE2JS, RE2JSException } from 're2js';

/** ajv's pluggable regular expression engine (its `code.regExp` option). */
type RegExpEngine = NonNullable<NonNullable<Options['code']>['regExp']>;

/** Longest string a pattern is ever run against, unless the caller sets another limit. */
export const defaultMaxPatternInputLength = 10_000;

/** A compiled pattern plus the length guard that protects it. */
export interface GuardedPattern {
  readonly source: string;
  readonly maxInputLength: number;
  /** `true` / `false` for a match, `undefined` when the input is longer than the guard. */
  test(value: string): boolean | undefined;
}

/** A construct that needs backtracking, which the linear-time engine refuses. */
export type UnsupportedPatternConstruct = 'backreference' | 'lookahead' | 'lookbehind';

/**
 * The first construct of `source` that a linear-time engine cannot run, with its text, or
 * `undefined`. Escapes and character classes are skipped, so `[(?=]` or `\(?=` are literals.
 */
function unsupportedConstruct(
  source: string,
): { construct: UnsupportedPatternConstruct; text: string } | undefined {
  let inClass = false;
  for (let index = 0; index < source.length; index++) {
    const character = source[index];
    if (character === '\\') {
      const next = source[index + 1] ?? '';
      if (!inClass && next >= '1' && next <= '9') {
        return { construct: 'backreference', text: `\\${next}` };
      }
      if (!inClass && next === 'k' && source[index + 2] === '<') {
        return {
          construct: 'backreference',
          text: source.slice(index, source.indexOf('>', index) + 1 || undefined),
        };
      }
      index++;
      continue;
    }
    if (inClass) {
      if (character === ']') inClass = false;
      continue;
    }
    if (character === '[') {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal member, not the end of the class.
      if (source[index + 1] === '^') index++;
      if (source[index + 1] === ']') index++;
      continue;
    }
    if (character === '(' && source[index + 1] === '?') {
      const head = source.slice(index, index + 4);
      if (head.startsWith('(?=') || head.startsWith('(?!')) {
        return { construct: 'lookahead', text: head.slice(0, 3) };
      }
      if (head === '(?<=' || head === '(?<!') return { construct: 'lookbehind', text: head };
    }
  }
  return undefined;
}

/**
 * Compiles a user-supplied regular expression on RE2 (the `re2js` port), which matches in time
 * linear in the input whatever the pattern: nested or overlapping quantifiers such as `(a+)+$`
 * or `(a|aa)+$` cannot backtrack. JavaScript syntax is translated first (`\uXXXX`, `(?<name>`).
 * Backreferences and lookaround need backtracking, so they are refused with `UNSAFE_PATTERN`
 * naming the construct (`details.construct`); any other syntax RE2 rejects is `INVALID_PATTERN`.
 */
export function compileLinearRegExp(source: string, field: string): RE2JS {
  const unsupported = unsupportedConstruct(source);
  if (unsupported) {
    throw new InvalidInputError({
      code: 'UNSAFE_PATTERN',
      message: `The pattern at ${field} (${source}) uses a ${unsupported.construct} (${unsupported.text}), which needs a backtracking engine; patterns run on a linear-time engine (RE2), so rewrite it without one.`,
      details: { path: field, pattern: source, construct: unsupported.construct },
    });
  }
  try {
    return RE2JS.compile(RE2JS.translateRegExp(source));
  } catch (cause) {
    const reason = cause instanceof RE2JSException ? cause.message : String(cause);
    throw new InvalidInputError({
      code: 'INVALID_PATTERN',
      message: `The pattern at ${field} is not a valid regular expression for RE2: ${reason}`,
      details: { path: field, pattern: source },
      cause,
    });
  }
}

/**
 * Compiles a user-supplied regular expression for column checks on a linear-time engine (see
 * `compileLinearRegExp`). Strings longer than `maxInputLength` are never handed to the engine:
 * `test` returns `undefined` for them and the caller counts the value as unexpected. Matching
 * is a search, as Great Expectations' regex checks; anchor with `^...$` for a full match.
 */
export function compileGuardedPattern(
  source: string,
  field: string,
  maxInputLength = defaultMaxPatternInputLength,
): GuardedPattern {
  const expression = compileLinearRegExp(source, field);
  return {
    source,
    maxInputLength,
    test: value => (value.length > maxInputLength ? undefined : expression.test(value)),
  };
}

/**
 * ajv's `code.regExp` engine running JSON Schema `pattern` and `patternProperties` on RE2, so a
 * schema from a suite or a caller cannot make a record check take super-linear time. ajv caches
 * compiled patterns by `toString()`, hence one distinct string per pattern.
 */
export const linearRegExpEngine: RegExpEngine = Object.assign(
  (pattern: string) => {
    const expression = compileLinearRegExp(pattern, 'pattern');
    return { test: (value: string) => expression.test(value), toString: () => `/${pattern}/re2` };
  },
  { code: 'ballastLinearRegExp' },
);
