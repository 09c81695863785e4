import { describe, expect, it } from 'vitest';
import { defineSuite } from '../suite/suite-builder';
import { validate } from '../validate';
import { suiteToJsonSchema } from './suite-to-json-schema';
import { validateRecords } from './validate-records';

const records = [
  { code: 'AB-12', price: 1 },
  { code: 'ab-34', price: 2.5 },
  { code: null, price: null },
  { code: 'AB-x', price: 3 },
  { code: 'zz', price: 4 },
  { code: 'CD-56', price: 0 },
];

const suite = defineSuite('lists')
  .expect('expect_column_values_to_match_regex_list', {
    column: 'code',
    regex_list: ['^AB', '\\d$'],
    match_on: 'all',
  })
  .expect('expect_column_values_to_not_match_regex_list', { column: 'code', regex_list: ['^z'] })
  .expect('expect_column_values_to_match_like_pattern_list', {
    column: 'code',
    like_pattern_list: ['%-%', 'z_'],
  })
  .expect('expect_column_values_to_not_match_like_pattern', { column: 'code', like_pattern: 'CD%' })
  .expect('expect_column_values_to_be_in_type_list', {
    column: 'price',
    type_list: ['int', 'float'],
  })
  .expect('expect_column_values_to_be_increasing', { column: 'price' })
  .expect('expect_column_values_to_be_in_type_list', { column: 'code', type_list: ['Utf8'] })
  .build();

describe('suiteToJsonSchema for pattern lists, LIKE patterns and type lists', () => {
  it('translates them to pattern keywords and types, and skips order checks', () => {
    const { schema, skipped } = suiteToJsonSchema(suite);
    expect(schema).toMatchObject({
      properties: {
        code: {
          allOf: [
            { pattern: '^AB' },
            { pattern: '\\d$' },
            // A second `not` on the column joins the allOf.
            { not: { type: 'string', pattern: '^CD[\\s\\S]*$' } },
          ],
          not: { type: 'string', pattern: '^z' },
          anyOf: [{ pattern: '^[\\s\\S]*-[\\s\\S]*$' }, { pattern: '^z[\\s\\S]$' }],
        },
        price: { type: ['integer', 'number', 'null'] },
      },
    });
    expect(skipped.map(({ index, reason }) => [index, reason])).toEqual([
      [5, expect.stringMatching(/previous/)],
      [6, expect.stringMatching(/Utf8 has no JSON Schema type/)],
    ]);
  });

  it('fails the same records as the Arrow engine, rule by rule', async () => {
    const rowRules = suite.expectations.slice(0, 4);
    for (const expectation of rowRules) {
      const single = { ...suite, expectations: [expectation] };
      const viaAjv = await validateRecords(records, { suite: single });
      const viaArrow = (await validate(single, records)).results[0]!;
      expect(viaAjv.invalidCount).toBe(viaArrow.result.unexpected_count);
    }
  });

  it('names a malformed LIKE pattern by its path', () => {
    const bad = defineSuite('bad')
      .expect('expect_column_values_to_match_like_pattern', { column: 'code', like_pattern: 'a\\' })
      .build();
    expect(() => suiteToJsonSchema(bad)).toThrow(
      expect.objectContaining({ details: { path: 'expectations[0].kwargs.like_pattern' } }),
    );
  });
});
