import { readFileSync } from 'node:fs';
import { BallastError } from '@ballast/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSuite } from './parse-suite';
import { type ConditionParser, conditionColumns, parseRowCondition } from './row-condition';

// Suites and row conditions come from files and users: every mutated input must end, in
// bounded time, as a parsed value or a typed error (BallastError), never another kind of
// throw (a TypeError, a stack overflow) or a hang. Runs are few and inputs small; seeds fixed.

function parsedOrTyped<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (!BallastError.isInstance(error)) throw error;
    return undefined;
  }
}

const conditionFragments = [
  'amount',
  'user.age',
  '`odd name`',
  'col("a")',
  'col(',
  'date("2024-01-01")',
  '.isnull()',
  '.notnull()',
  '.isNull()',
  '.notNull()',
  'isna(',
  'notna(',
  '(',
  ')',
  '[',
  ']',
  ',',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '=',
  'in',
  'not in',
  'not',
  'and',
  'or',
  '&',
  '|',
  '~',
  'True',
  'False',
  '5',
  '-1.5e3',
  '"FR"',
  "'x'",
  '"',
  "'",
  '\\',
  'constructor',
  '__proto__',
  ' ',
  'é',
];
const conditionArbitrary = fc.oneof(
  fc.array(fc.constantFrom(...conditionFragments), { maxLength: 14 }).map(parts => parts.join(' ')),
  fc.array(fc.constantFrom(...conditionFragments), { maxLength: 14 }).map(parts => parts.join('')),
  fc.string({ maxLength: 30 }),
);
const parserArbitrary = fc.constantFrom<ConditionParser>(
  'pandas',
  'great_expectations',
  'great_expectations__experimental__',
);

describe('fuzz: parseRowCondition', () => {
  it('parses or refuses with a typed error (pandas and great_expectations syntaxes)', () => {
    fc.assert(
      fc.property(conditionArbitrary, parserArbitrary, (text, parser) => {
        const condition = parsedOrTyped(() => parseRowCondition(text, parser));
        if (condition !== undefined) conditionColumns(condition);
      }),
      { numRuns: 300, seed: 1430 },
    );
  });

  it('refuses or parses deeply nested conditions without overflowing the stack', () => {
    const depth = 50_000;
    for (const [text, parser] of [
      [`${'('.repeat(depth)}a > 1${')'.repeat(depth)}`, 'pandas'],
      [`${'not '.repeat(depth)}a`, 'pandas'],
      [`${'~'.repeat(depth)}col("a").isNull()`, 'great_expectations'],
      [`${'('.repeat(depth)}col("a") > 1${')'.repeat(depth)}`, 'great_expectations'],
      [Array.from({ length: depth }, () => 'a > 1').join(' and '), 'pandas'],
    ] as const) {
      expect(parsedOrTyped(() => parseRowCondition(text, parser))).toBeUndefined();
    }
    // A condition of the largest size allowed still parses, and its tree can be walked.
    const long = Array.from({ length: 250 }, (_, index) => `a > ${index}`).join(' and ');
    expect(conditionColumns(parseRowCondition(long, 'pandas'))).toEqual(['a']);
  });

  it('refuses a YAML alias used before its anchor with a typed error', () => {
    expect(() => parseSuite('name: x\nexpectations: [*a]\n')).toThrowError(
      expect.objectContaining({ code: 'INVALID_SUITE' }),
    );
  });
});

const yamlSuite = `name: orders
expectations:
  - type: expect_column_values_to_not_be_null
    kwargs:
      column: id
  - type: expect_column_values_to_be_between
    kwargs:
      column: amount
      min_value: 0
      mostly: 0.9
    row_condition: 'status != "lost" and amount.notnull()'
    condition_parser: pandas
  - type: expect_column_values_to_match_regex
    kwargs:
      column: code
      regex: "^[A-Z]{2}-\\\\d+$"
  - type: expect_column_values_to_be_in_set
    kwargs:
      column: status
      value_set: { $PARAMETER: statuses }
`;
const gxSuite = readFileSync(
  new URL('../__fixtures__/gx/orders-gx1.json', import.meta.url),
  'utf8',
);

type Mutation =
  | { op: 'set'; at: number; text: string }
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number };
const insertions = fc.oneof(
  fc.constantFrom(
    ':',
    '-',
    ' ',
    '\n',
    '  ',
    '{',
    '}',
    '[',
    ']',
    '"',
    "'",
    '&a',
    '*a',
    '!!js/x',
    '$PARAMETER',
    '~',
    '0x',
    '1e999',
    'null',
    'constructor',
    '__proto__',
    '((',
    'col(',
    '\t',
    '#',
  ),
  fc.string({ maxLength: 4 }),
);
const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), text: insertions }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: insertions }),
  fc.record({
    op: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 12 }),
  }),
);

function mutate(text: string, mutations: Mutation[]): string {
  let result = text;
  for (const mutation of mutations) {
    const at = result.length === 0 ? 0 : mutation.at % result.length;
    if (mutation.op === 'set')
      result = result.slice(0, at) + mutation.text + result.slice(at + mutation.text.length);
    else if (mutation.op === 'insert')
      result = result.slice(0, at) + mutation.text + result.slice(at);
    else result = result.slice(0, at) + result.slice(at + mutation.length);
  }
  return result;
}

describe('fuzz: parseSuite', () => {
  it('parses mutated YAML and GX JSON suites or refuses them with a typed error', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(yamlSuite, gxSuite),
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }),
        (seed, mutations) => {
          parsedOrTyped(() =>
            parseSuite(mutate(seed, mutations), { parameters: { statuses: ['new', 'paid'] } }),
          );
        },
      ),
      { numRuns: 300, seed: 1431 },
    );
  });

  it('parses mutated suite objects or refuses them with a typed error', () => {
    const base = JSON.parse(gxSuite) as Record<string, unknown>;
    const valueArbitrary = fc.oneof(
      fc.constantFrom(null, -1, Number.NaN, '', 'constructor', [], {}, { $PARAMETER: 'missing' }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const keyArbitrary = fc.constantFrom(
      'expectations',
      'type',
      'expectation_type',
      'kwargs',
      'column',
      'row_condition',
      'condition_parser',
      'mostly',
      'meta',
      'name',
      '__proto__',
      'constructor',
      'toString',
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), key: keyArbitrary, value: valueArbitrary }), {
          minLength: 1,
          maxLength: 3,
        }),
        edits => {
          const document = structuredClone(base);
          for (const edit of edits) {
            // Walk to one of the objects in the document and set a key on it.
            const objects: Record<string, unknown>[] = [];
            const visit = (node: unknown) => {
              if (node === null || typeof node !== 'object') return;
              if (!Array.isArray(node)) objects.push(node as Record<string, unknown>);
              for (const child of Object.values(node)) visit(child);
            };
            visit(document);
            const target = objects[edit.at % objects.length] as Record<string, unknown>;
            Object.defineProperty(target, edit.key, {
              value: edit.value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          }
          parsedOrTyped(() => parseSuite(document));
        },
      ),
      { numRuns: 200, seed: 1432 },
    );
    expect(parseSuite(base).expectations.length).toBeGreaterThan(0);
  });
});
