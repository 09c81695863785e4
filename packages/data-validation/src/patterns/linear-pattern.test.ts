import { InvalidInputError } from '@ballast/contracts';
import { Table, tableFromArrays, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { RE2JS } from 're2js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileRecordSchema, validateRecords } from '../records/validate-records';
import { defineSuite } from '../suite/suite-builder';
import { validate } from '../validate';
import { compileGuardedPattern } from './linear-pattern';

/** Calls of the linear engine for one pattern, recorded by a spy on `RE2JS.prototype.test`. */
function callsFor(spy: { mock: { contexts: unknown[] } }, source: string): number {
  return spy.mock.contexts.filter(context => (context as RE2JS).pattern() === source).length;
}

// Inputs on which a backtracking engine takes exponential or high-polynomial time.
const catastrophic: Array<[pattern: string, input: string, matches: boolean]> = [
  ['((a+))+$', `${'a'.repeat(5000)}!`, false],
  ['(a|aa)+$', `${'a'.repeat(5000)}!`, false],
  ['(a+){12}$', `${'a'.repeat(5000)}!`, false],
  ['.*a.*a.*a.*a.*a.*b', 'a'.repeat(9000), false],
  ['((a+))+$', 'a'.repeat(5000), true],
  ['.*a.*a.*a.*a.*a.*b', `${'a'.repeat(9000)}b`, true],
];

afterEach(() => vi.restoreAllMocks());

describe('compileGuardedPattern', () => {
  it.each([
    ['(a)\\1', 'backreference'],
    ['(?<x>a)\\k<x>', 'backreference'],
    ['a(?=b)', 'lookahead'],
    ['a(?!b)', 'lookahead'],
    ['(?<=a)b', 'lookbehind'],
    ['(?<!a)b', 'lookbehind'],
  ])('refuses %s, naming the %s', (pattern, construct) => {
    expect(() => compileGuardedPattern(pattern, 'kwargs.regex')).toThrowError(
      expect.objectContaining({
        code: 'UNSAFE_PATTERN',
        details: expect.objectContaining({ construct, path: 'kwargs.regex' }),
      }),
    );
  });

  it('reads escaped and bracketed look-alikes as literals', () => {
    expect(compileGuardedPattern('\\(?=x', 'kwargs.regex').test('(=x')).toBe(true);
    expect(compileGuardedPattern('[(?=]+', 'kwargs.regex').test('?')).toBe(true);
    expect(compileGuardedPattern('[\\]1]', 'kwargs.regex').test('1')).toBe(true);
  });

  it.each(catastrophic)('runs %s in linear time (input of %#)', (pattern, input, matches) => {
    expect(compileGuardedPattern(pattern, 'kwargs.regex', input.length).test(input)).toBe(matches);
  });

  it('translates JavaScript syntax (\\u escapes, named groups)', () => {
    expect(compileGuardedPattern('^\\u0041(?<digits>\\d+)$', 'kwargs.regex').test('A12')).toBe(
      true,
    );
  });

  it('accepts ordinary patterns and refuses strings over the length guard', () => {
    const pattern = compileGuardedPattern('^[a-z]+(-[a-z]+)?$', 'kwargs.regex', 8);
    expect(pattern.test('abc-def')).toBe(true);
    expect(pattern.test('ABC')).toBe(false);
    expect(pattern.test('abcdefghij')).toBeUndefined();
  });

  it('turns an invalid pattern into an InvalidInputError naming the field', () => {
    const error = (() => {
      try {
        compileGuardedPattern('([a-z', 'expectations[2].kwargs.regex');
      } catch (caught) {
        return caught;
      }
    })();
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).details).toMatchObject({
      path: 'expectations[2].kwargs.regex',
    });
  });
});

describe('regex expectations', () => {
  it('tests a dictionary-encoded column once per dictionary entry, not per row', async () => {
    const values = Array.from(
      { length: 10_000 },
      (_, index) => ['alpha', 'beta', 'gamma!'][index % 3]!,
    );
    const table = new Table({ word: vectorFromArray(values) });
    const spy = vi.spyOn(RE2JS.prototype, 'test');
    const suite = defineSuite('words')
      .expect('expect_column_values_to_match_regex', { column: 'word', regex: '^[a-z]+$' })
      .build();
    spy.mockClear();
    const report = await validate(suite, table);
    expect(callsFor(spy, '^[a-z]+$')).toBe(3);
    expect(report.results[0]?.result.unexpected_count).toBe(3333);
  });

  it('counts strings over the guard as unexpected without running the pattern', async () => {
    const table = tableFromArrays({ text: ['short', 'x'.repeat(50)] });
    const suite = defineSuite('long')
      .expect('expect_column_values_to_match_regex', { column: 'text', regex: '^[a-z]+$' })
      .build();
    const report = await validate(suite, table, { maxPatternInputLength: 20 });
    expect(report.results[0]?.result).toMatchObject({
      unexpected_count: 1,
      unexpected_index_list: [1],
    });
  });

  it('rejects an unsafe pattern in a suite before reading data, naming its path', async () => {
    const suite = defineSuite('unsafe')
      .expect('expect_column_values_to_not_be_null', { column: 'text' })
      .expect('expect_column_values_to_match_regex', { column: 'text', regex: '(a)\\1' })
      .build();
    await expect(validate(suite, tableFromArrays({ text: ['a'] }))).rejects.toMatchObject({
      code: 'UNSAFE_PATTERN',
      details: { path: 'expectations[1].kwargs.regex' },
    });
  });
});

describe('regex expectations across batches', () => {
  it('reuses the verdicts of a dictionary shared by the batches of an IPC stream', async () => {
    const values = Array.from(
      { length: 3000 },
      (_, index) => ['alpha', 'beta', 'gamma!'][index % 3]!,
    );
    const whole = new Table({ word: vectorFromArray(values) });
    const batches = [0, 1000, 2000].flatMap(start => whole.slice(start, start + 1000).batches);
    const streamed = tableFromIPC(tableToIPC(new Table(batches), 'stream'));
    expect(streamed.batches).toHaveLength(3);
    const suite = defineSuite('words')
      .expect('expect_column_values_to_match_regex', { column: 'word', regex: '^[a-z]+$' })
      .build();
    const spy = vi.spyOn(RE2JS.prototype, 'test');
    const report = await validate(suite, streamed);
    expect(callsFor(spy, '^[a-z]+$')).toBe(3);
    expect(report.results[0]?.result.unexpected_count).toBe(1000);
  });
});

describe('user patterns on long values', () => {
  it.each(catastrophic)('checks a column with %s', async (pattern, input, matches) => {
    const table = tableFromArrays({ text: [input, 'b'] });
    const suite = defineSuite('redos')
      .expect('expect_column_values_to_match_regex', { column: 'text', regex: pattern })
      .expect('expect_column_values_to_match_regex_list', {
        column: 'text',
        regex_list: [pattern, '^zz$'],
      })
      .build();
    const report = await validate(suite, table, { maxPatternInputLength: 20_000 });
    const expected = matches ? [1] : [0, 1];
    const bMatches = new RegExp(pattern).test('b');
    const unexpected = bMatches ? expected.filter(index => index !== 1) : expected;
    expect(report.results[0]?.result.unexpected_index_list).toEqual(unexpected);
    expect(report.results[1]?.result.unexpected_index_list).toEqual(unexpected);
  });

  it.each(catastrophic)('checks json_schema pattern %s', async (pattern, input, matches) => {
    const table = tableFromArrays({ doc: [JSON.stringify({ id: input })] });
    const suite = defineSuite('json')
      .expect('expect_column_values_to_match_json_schema', {
        column: 'doc',
        json_schema: { type: 'object', properties: { id: { type: 'string', pattern } } },
      })
      .build();
    const report = await validate(suite, table);
    expect(report.results[0]?.success).toBe(matches);
  });

  it.each(catastrophic)('checks validateRecords pattern %s', async (pattern, input, matches) => {
    const result = await validateRecords([{ id: input }], {
      jsonSchema: { type: 'object', properties: { id: { type: 'string', pattern } } },
    });
    expect(result.valid).toBe(matches);
  });

  it('checks a suite turned into a record schema on the linear engine', async () => {
    const suite = defineSuite('records')
      .expect('expect_column_values_to_match_regex', { column: 'id', regex: '(a|aa)+$' })
      .build();
    const result = await validateRecords([{ id: `${'a'.repeat(5000)}!` }, { id: 'aa' }], {
      suite,
    });
    expect(result.invalidCount).toBe(1);
    expect(result.errors[0]?.index).toBe(0);
  });

  it('refuses a lookahead in a record schema with UNSAFE_PATTERN', () => {
    expect(() => compileRecordSchema({ type: 'string', pattern: '^(?!admin)' })).toThrowError(
      expect.objectContaining({ code: 'UNSAFE_PATTERN' }),
    );
  });

  it('refuses a backreference in a json_schema expectation, naming its path', async () => {
    const suite = defineSuite('json')
      .expect('expect_column_values_to_match_json_schema', {
        column: 'doc',
        json_schema: { type: 'string', pattern: '(a)\\1' },
      })
      .build();
    await expect(validate(suite, tableFromArrays({ doc: ['"a"'] }))).rejects.toMatchObject({
      code: 'UNSAFE_PATTERN',
      details: { path: 'expectations[0].kwargs.json_schema' },
    });
  });
});
