import { InvalidInputError } from '@ballast/contracts';

/** One token of a LIKE pattern: a literal code point, `_` (any one) or `%` (any run). */
type LikeToken = { kind: 'literal'; text: string } | { kind: 'one' } | { kind: 'any' };

/** A SQL LIKE pattern compiled for the engine. */
export interface LikePattern {
  readonly source: string;
  /**
   * The same pattern as an anchored JavaScript regular expression (`%` is `[\s\S]*`, `_` is
   * `[\s\S]`), which the byte-level DFA compiles when it is simple enough.
   */
  readonly regex: string;
  /** Whether the whole of `value` matches, in time linear in practice (no backtracking blow-up). */
  test(value: string): boolean;
}

const regexSyntax = new Set('^$\\.*+?()[]{}|/');

function tokenize(source: string, field: string): LikeToken[] {
  const tokens: LikeToken[] = [];
  const characters = Array.from(source);
  for (let index = 0; index < characters.length; index++) {
    const character = characters[index]!;
    if (character === '\\') {
      const escaped = characters[++index];
      if (escaped === undefined) {
        throw new InvalidInputError({
          code: 'INVALID_SUITE',
          message: `${field} (${source}) ends with the escape character "\\"; escape it as "\\\\" to match a backslash`,
          details: { path: field },
        });
      }
      tokens.push({ kind: 'literal', text: escaped });
    } else if (character === '%') {
      // Consecutive `%` mean the same as one.
      if (tokens.at(-1)?.kind !== 'any') tokens.push({ kind: 'any' });
    } else if (character === '_') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'literal', text: character });
  }
  return tokens;
}

function toRegex(tokens: readonly LikeToken[]): string {
  const body = tokens
    .map(token => {
      if (token.kind === 'any') return '[\\s\\S]*';
      if (token.kind === 'one') return '[\\s\\S]';
      return regexSyntax.has(token.text) ? `\\${token.text}` : token.text;
    })
    .join('');
  return `^${body}$`;
}

/**
 * Wildcard matching over code points with one saved position per `%` (the classic greedy
 * algorithm): at most pattern × value steps, unlike a backtracking regex with several `.*`.
 */
function matchTokens(tokens: readonly LikeToken[], value: string): boolean {
  const characters = Array.from(value);
  let token = 0;
  let position = 0;
  let starToken = -1;
  let starPosition = 0;
  while (position < characters.length) {
    const current = tokens[token];
    if (current?.kind === 'any') {
      starToken = token++;
      starPosition = position;
    } else if (
      current !== undefined &&
      (current.kind === 'one' || current.text === characters[position])
    ) {
      token++;
      position++;
    } else if (starToken >= 0) {
      token = starToken + 1;
      position = ++starPosition;
    } else return false;
  }
  while (tokens[token]?.kind === 'any') token++;
  return token === tokens.length;
}

/**
 * Compiles a SQL LIKE pattern as Great Expectations hands it to SQLAlchemy's `like`: `%` matches
 * any run of characters (newlines included), `_` exactly one, everything else itself, over the
 * whole value and case-sensitively (ANSI SQL and PostgreSQL; SQLite's ASCII case folding is not
 * modelled). A backslash escapes the next character (`\%`, `\_`, `\\`), PostgreSQL's default
 * escape; a pattern ending in a lone backslash is an `INVALID_SUITE` error naming `field`.
 */
export function compileLikePattern(source: string, field: string): LikePattern {
  const tokens = tokenize(source, field);
  return { source, regex: toRegex(tokens), test: value => matchTokens(tokens, value) };
}
