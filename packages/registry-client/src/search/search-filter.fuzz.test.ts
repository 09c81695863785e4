import { BallastError } from '@ballast/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOrderBy } from './order-by';
import {
  type FilterClause,
  matchesFilter,
  parseSearchFilter,
  type SearchEntity,
} from './search-filter';

// Search filters and order_by arrive from network clients (serveMlflowApi): every input must
// end, in bounded time, as a parse result or a typed error (BallastError), and matching a
// parsed filter must not take super-linear time. Runs are few and inputs small; seeds fixed.

const fragments = [
  'name',
  'run_id',
  'source_path',
  'version_number',
  'tags.',
  'tags.team',
  'tag.x',
  'attribute.name',
  'attributes.',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  '`a.b`',
  '`',
  'AND',
  'and',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ILIKE',
  '=',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '(',
  ')',
  ',',
  "'",
  '"',
  "'x'",
  "'%a%'",
  "'_'",
  "''",
  '\\',
  '-1',
  '3',
  '1.5',
  '007',
  ' ',
  '\t',
  '.',
  '%',
  '\u0000',
  'é',
  '😀',
];
const filterArbitrary = fc.oneof(
  fc.array(fc.constantFrom(...fragments), { maxLength: 16 }).map(parts => parts.join(' ')),
  fc.array(fc.constantFrom(...fragments), { maxLength: 16 }).map(parts => parts.join('')),
  fc.string({ maxLength: 40 }),
);
const entityArbitrary = fc.constantFrom<SearchEntity>('registered_model', 'model_version');

function parsedOrTyped<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (!BallastError.isInstance(error)) throw error;
    return undefined;
  }
}

describe('fuzz: parseSearchFilter', () => {
  it('parses or refuses with a typed error, and parsed filters can be matched', () => {
    fc.assert(
      fc.property(
        filterArbitrary,
        entityArbitrary,
        fc.string({ maxLength: 20 }),
        (filter, entity, name) => {
          const clauses = parsedOrTyped(() => parseSearchFilter(filter, entity));
          if (clauses === undefined) return;
          matchesFilter(clauses, {
            attribute: key =>
              key === 'version_number' ? 3 : Object.hasOwn({ name: 1 }, key) ? name : undefined,
            tag: key => (key === 'team' ? name : undefined),
          });
        },
      ),
      { numRuns: 300, seed: 1420 },
    );
  });

  it('refuses prototype names as keys with a typed error', () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(() => parseSearchFilter(`${key} = 'x'`, 'model_version')).toThrowError(
        expect.objectContaining({ code: 'INVALID_PARAMETER_VALUE' }),
      );
    }
  });

  it('matches LIKE patterns in linear-ish time, whatever their wildcards (no backtracking)', () => {
    const clauses: FilterClause[] = parseSearchFilter(
      `name LIKE '${'%a'.repeat(12)}%b' AND name ILIKE '%A_%'`,
      'registered_model',
    );
    const subject = (name: string) => ({ attribute: () => name, tag: () => undefined });
    // A backtracking regular expression takes longer than the test timeout on this value.
    expect(matchesFilter(clauses, subject('a'.repeat(20_000)))).toBe(false);
    expect(matchesFilter(clauses, subject(`${'a'.repeat(30)}b`))).toBe(true);
  });

  it('agrees with SQL LIKE on random patterns (checked against a backtracking reference)', () => {
    const reference = (pattern: string, text: string): boolean => {
      const source = Array.from(pattern, character =>
        character === '%'
          ? '.*'
          : character === '_'
            ? '.'
            : character.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      ).join('');
      return new RegExp(`^${source}$`, 'su').test(text);
    };
    const alphabet = fc.constantFrom('a', 'b', '%', '_', '.', '*', 'é');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 8 }).map(parts => parts.join('')),
        fc
          .array(fc.constantFrom('a', 'b', '.', '*', 'é'), { maxLength: 10 })
          .map(parts => parts.join('')),
        (pattern, text) => {
          const [clause] = parseSearchFilter(`name LIKE '${pattern}'`, 'registered_model');
          const matched = matchesFilter([clause as FilterClause], {
            attribute: () => text,
            tag: () => undefined,
          });
          expect(matched).toBe(reference(pattern, text));
        },
      ),
      { numRuns: 300, seed: 1421 },
    );
  });
});

describe('fuzz: parseOrderBy', () => {
  it('parses or refuses with a typed error, also on long runs of spaces', () => {
    const entryArbitrary = fc.oneof(
      fc.constantFrom(
        'name',
        'name DESC',
        ' version_number asc ',
        'attributes.name',
        'constructor',
        'creation_timestamp  DESC',
      ),
      fc.string({ maxLength: 30 }),
      fc.nat({ max: 5000 }).map(spaces => `name${' '.repeat(spaces)}!`),
    );
    fc.assert(
      fc.property(
        fc.array(entryArbitrary, { maxLength: 4 }),
        entityArbitrary,
        (entries, entity) => {
          parsedOrTyped(() => parseOrderBy(entries, entity));
        },
      ),
      { numRuns: 200, seed: 1422 },
    );
    expect(parseOrderBy(['  name   DESC '], 'registered_model')[0]).toEqual({
      key: 'name',
      descending: true,
    });
    expect(() => parseOrderBy([`name${' '.repeat(100_000)}!`], 'registered_model')).toThrowError(
      expect.objectContaining({ code: 'INVALID_PARAMETER_VALUE' }),
    );
  });
});
