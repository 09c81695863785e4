import { InvalidInputError } from '@ballast/contracts';

/**
 * The strftime directives {@link compileStrftimeFormat} understands, each with the regular
 * expression Python's `_strptime` uses for it (C locale names, alternatives in its order).
 */
const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Python's `__seqToRE`: longest names first (a stable sort), so `sept` cannot stop at `sep`. */
function namesPattern(names: readonly string[]): string {
  return `(${[...names].sort((left, right) => right.length - left.length).join('|')})`;
}

const directivePatterns: Record<string, string> = {
  d: '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  f: '([0-9]{1,6})',
  H: '(2[0-3]|[0-1]\\d|\\d)',
  j: '(36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])',
  m: '(1[0-2]|0[1-9]|[1-9])',
  M: '([0-5]\\d|\\d)',
  S: '(6[0-1]|[0-5]\\d|\\d)',
  y: '(\\d\\d)',
  Y: '(\\d\\d\\d\\d)',
  z: '([+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?|Z)',
  a: namesPattern(weekdays.map(name => name.slice(0, 3))),
  A: namesPattern(weekdays),
  b: namesPattern(months.map(name => name.slice(0, 3))),
  B: namesPattern(months),
  p: '(am|pm)',
};

/** Directives accepted in `strftime_format`, for messages and documentation. */
export const supportedStrftimeDirectives = [...Object.keys(directivePatterns), '%'].map(
  directive => `%${directive}`,
);

const regexSyntax = /[\\.^$*+?(){}[\]|/]/g;

/** A strftime format compiled to Python's `datetime.strptime` acceptance rule. */
export interface StrftimeFormat {
  readonly source: string;
  /** Whether `datetime.strptime(value, source)` would succeed. */
  test(value: string): boolean;
}

function invalidFormat(source: string, field: string, problem: string): InvalidInputError {
  return new InvalidInputError({
    code: 'INVALID_SUITE',
    message: `${field} (${source}) ${problem}; supported directives: ${supportedStrftimeDirectives.join(' ')}`,
    details: { path: field },
  });
}

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/**
 * Python's checks after the pattern matched: the date must exist (year 1-9999, the day within
 * its month, 1900 when no year is given, so `02-29` alone fails), seconds 0-59, a UTC offset
 * strictly inside ±24 h with colons used consistently, and a day of the year not past 9999.
 */
function convertible(groups: Record<string, string | undefined>): boolean {
  let year = 1900;
  if (groups.Y !== undefined) year = Number(groups.Y);
  if (groups.y !== undefined) {
    const short = Number(groups.y);
    year = short <= 68 ? 2000 + short : 1900 + short;
  }
  if (year < 1) return false;
  if (groups.S !== undefined && Number(groups.S) > 59) return false;
  const offset = groups.z;
  if (offset !== undefined && offset !== 'Z') {
    let digits = offset;
    if (digits[3] === ':') {
      digits = digits.slice(0, 3) + digits.slice(4);
      if (digits.length > 5) {
        if (digits[5] !== ':') return false;
        digits = digits.slice(0, 5) + digits.slice(6);
      }
    } else if (digits.length > 5 && digits[5] === ':') return false;
    const seconds =
      Number(digits.slice(1, 3)) * 3600 +
      Number(digits.slice(3, 5)) * 60 +
      Number(digits.slice(5, 7) || 0) +
      Number(`0${digits.slice(7)}`);
    if (seconds >= 86_400) return false;
  }
  if (groups.j !== undefined) {
    const lastDay = isLeapYear(year) ? 366 : 365;
    return year < 9999 || Number(groups.j) <= lastDay;
  }
  const month = groups.m !== undefined ? Number(groups.m) : 1;
  const day = groups.d !== undefined ? Number(groups.d.trim()) : 1;
  const monthLength = month === 2 && isLeapYear(year) ? 29 : (daysInMonth[month - 1] as number);
  return day <= monthLength;
}

/**
 * Compiles a strftime format to the rule Great Expectations' pandas backend applies in
 * `expect_column_values_to_match_strftime_format`: a value matches when Python's
 * `datetime.strptime(value, format)` succeeds. As Python, the whole format is matched
 * case-insensitively from the start of the value and must consume all of it, a run of
 * whitespace in the format matches one or more whitespace characters, numeric fields accept
 * their unpadded forms (`%m` reads `1`, `%d` also ` 1`), names are the English (C locale) ones,
 * and the date must exist. Supported: `%Y %y %m %d %H %M %S %f %z %j %a %A %b %B %p %%`; any
 * other directive, a stray `%` or a repeated directive is an `INVALID_SUITE` error naming
 * `field`. Digits are ASCII only (Python also reads other Unicode decimal digits).
 */
export function compileStrftimeFormat(source: string, field: string): StrftimeFormat {
  let pattern = '';
  const names: string[] = [];
  let literal = '';
  const flushLiteral = () => {
    pattern += literal.replace(regexSyntax, '\\$&').replace(/\s+/gu, '\\s+');
    literal = '';
  };
  for (let index = 0; index < source.length; index++) {
    const character = source[index]!;
    if (character !== '%') {
      literal += character;
      continue;
    }
    const directive = source[++index];
    if (directive === undefined) throw invalidFormat(source, field, 'ends with a stray "%"');
    if (directive === '%') {
      literal += '%';
      continue;
    }
    const directivePattern = directivePatterns[directive];
    if (directivePattern === undefined)
      throw invalidFormat(source, field, `uses the unsupported directive %${directive}`);
    if (names.includes(directive))
      throw invalidFormat(source, field, `repeats the directive %${directive}`);
    flushLiteral();
    names.push(directive);
    pattern += directivePattern;
  }
  flushLiteral();
  const expression = new RegExp(`^(?:${pattern})`, 'iu');
  return {
    source,
    test(value) {
      const found = expression.exec(value);
      if (found === null || found[0].length !== value.length) return false;
      const groups: Record<string, string | undefined> = {};
      names.forEach((name, position) => {
        groups[name] = found[position + 1];
      });
      // Python matches `Z` case-sensitively inside an otherwise case-insensitive pattern.
      if (groups.z === 'z') return false;
      return convertible(groups);
    },
  };
}
