import { InvalidInputError } from '@ballast/contracts';

/**
 * The syntaxes of a `row_condition`: `pandas` (a subset of `DataFrame.query`) and
 * `great_expectations` (`col("a") > 5`); `great_expectations__experimental__` is GX's older
 * name for the latter.
 */
export type ConditionParser =
  | 'pandas'
  | 'great_expectations'
  | 'great_expectations__experimental__';

/**
 * The parsers {@link parseRowCondition} accepts.
 */
export const conditionParsers: readonly ConditionParser[] = [
  'pandas',
  'great_expectations',
  'great_expectations__experimental__',
];

/** A comparison operator of a row condition. */
export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A literal of a row condition; `date` marks GX's `date("…")`, read as a date-time. */
export interface ConditionLiteral {
  kind: 'literal';
  value: number | string | boolean;
  date?: true;
}

/** A column of a row condition, by name or dot path. */
export interface ConditionColumn {
  kind: 'column';
  path: string;
}

/**
 * A parsed row condition. Missing values (null, NaN) make every comparison false except `!=`,
 * which is its negation and so true, as pandas evaluates `DataFrame.query`; `not in` likewise.
 */
export type RowCondition =
  | {
      kind: 'compare';
      operator: ComparisonOperator;
      left: ConditionColumn | ConditionLiteral;
      right: ConditionColumn | ConditionLiteral;
    }
  | { kind: 'in'; column: ConditionColumn; values: ConditionLiteral[]; negated: boolean }
  | { kind: 'missing'; column: ConditionColumn; negated: boolean }
  | { kind: 'truthy'; column: ConditionColumn }
  | { kind: 'constant'; value: boolean }
  | { kind: 'not'; operand: RowCondition }
  | { kind: 'and' | 'or'; left: RowCondition; right: RowCondition };

/** A problem in a row condition at a 0-based character offset. */
export class RowConditionSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'RowConditionSyntaxError';
  }

  /** The message with a 1-based character position, as the suite errors report it. */
  describe(): string {
    return `${this.message} (at character ${this.position + 1} of the condition)`;
  }
}

interface Token {
  kind: 'number' | 'string' | 'name' | 'quoted-name' | 'operator' | 'end';
  text: string;
  value?: number | string;
  position: number;
}

const operators = [
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '&',
  '|',
  '~',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '-',
];
const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start]!;
  let value = '';
  let position = start + 1;
  while (position < text.length) {
    const char = text[position]!;
    if (char === quote) return { value, end: position + 1 };
    if (char === '\\' && position + 1 < text.length) {
      const next = text[position + 1]!;
      value += escapes[next] ?? next;
      position += 2;
      continue;
    }
    value += char;
    position++;
  }
  throw new RowConditionSyntaxError('unterminated string literal', start);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < text.length) {
    const char = text[position]!;
    if (/\s/.test(char)) {
      position++;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(position));
    if (number && !(char === '.' && tokens.at(-1)?.kind === 'name')) {
      const after = text[position + number[0].length];
      if (after !== undefined && /[A-Za-z_]/.test(after))
        throw new RowConditionSyntaxError(`malformed number "${number[0]}${after}"`, position);
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), position });
      position += number[0].length;
      continue;
    }
    if (char === '"' || char === "'") {
      const { value, end } = readString(text, position);
      tokens.push({ kind: 'string', text: text.slice(position, end), value, position });
      position = end;
      continue;
    }
    if (char === '`') {
      const end = text.indexOf('`', position + 1);
      if (end < 0) throw new RowConditionSyntaxError('unterminated backticked name', position);
      const name = text.slice(position + 1, end);
      if (name.length === 0) throw new RowConditionSyntaxError('empty backticked name', position);
      tokens.push({ kind: 'quoted-name', text: name, value: name, position });
      position = end + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(position));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], position });
      position += name[0].length;
      continue;
    }
    if (text.startsWith('&&', position) || text.startsWith('||', position))
      throw new RowConditionSyntaxError(
        `unexpected "${text.slice(position, position + 2)}" (combine conditions with ${char} alone)`,
        position,
      );
    const operator = operators.find(candidate => text.startsWith(candidate, position));
    if (operator) {
      tokens.push({ kind: 'operator', text: operator, position });
      position += operator.length;
      continue;
    }
    const hint =
      char === '='
        ? ' (use == to compare)'
        : char === '!'
          ? ' (use != to compare, or ~ / not to negate)'
          : char === '@'
            ? ' (local variables are not supported; write the value itself)'
            : '';
    throw new RowConditionSyntaxError(`unexpected character "${char}"${hint}`, position);
  }
  tokens.push({ kind: 'end', text: 'end of condition', position: text.length });
  return tokens;
}

const comparisonOperators = new Set(['==', '!=', '<', '<=', '>', '>=']);
const flipped: Record<ComparisonOperator, ComparisonOperator> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};
const missingMethods: Record<string, boolean> = {
  isnull: false,
  isna: false,
  notnull: true,
  notna: true,
};
const missingNames = new Set(['None', 'nan', 'NaN', 'NA', 'NaT', 'null']);

/** A term before it is known to be a value or a condition. */
type Term =
  | (ConditionColumn & { position: number })
  | (ConditionLiteral & { position: number })
  | { kind: 'list'; values: ConditionLiteral[]; position: number }
  | { kind: 'condition'; condition: RowCondition; position: number };

// More operators and parentheses than any real condition has. The reader and the evaluators
// recurse once per nesting level or chained operator, so without a bound a long chain or deep
// parentheses overflow the stack (an untyped RangeError) instead of failing as INVALID_SUITE.
const maxOperators = 500;

class ConditionReader {
  private index = 0;
  private operators = 0;
  private readonly tokens: Token[];

  constructor(
    text: string,
    private readonly pandas: boolean,
  ) {
    this.tokens = tokenize(text);
  }

  private get current(): Token {
    return this.tokens[this.index]!;
  }

  private peek(offset = 1): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private isOperator(text: string, token = this.current): boolean {
    return token.kind === 'operator' && token.text === text;
  }

  private isKeyword(text: string, token = this.current): boolean {
    return this.pandas && token.kind === 'name' && token.text === text;
  }

  private fail(message: string, token = this.current): never {
    throw new RowConditionSyntaxError(message, token.position);
  }

  /** Counts one operator or parenthesis against {@link maxOperators}. */
  private countOperator(token: Token): void {
    if (++this.operators > maxOperators) {
      this.fail(`the condition has more than ${maxOperators} operators and parentheses`, token);
    }
  }

  private expectOperator(text: string, what: string): void {
    if (!this.isOperator(text)) this.fail(`expected ${what}, found ${describe(this.current)}`);
    this.index++;
  }

  parse(): RowCondition {
    if (this.current.kind === 'end') this.fail('the condition is empty');
    const term = this.parseOr();
    const next: Token = this.tokens[this.index]!;
    if (next.kind === 'end') return this.asCondition(term);
    const hint =
      !this.pandas && ['and', 'or', 'not'].includes(next.text)
        ? ' (the great_expectations syntax combines with &, | and ~)'
        : '';
    this.fail(`unexpected ${describe(next)} after a complete condition${hint}`);
  }

  private asCondition(term: Term): RowCondition {
    if (term.kind === 'condition') return term.condition;
    if (term.kind === 'column')
      return { kind: 'truthy', column: { kind: 'column', path: term.path } };
    if (term.kind === 'literal' && typeof term.value === 'boolean')
      return { kind: 'constant', value: term.value };
    throw new RowConditionSyntaxError(
      `expected a condition, found ${term.kind === 'list' ? 'a list' : `the value ${JSON.stringify(term.value)}`}`,
      term.position,
    );
  }

  private parseOr(): Term {
    let left = this.parseAnd();
    while (this.isOperator('|') || this.isKeyword('or')) {
      const token = this.current;
      this.countOperator(token);
      this.index++;
      const right = this.parseAnd();
      left = {
        kind: 'condition',
        condition: { kind: 'or', left: this.asCondition(left), right: this.asCondition(right) },
        position: token.position,
      };
    }
    return left;
  }

  private parseAnd(): Term {
    let left = this.parseNot();
    while (this.isOperator('&') || this.isKeyword('and')) {
      const token = this.current;
      this.countOperator(token);
      this.index++;
      const right = this.parseNot();
      left = {
        kind: 'condition',
        condition: { kind: 'and', left: this.asCondition(left), right: this.asCondition(right) },
        position: token.position,
      };
    }
    return left;
  }

  private parseNot(): Term {
    if (this.isKeyword('not') && !this.isKeyword('in', this.peek())) {
      const token = this.current;
      this.countOperator(token);
      this.index++;
      const operand = this.asCondition(this.parseNot());
      return { kind: 'condition', condition: { kind: 'not', operand }, position: token.position };
    }
    return this.parseComparison();
  }

  private value(term: Term, role: string): ConditionColumn | ConditionLiteral {
    if (term.kind === 'column') return { kind: 'column', path: term.path };
    if (term.kind === 'literal')
      return term.date
        ? { kind: 'literal', value: term.value, date: true }
        : { kind: 'literal', value: term.value };
    throw new RowConditionSyntaxError(
      term.kind === 'list'
        ? `a list can only follow in, not in, == or !=`
        : `the ${role} of a comparison must be a column or a literal, not a condition (~ binds tighter than comparisons: write ~(a > 1))`,
      term.position,
    );
  }

  private parseComparison(): Term {
    const first = this.parseUnary();
    let left = first;
    let result: RowCondition | undefined;
    for (;;) {
      const token = this.current;
      let membership: boolean | undefined;
      if (this.isKeyword('in')) membership = false;
      else if (this.isKeyword('not') && this.isKeyword('in', this.peek())) membership = true;
      const isComparison = token.kind === 'operator' && comparisonOperators.has(token.text);
      if (membership === undefined && !isComparison) break;
      this.countOperator(token);
      if (result !== undefined && !this.pandas)
        this.fail('chained comparisons are not supported; combine them with &');
      this.index += membership === true ? 2 : 1;
      const right = this.parseUnary();
      const leftValue = this.value(left, 'left side');
      let condition: RowCondition;
      if (
        membership !== undefined ||
        (right.kind === 'list' && (token.text === '==' || token.text === '!='))
      ) {
        if (right.kind !== 'list')
          throw new RowConditionSyntaxError(
            `expected a list such as [1, 2] after ${token.text}`,
            right.position,
          );
        if (leftValue.kind !== 'column')
          throw new RowConditionSyntaxError('the left side of in must be a column', left.position);
        condition = {
          kind: 'in',
          column: leftValue,
          values: right.values,
          negated: membership ?? token.text === '!=',
        };
      } else {
        const rightValue = this.value(right, 'right side');
        const operator = token.text as ComparisonOperator;
        condition =
          leftValue.kind === 'literal' && rightValue.kind === 'column'
            ? { kind: 'compare', operator: flipped[operator], left: rightValue, right: leftValue }
            : { kind: 'compare', operator, left: leftValue, right: rightValue };
      }
      // Python chains comparisons: `1 < a < 5` is `1 < a and a < 5`.
      result = result === undefined ? condition : { kind: 'and', left: result, right: condition };
      left = right;
    }
    if (result === undefined) return first;
    return { kind: 'condition', condition: result, position: first.position };
  }

  private parseUnary(): Term {
    const token = this.current;
    if (this.isOperator('~')) {
      this.countOperator(token);
      this.index++;
      const operand = this.asCondition(this.parseUnary());
      return { kind: 'condition', condition: { kind: 'not', operand }, position: token.position };
    }
    if (this.isOperator('-') && this.peek().kind === 'number') {
      this.index += 2;
      return { kind: 'literal', value: -(this.peek(-1).value as number), position: token.position };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Term {
    const token = this.current;
    if (this.isOperator('(')) {
      this.countOperator(token);
      this.index++;
      const inner = this.parseOr();
      if (this.pandas && this.isOperator(',')) {
        const list = this.parseListItems(inner, ')');
        return { kind: 'list', values: list, position: token.position };
      }
      this.expectOperator(')', 'a closing parenthesis');
      return inner.kind === 'condition' ? { ...inner, position: token.position } : inner;
    }
    if (this.isOperator('[') && this.pandas) {
      this.index++;
      if (this.isOperator(']'))
        this.fail('an empty list cannot match anything; remove the condition');
      const values = this.parseListItems(this.parseUnary(), ']');
      return { kind: 'list', values, position: token.position };
    }
    if (token.kind === 'number' || token.kind === 'string') {
      this.index++;
      return { kind: 'literal', value: token.value!, position: token.position };
    }
    if (token.kind === 'quoted-name' && this.pandas) {
      this.index++;
      return this.parseMethod({
        kind: 'column',
        path: token.value as string,
        position: token.position,
      });
    }
    if (token.kind === 'name') return this.pandas ? this.parsePandasName() : this.parseGxName();
    this.fail(`expected a column or a value, found ${describe(token)}`);
  }

  private parseListItems(first: Term, close: string): ConditionLiteral[] {
    const values: ConditionLiteral[] = [];
    let item = first;
    for (;;) {
      if (item.kind !== 'literal')
        throw new RowConditionSyntaxError('list items must be literals', item.position);
      values.push({ kind: 'literal', value: item.value });
      if (this.isOperator(',')) {
        this.index++;
        if (this.isOperator(close)) break;
        item = this.parseUnary();
        continue;
      }
      break;
    }
    this.expectOperator(close, `a comma or ${close}`);
    return values;
  }

  private parsePandasName(): Term {
    const token = this.current;
    if (token.text === 'True' || token.text === 'False') {
      this.index++;
      return { kind: 'literal', value: token.text === 'True', position: token.position };
    }
    if (['and', 'or', 'not', 'in'].includes(token.text))
      this.fail(`expected a column or a value, found "${token.text}"`);
    if (missingNames.has(token.text))
      this.fail(
        `"${token.text}" is not supported: test missing values with column.isnull() or column.notnull()`,
      );
    let path = token.text;
    this.index++;
    // `user.age` addresses a nested field; a trailing `.isnull()` is a method.
    while (
      this.isOperator('.') &&
      this.peek().kind === 'name' &&
      !this.isOperator('(', this.peek(2))
    ) {
      path += `.${this.peek().text}`;
      this.index += 2;
    }
    return this.parseMethod({ kind: 'column', path, position: token.position });
  }

  private parseGxName(): Term {
    const token = this.current;
    const lower = token.text.toLowerCase();
    if (lower === 'true' || lower === 'false') {
      this.index++;
      return { kind: 'literal', value: lower === 'true', position: token.position };
    }
    if (token.text !== 'col' && token.text !== 'date') {
      const hint = ['and', 'or', 'not'].includes(token.text)
        ? ` (the great_expectations syntax combines with &, | and ~)`
        : ' (columns are written col("name"))';
      this.fail(`unexpected name "${token.text}"${hint}`);
    }
    this.index++;
    this.expectOperator('(', `( after ${token.text}`);
    const argument = this.current;
    if (argument.kind !== 'string')
      this.fail(
        `expected a quoted ${token.text === 'col' ? 'column name' : 'date'} in ${token.text}(…)`,
      );
    this.index++;
    this.expectOperator(')', `) after ${token.text}("…"`);
    const text = argument.value as string;
    if (token.text === 'date')
      return { kind: 'literal', value: text, date: true, position: token.position };
    if (text.length === 0) this.fail('empty column name', argument);
    return this.parseMethod({ kind: 'column', path: text, position: token.position });
  }

  /** An optional `.isnull()` / `.notnull()` after a column. */
  private parseMethod(column: ConditionColumn & { position: number }): Term {
    if (!this.isOperator('.')) return column;
    const name = this.peek();
    if (name.kind !== 'name')
      this.fail(`expected a method name after ".", found ${describe(name)}`, name);
    const method = this.pandas ? name.text : name.text.toLowerCase();
    const negated = missingMethods[method];
    if (negated === undefined || (!this.pandas && (method === 'isna' || method === 'notna')))
      this.fail(
        `unsupported method "${name.text}" (supported: ${this.pandas ? 'isnull(), notnull(), isna(), notna()' : 'isNull(), notNull()'})`,
        name,
      );
    this.index += 2;
    this.expectOperator('(', `( after ${name.text}`);
    this.expectOperator(')', `) after ${name.text}(`);
    return {
      kind: 'condition',
      condition: { kind: 'missing', column: { kind: 'column', path: column.path }, negated },
      position: column.position,
    };
  }
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the condition';
  return `"${token.kind === 'quoted-name' ? `\`${token.text}\`` : token.text}"`;
}

/**
 * Parses a Great Expectations `row_condition` in one of two syntaxes into a
 * {@link RowCondition}. `pandas` is a subset of `DataFrame.query`: columns as bare names
 * (`user.age` for nested fields) or in backticks, number, string and `True`/`False` literals,
 * comparisons (chained as in Python), `in` / `not in` a list (`== [..]` as well), `.isnull()`,
 * `.notnull()`, `isna()`, `notna()`, `and` / `&`, `or` / `|`, `not`, `~` and parentheses.
 * `great_expectations` writes columns as `col("name")` and combines with `&`, `|` and `~`;
 * `date("2024-01-01")` is a date literal and `.isNull()` / `.notNull()` test missing values.
 * Anything else throws an {@link InvalidInputError} (`INVALID_SUITE`) naming `path` and the
 * character position of the problem.
 *
 * @example
 * ```ts
 * parseRowCondition('country == "FR" & amount.notnull()', 'pandas');
 * parseRowCondition('col("amount") > 5 & ~col("country").isNull()', 'great_expectations');
 * ```
 */
export function parseRowCondition(
  text: string,
  parser: ConditionParser,
  path = 'row_condition',
): RowCondition {
  if (!conditionParsers.includes(parser)) {
    throw new InvalidInputError({
      code: 'INVALID_SUITE',
      message: `${path}: unsupported condition_parser ${JSON.stringify(parser)}; use one of ${conditionParsers.join(', ')}`,
      details: { path },
    });
  }
  try {
    return new ConditionReader(text, parser === 'pandas').parse();
  } catch (error) {
    if (!(error instanceof RowConditionSyntaxError)) throw error;
    throw new InvalidInputError({
      code: 'INVALID_SUITE',
      message: `${path}: ${error.describe()}: ${text}`,
      details: { path, position: error.position + 1, condition: text },
      cause: error,
    });
  }
}

/**
 * The column paths a condition reads, in order of first appearance.
 */
export function conditionColumns(condition: RowCondition): string[] {
  const columns = new Set<string>();
  const visit = (node: RowCondition) => {
    switch (node.kind) {
      case 'compare':
        for (const side of [node.left, node.right])
          if (side.kind === 'column') columns.add(side.path);
        return;
      case 'in':
      case 'missing':
      case 'truthy':
        columns.add(node.column.path);
        return;
      case 'not':
        visit(node.operand);
        return;
      case 'and':
      case 'or':
        visit(node.left);
        visit(node.right);
        return;
      default:
        return;
    }
  };
  visit(condition);
  return [...columns];
}

/**
 * Expectations about the schema rather than rows, for which a row condition means nothing:
 * a `row_condition` on them is rejected when the suite is parsed.
 */
export const unconditionalExpectationTypes: ReadonlySet<string> = new Set([
  'expect_column_to_exist',
  'expect_column_values_to_be_of_type',
  'expect_column_values_to_be_in_type_list',
  'expect_table_column_count_to_be_between',
  'expect_table_column_count_to_equal',
  'expect_table_columns_to_match_set',
  'expect_table_columns_to_match_ordered_list',
]);
