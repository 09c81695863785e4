import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { parseSuite } from './parse-suite';
import { conditionColumns, parseRowCondition, type RowCondition } from './row-condition';

const column = (path: string) => ({ kind: 'column', path }) as const;
const literal = (value: number | string | boolean) => ({ kind: 'literal', value }) as const;
const compare = (
  path: string,
  operator: '==' | '!=' | '<' | '<=' | '>' | '>=',
  value: number | string | boolean,
): RowCondition => ({ kind: 'compare', operator, left: column(path), right: literal(value) });

function failure(text: string, parser: 'pandas' | 'great_expectations') {
  try {
    parseRowCondition(text, parser);
  } catch (error) {
    expect(InvalidInputError.isInstance(error)).toBe(true);
    return error as InvalidInputError & { details: { position: number } };
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('parseRowCondition, pandas syntax', () => {
  it('reads comparisons against number, string and boolean literals, in either order', () => {
    expect(parseRowCondition('amount > 5', 'pandas')).toEqual(compare('amount', '>', 5));
    expect(parseRowCondition("country == 'FR'", 'pandas')).toEqual(compare('country', '==', 'FR'));
    expect(parseRowCondition('flag != True', 'pandas')).toEqual(compare('flag', '!=', true));
    expect(parseRowCondition('-1.5e2 <= x', 'pandas')).toEqual(compare('x', '>=', -150));
    expect(parseRowCondition('`user.age` >= 18', 'pandas')).toEqual(compare('user.age', '>=', 18));
    expect(parseRowCondition('user.age < 18', 'pandas')).toEqual(compare('user.age', '<', 18));
    expect(parseRowCondition('a == b', 'pandas')).toEqual({
      kind: 'compare',
      operator: '==',
      left: column('a'),
      right: column('b'),
    });
  });

  it('gives & and and the same precedence, above | and or, below comparisons', () => {
    const expected: RowCondition = {
      kind: 'or',
      left: compare('a', '>', 1),
      right: { kind: 'and', left: compare('b', '<', 2), right: compare('c', '==', 3) },
    };
    expect(parseRowCondition('a > 1 | b < 2 & c == 3', 'pandas')).toEqual(expected);
    expect(parseRowCondition('a > 1 or b < 2 and c == 3', 'pandas')).toEqual(expected);
    expect(parseRowCondition('(a > 1 | b < 2) & c == 3', 'pandas')).toEqual({
      kind: 'and',
      left: { kind: 'or', left: compare('a', '>', 1), right: compare('b', '<', 2) },
      right: compare('c', '==', 3),
    });
  });

  it('reads not below comparisons, ~ on a parenthesised condition or a method, and chains', () => {
    expect(parseRowCondition('not a > 1 and b', 'pandas')).toEqual({
      kind: 'and',
      left: { kind: 'not', operand: compare('a', '>', 1) },
      right: { kind: 'truthy', column: column('b') },
    });
    expect(parseRowCondition('~(a > 1)', 'pandas')).toEqual({
      kind: 'not',
      operand: compare('a', '>', 1),
    });
    expect(parseRowCondition('~a.isnull()', 'pandas')).toEqual({
      kind: 'not',
      operand: { kind: 'missing', column: column('a'), negated: false },
    });
    expect(parseRowCondition('b.notna()', 'pandas')).toEqual({
      kind: 'missing',
      column: column('b'),
      negated: true,
    });
    expect(parseRowCondition('1 < a < 5', 'pandas')).toEqual({
      kind: 'and',
      left: compare('a', '>', 1),
      right: compare('a', '<', 5),
    });
  });

  it('reads membership in lists and tuples, and == against a list as pandas does', () => {
    const inSet: RowCondition = {
      kind: 'in',
      column: column('c'),
      values: [literal('FR'), literal('DE')],
      negated: false,
    };
    expect(parseRowCondition("c in ['FR', 'DE']", 'pandas')).toEqual(inSet);
    expect(parseRowCondition("c in ('FR', 'DE',)", 'pandas')).toEqual(inSet);
    expect(parseRowCondition("c == ['FR', 'DE']", 'pandas')).toEqual(inSet);
    expect(parseRowCondition("c not in ['FR', 'DE']", 'pandas')).toEqual({
      ...inSet,
      negated: true,
    });
    expect(parseRowCondition("c != ['FR', 'DE']", 'pandas')).toEqual({ ...inSet, negated: true });
  });

  it('rejects what it does not support, with the position of the problem', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['a = 1', 3, /use ==/],
      ['a > ', 5, /expected a column or a value/],
      ['(a > 1', 7, /closing parenthesis/],
      ['a > 1)', 6, /after a complete condition/],
      ['a > @limit', 5, /local variables/],
      ['a == None', 6, /isnull\(\)/],
      ['~a > 1', 1, /~ binds tighter/],
      ['a.str.contains("x")', 7, /unsupported method "contains"/],
      ['a.upper()', 3, /unsupported method "upper"/],
      ["'x'", 1, /expected a condition/],
      ['a in [b]', 7, /list items must be literals/],
      ["a > 'unterminated", 5, /unterminated string/],
      ['a && b', 3, /combine conditions with & alone/],
      ['', 1, /empty/],
    ];
    for (const [text, position, message] of cases) {
      const error = failure(text, 'pandas');
      expect(error.message, text).toMatch(message);
      expect(error.details.position, text).toBe(position);
    }
  });
});

describe('parseRowCondition, great_expectations syntax', () => {
  it('reads col("…") comparisons, date(…), null tests and &, |, ~', () => {
    expect(parseRowCondition('col("amount") > 5', 'great_expectations')).toEqual(
      compare('amount', '>', 5),
    );
    expect(parseRowCondition("col('user.age')>=18", 'great_expectations')).toEqual(
      compare('user.age', '>=', 18),
    );
    expect(parseRowCondition('col("day") < date("2024-01-01")', 'great_expectations')).toEqual({
      kind: 'compare',
      operator: '<',
      left: column('day'),
      right: { kind: 'literal', value: '2024-01-01', date: true },
    });
    expect(
      parseRowCondition(
        'col("a").notNull() & ~col("b").isnull() | col("c") == "x"',
        'great_expectations',
      ),
    ).toEqual({
      kind: 'or',
      left: {
        kind: 'and',
        left: { kind: 'missing', column: column('a'), negated: true },
        right: { kind: 'not', operand: { kind: 'missing', column: column('b'), negated: false } },
      },
      right: compare('c', '==', 'x'),
    });
    expect(parseRowCondition('~(col("a") > 1)', 'great_expectations')).toEqual({
      kind: 'not',
      operand: compare('a', '>', 1),
    });
  });

  it('rejects pandas-only forms and malformed columns with positions', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['amount > 5', 1, /col\("name"\)/],
      ['col("a") > 1 and col("b") < 2', 14, /&, \| and ~/],
      ['col(a) > 1', 5, /quoted column name/],
      ['col("a") in [1]', 10, /unexpected name "in"|after a complete/],
      ['1 < col("a") < 5', 14, /chained comparisons/],
      ['col("a").isna()', 10, /unsupported method/],
      ['col("a") >', 11, /expected a column or a value/],
    ];
    for (const [text, position, message] of cases) {
      const error = failure(text, 'great_expectations');
      expect(error.message, text).toMatch(message);
      expect(error.details.position, text).toBe(position);
    }
  });

  it('lists the columns a condition reads', () => {
    expect(
      conditionColumns(
        parseRowCondition('col("a") > col("b") | col("a").isNull()', 'great_expectations'),
      ),
    ).toEqual(['a', 'b']);
  });
});

describe('row_condition in suites', () => {
  it('names the expectation path, the line and the character of a bad condition', () => {
    const text = [
      'name: s',
      'expectations:',
      '  - type: expect_column_values_to_not_be_null',
      '    kwargs: { column: a }',
      '    row_condition: "b >> 1"',
      '    condition_parser: pandas',
    ].join('\n');
    expect(() => parseSuite(text)).toThrowError(
      /expectations\[0\]\.row_condition \(line 5, column 20\): .*at character 4 of the condition/,
    );
  });

  it('locates a bad condition written inside kwargs', () => {
    const text = [
      'name: s',
      'expectations:',
      '  - type: expect_column_values_to_not_be_null',
      '    kwargs:',
      '      column: a',
      '      row_condition: \'col("b") >\'',
      '      condition_parser: great_expectations',
    ].join('\n');
    expect(() => parseSuite(text)).toThrowError(
      /expectations\[0\]\.row_condition \(line 6, column 22\): .*at character 11 of the condition/,
    );
  });

  it('requires condition_parser and refuses conditions on schema-level expectations', () => {
    const base = { name: 's' };
    expect(() =>
      parseSuite({
        ...base,
        expectations: [
          {
            type: 'expect_column_values_to_not_be_null',
            kwargs: { column: 'a' },
            row_condition: 'b > 1',
          },
        ],
      }),
    ).toThrowError(/expectations\[0\]\.condition_parser.*required/);
    expect(() =>
      parseSuite({
        ...base,
        expectations: [
          {
            type: 'expect_table_columns_to_match_set',
            kwargs: { column_set: ['a'] },
            row_condition: 'b > 1',
            condition_parser: 'pandas',
          },
        ],
      }),
    ).toThrowError(/expectations\[0\]\.row_condition.*takes no row_condition/);
    expect(() =>
      parseSuite({
        ...base,
        expectations: [
          {
            type: 'expect_column_values_to_not_be_null',
            kwargs: { column: 'a' },
            row_condition: 'b > 1',
            condition_parser: 'spark',
          },
        ],
      }),
    ).toThrowError(/expectations\[0\]\.condition_parser/);
  });

  it("accepts Great Expectations' serialised form, with the condition among the kwargs", () => {
    const suite = parseSuite({
      name: 's',
      expectations: [
        {
          type: 'expect_column_values_to_be_in_set',
          kwargs: {
            column: 'sex',
            value_set: ['male'],
            row_condition: 'SexCode==0',
            condition_parser: 'pandas',
          },
        },
      ],
    });
    expect(suite.expectations[0]).toMatchObject({
      kwargs: { column: 'sex', value_set: ['male'] },
      row_condition: 'SexCode==0',
      condition_parser: 'pandas',
    });
    expect(suite.expectations[0]?.kwargs).not.toHaveProperty('row_condition');
  });
});
