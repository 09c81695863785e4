import { InvalidInputError } from '@ballast/contracts';

/** Longest string a pattern is ever run against, unless the caller sets another limit. */
export const defaultMaxPatternInputLength = 10_000;

/** A compiled pattern plus the length guard that protects it. */
export interface GuardedPattern {
  readonly source: string;
  readonly maxInputLength: number;
  /** `true` / `false` for a match, `undefined` when the input is longer than the guard. */
  test(value: string): boolean | undefined;
}

/**
 * A quantified group that itself contains a quantifier, e.g. `(a+)+`, `(a|b*)*`, `(\d{2,})+`:
 * the shape behind catastrophic backtracking in JavaScript's backtracking engine.
 */
const nestedQuantifier =
  /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;
/** A back-reference, which also makes matching exponential in the worst case. */
const backReference = /\\[1-9]|\\k</;

/**
 * Compiles a user-supplied regular expression for column checks. Patterns with nested
 * quantifiers or back-references are rejected (code `UNSAFE_PATTERN`), and strings longer than
 * `maxInputLength` are never handed to the engine: `test` returns `undefined` for them and the
 * caller counts the value as unexpected. Matching is a search, as Great Expectations' pandas
 * `str.contains`-style regex check; anchor with `^...$` for a full match.
 *
 * @example
 * ```ts
 * const pattern = compileGuardedPattern('^[A-Z]{2}-\\d+$', 'kwargs.regex');
 * pattern.test('FR-12'); // true
 * ```
 */
export function compileGuardedPattern(
  source: string,
  field: string,
  maxInputLength = defaultMaxPatternInputLength,
): GuardedPattern {
  if (nestedQuantifier.test(source) || backReference.test(source)) {
    throw new InvalidInputError({
      code: 'UNSAFE_PATTERN',
      message: `The pattern at ${field} (${source}) has a nested quantifier or a back-reference, which can backtrack catastrophically; rewrite it without repeating a repeated group.`,
      details: { path: field, pattern: source },
    });
  }
  let expression: RegExp;
  try {
    expression = new RegExp(source, 'u');
  } catch (cause) {
    throw new InvalidInputError({
      code: 'INVALID_PATTERN',
      message: `The pattern at ${field} is not a valid JavaScript regular expression: ${(cause as Error).message}`,
      details: { path: field, pattern: source },
      cause,
    });
  }
  return {
    source,
    maxInputLength,
    test: value => (value.length > maxInputLength ? undefined : expression.test(value)),
  };
}
