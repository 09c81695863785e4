import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { matchesFilter, parseSearchFilter, quoteFilterValue } from './search-filter';

const subject = (
  attributes: Record<string, string | number>,
  tags: Record<string, string> = {},
) => ({
  attribute: (name: string) => attributes[name],
  tag: (key: string) => tags[key],
});

describe('parseSearchFilter', () => {
  it('parses AND-joined clauses with tags, backticks, IN lists and numbers', () => {
    expect(
      parseSearchFilter(
        "name = 'fraud' and tags.`mlflow.prompt.is_prompt` != 'true' AND run_id IN ('a', \"b\") AND version_number >= 3",
        'model_version',
      ),
    ).toEqual([
      { kind: 'attribute', key: 'name', comparator: '=', value: 'fraud', position: 0 },
      {
        kind: 'tag',
        key: 'mlflow.prompt.is_prompt',
        comparator: '!=',
        value: 'true',
        position: 19,
      },
      { kind: 'attribute', key: 'run_id', comparator: 'IN', value: ['a', 'b'], position: 64 },
      { kind: 'attribute', key: 'version_number', comparator: '>=', value: 3, position: 89 },
    ]);
  });

  it('accepts tag., attributes. prefixes, NOT IN and escaped quotes', () => {
    expect(
      parseSearchFilter("tag.team = 'it''s' AND attributes.name = 'a\\'b'", 'registered_model'),
    ).toEqual([
      { kind: 'tag', key: 'team', comparator: '=', value: "it's", position: 0 },
      { kind: 'attribute', key: 'name', comparator: '=', value: "a'b", position: 23 },
    ]);
    expect(parseSearchFilter("run_id NOT IN ('x')", 'model_version')[0]?.comparator).toBe('NOT IN');
  });

  it('treats an empty filter as no clause', () => {
    expect(parseSearchFilter('   ', 'model_version')).toEqual([]);
    expect(parseSearchFilter(undefined, 'registered_model')).toEqual([]);
  });

  it.each([
    ["run_id = 'x'", 'registered_model', 0, /unknown key 'run_id'/],
    ["name IN ('a')", 'model_version', 5, /not supported/],
    ["version_number = 'abc'", 'model_version', 17, /integer/],
    ["run_id IN 'a'", 'model_version', 10, /parenthesised list/],
    ["run_id IN ('a' 'b')", 'model_version', 15, /expected ',' or '\)'/],
    ["name = 'a' name = 'b'", 'model_version', 11, /expected AND/],
    ["name = 'a' @", 'model_version', 11, /unexpected character/],
    ['tags. = 1', 'model_version', 0, /tag key/],
  ] as const)('reports %s at its position', (filter, entity, position, message) => {
    let caught: unknown;
    try {
      parseSearchFilter(filter, entity);
    } catch (error) {
      caught = error;
    }
    expect(InvalidInputError.isInstance(caught)).toBe(true);
    expect((caught as InvalidInputError).details).toMatchObject({ field: 'filter', position });
    expect((caught as Error).message).toMatch(message);
  });
});

describe('matchesFilter', () => {
  it('applies LIKE (case-sensitive), ILIKE, numeric and list comparisons', () => {
    const version = subject(
      { name: 'Fraud_v2', version_number: 12, run_id: 'r1' },
      { team: 'risk' },
    );
    const check = (filter: string) =>
      matchesFilter(parseSearchFilter(filter, 'model_version'), version);
    expect(check("name LIKE 'Fraud%'")).toBe(true);
    expect(check("name LIKE 'fraud%'")).toBe(false);
    expect(check("name ILIKE 'fraud_v_'")).toBe(true);
    expect(check("name LIKE 'Fraud.v2'")).toBe(false);
    expect(check('version_number > 9 AND version_number <= 12')).toBe(true);
    expect(check('version_number < 12')).toBe(false);
    expect(check("run_id NOT IN ('r2') AND tags.team = 'risk'")).toBe(true);
    expect(check("tags.team != 'risk'")).toBe(false);
  });

  it('does not match a missing tag, except != on the MLflow prompt tag', () => {
    const model = subject({ name: 'm' });
    expect(matchesFilter(parseSearchFilter("tags.team != 'x'", 'registered_model'), model)).toBe(
      false,
    );
    expect(
      matchesFilter(
        parseSearchFilter("tags.`mlflow.prompt.is_prompt` != 'true'", 'registered_model'),
        model,
      ),
    ).toBe(true);
    const prompt = subject({ name: 'p' }, { 'mlflow.prompt.is_prompt': 'true' });
    expect(
      matchesFilter(
        parseSearchFilter("tags.`mlflow.prompt.is_prompt` != 'true'", 'registered_model'),
        prompt,
      ),
    ).toBe(false);
  });

  it('round-trips values through quoteFilterValue', () => {
    const value = "o'brien \\ 100%";
    const [clause] = parseSearchFilter(`name = ${quoteFilterValue(value)}`, 'registered_model');
    expect(clause?.value).toBe(value);
  });
});
