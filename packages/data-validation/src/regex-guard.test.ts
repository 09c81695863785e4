import { InvalidInputError } from '@ballast/contracts';
import { Table, tableFromArrays, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileGuardedPattern } from './regex-guard';
import { defineSuite } from './suite/suite-builder';
import { validate } from './validate';

afterEach(() => vi.restoreAllMocks());

describe('compileGuardedPattern', () => {
  it.each(['(a+)+$', '(a|aa)*b(x*)*', '(\\d{2,})+', '(a)\\1'])('rejects %s', pattern => {
    expect(() => compileGuardedPattern(pattern, 'kwargs.regex')).toThrowError(
      expect.objectContaining({ code: 'UNSAFE_PATTERN' }),
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
    const spy = vi.spyOn(RegExp.prototype, 'test');
    const suite = defineSuite('words')
      .expect('expect_column_values_to_match_regex', { column: 'word', regex: '^[a-z]+$' })
      .build();
    spy.mockClear();
    const report = await validate(suite, table);
    const userPatternCalls = spy.mock.contexts.filter(
      context => (context as RegExp).source === '^[a-z]+$',
    );
    expect(userPatternCalls).toHaveLength(3);
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
      .expect('expect_column_values_to_match_regex', { column: 'text', regex: '(a+)+' })
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
    const spy = vi.spyOn(RegExp.prototype, 'test');
    const report = await validate(suite, streamed);
    const userPatternCalls = spy.mock.contexts.filter(
      context => (context as RegExp).source === '^[a-z]+$',
    );
    expect(userPatternCalls).toHaveLength(3);
    expect(report.results[0]?.result.unexpected_count).toBe(1000);
  });
});
