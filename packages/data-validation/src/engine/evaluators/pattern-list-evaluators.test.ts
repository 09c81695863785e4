import { Dictionary, Int32, tableFromArrays, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { anomalyCodes } from '../../anomaly-codes';
import { parseSuite } from '../../suite/parse-suite';
import { validate } from '../../validate';

const codes = ['AB-12', 'ab-34', null, 'AB-x', 'zz', 'AB-éé', 'CD-56'];

async function run(type: string, kwargs: Record<string, unknown>, table?: Table) {
  const suite = parseSuite({
    name: 'patterns',
    expectations: [{ type, kwargs: { column: 'code', ...kwargs } }],
  });
  const data = table ?? new Table({ code: vectorFromArray(codes, new Utf8()) });
  return (await validate(suite, data)).results[0]!;
}

const dictionaryTable = () =>
  new Table({ code: vectorFromArray(codes, new Dictionary(new Utf8(), new Int32())) });

describe('expect_column_values_to_match_regex_list', () => {
  // Searches as str.contains: '^AB' matches rows 0, 3, 5; '\\d$' rows 0, 1, 6.
  const regex_list = ['^AB', '\\d$'];

  it('passes a value matching any pattern by default', async () => {
    const result = await run('expect_column_values_to_match_regex_list', { regex_list });
    expect(result.code).toBe(anomalyCodes.patternMismatch);
    expect(result.result).toMatchObject({
      element_count: 7,
      missing_count: 1,
      unexpected_count: 1,
      unexpected_index_list: [4],
      partial_unexpected_list: ['zz'],
    });
  });

  it('needs every pattern with match_on all', async () => {
    const result = await run('expect_column_values_to_match_regex_list', {
      regex_list,
      match_on: 'all',
    });
    expect(result.result.unexpected_index_list).toEqual([1, 3, 4, 5, 6]);
    // 1 of 6 non-missing values expected: mostly 0.15 passes, 0.2 does not.
    const loose = await run('expect_column_values_to_match_regex_list', {
      regex_list,
      match_on: 'all',
      mostly: 0.15,
    });
    expect(loose.success).toBe(true);
  });

  it('gives the same results on dictionary columns and on patterns beyond the DFA', async () => {
    const dictionary = await run(
      'expect_column_values_to_match_regex_list',
      { regex_list, match_on: 'all' },
      dictionaryTable(),
    );
    expect(dictionary.result.unexpected_index_list).toEqual([1, 3, 4, 5, 6]);
    // A group keeps the first pattern away from the DFA: the decoded strings are tested instead.
    const grouped = await run('expect_column_values_to_match_regex_list', {
      regex_list: ['^(AB)', '\\d$'],
      match_on: 'all',
    });
    expect(grouped.result.unexpected_index_list).toEqual([1, 3, 4, 5, 6]);
  });

  it('names the failing pattern of an unsafe or invalid list', async () => {
    await expect(
      run('expect_column_values_to_match_regex_list', { regex_list: ['^a', '(?<=a)b'] }),
    ).rejects.toMatchObject({
      code: 'UNSAFE_PATTERN',
      details: { path: 'expectations[0].kwargs.regex_list[1]' },
    });
    expect(() =>
      parseSuite({
        name: 'bad',
        expectations: [
          {
            type: 'expect_column_values_to_match_regex_list',
            kwargs: { column: 'code', regex_list: ['^a'], match_on: 'some' },
          },
        ],
      }),
    ).toThrow(/expectations\[0\]\.kwargs\.match_on/);
    expect(() =>
      parseSuite({
        name: 'bad',
        expectations: [
          {
            type: 'expect_column_values_to_match_regex_list',
            kwargs: { column: 'code', regex_list: [] },
          },
        ],
      }),
    ).toThrow(/expectations\[0\]\.kwargs\.regex_list/);
  });

  it('counts the same once the result lists are full (BOOLEAN_ONLY lists nothing)', async () => {
    const many = new Table({
      code: vectorFromArray(
        Array.from({ length: 300 }, (_, index) => (index % 3 === 0 ? `AB-${index % 10}` : 'zz')),
        new Utf8(),
      ),
    });
    for (const [type, kwargs] of [
      ['expect_column_values_to_match_regex_list', { regex_list, match_on: 'all' }],
      ['expect_column_values_to_not_match_like_pattern_list', { like_pattern_list: ['z%', 'q'] }],
    ] as const) {
      const suite = parseSuite({
        name: 'full',
        expectations: [{ type, kwargs: { column: 'code', ...kwargs } }],
      });
      const listed = (await validate(suite, many)).results[0]!;
      const counted = (await validate(suite, many, { resultFormat: 'BOOLEAN_ONLY' })).results[0]!;
      expect(listed.result.unexpected_count).toBe(200);
      expect(counted.result.unexpected_count).toBe(200);
      expect(counted.result.partial_unexpected_list).toEqual([]);
    }
  });

  it('fails a numeric column with UNEXPECTED_TYPE', async () => {
    const result = await run(
      'expect_column_values_to_match_regex_list',
      { regex_list },
      tableFromArrays({ code: Float64Array.of(1, 2) }),
    );
    expect(result.code).toBe(anomalyCodes.unexpectedType);
  });
});

describe('expect_column_values_to_not_match_regex_list', () => {
  it('fails values matching any of the patterns', async () => {
    const result = await run('expect_column_values_to_not_match_regex_list', {
      regex_list: ['^AB', '\\d$'],
    });
    expect(result.code).toBe(anomalyCodes.forbiddenPattern);
    expect(result.result).toMatchObject({
      unexpected_count: 5,
      unexpected_index_list: [0, 1, 3, 5, 6],
      partial_unexpected_list: ['AB-12', 'ab-34', 'AB-x', 'AB-éé', 'CD-56'],
    });
  });
});

describe('SQL LIKE expectations', () => {
  it('matches a whole value with % and _, case-sensitively', async () => {
    const result = await run('expect_column_values_to_match_like_pattern', {
      like_pattern: 'AB-__',
    });
    expect(result.result.unexpected_index_list).toEqual([1, 3, 4, 6]);
    const dictionary = await run(
      'expect_column_values_to_match_like_pattern',
      { like_pattern: 'AB-__' },
      dictionaryTable(),
    );
    expect(dictionary.result.unexpected_index_list).toEqual([1, 3, 4, 6]);
  });

  it('fails values matching a forbidden pattern', async () => {
    const result = await run('expect_column_values_to_not_match_like_pattern', {
      like_pattern: '%-%',
    });
    expect(result.code).toBe(anomalyCodes.forbiddenPattern);
    expect(result.result.unexpected_index_list).toEqual([0, 1, 3, 5, 6]);
  });

  it('combines a list with match_on and its negation', async () => {
    const like_pattern_list = ['AB%', '%_6'];
    const any = await run('expect_column_values_to_match_like_pattern_list', {
      like_pattern_list,
    });
    expect(any.result.unexpected_index_list).toEqual([1, 4]);
    const all = await run('expect_column_values_to_match_like_pattern_list', {
      like_pattern_list,
      match_on: 'all',
    });
    expect(all.result.unexpected_index_list).toEqual([0, 1, 3, 4, 5, 6]);
    const none = await run('expect_column_values_to_not_match_like_pattern_list', {
      like_pattern_list,
    });
    expect(none.result.unexpected_index_list).toEqual([0, 3, 5, 6]);
  });

  it('rejects a pattern ending in the escape character, naming it', async () => {
    await expect(
      run('expect_column_values_to_match_like_pattern_list', {
        like_pattern_list: ['AB%', 'x\\'],
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_SUITE',
      details: { path: 'expectations[0].kwargs.like_pattern_list[1]' },
    });
  });
});
