import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineSuite } from '../suite/suite-builder';
import { validate } from '../validate';
import { suiteToJsonSchema } from './suite-to-json-schema';
import { validateRecords } from './validate-records';

const records = [
  { id: 1, amount: 10, country: 'FR', email: 'a@x.io', user: { age: 30 } },
  { id: 2, amount: 200, country: 'FR', email: 'b@x.io', user: { age: 17 } },
  { id: 3, amount: null, country: 'XX', email: 'bad', user: { age: 40 } },
  { id: null, amount: 5, country: 'DE', email: 'c@x.io', user: { age: 50 } },
];

const suite = defineSuite('records')
  .expect('expect_column_values_to_not_be_null', { column: 'id' })
  .expect('expect_column_values_to_be_between', { column: 'amount', min_value: 0, max_value: 100 })
  .expect('expect_column_values_to_be_in_set', { column: 'country', value_set: ['FR', 'DE'] })
  .expect('expect_column_values_to_match_regex', { column: 'email', regex: '^[^@]+@[^@]+$' })
  .expect('expect_column_values_to_be_between', { column: 'user.age', min_value: 18 })
  .expect('expect_column_mean_to_be_between', { column: 'amount', max_value: 50 })
  .build();

describe('validateRecords', () => {
  it('generates a JSON Schema from the row-level expectations and lists what it skipped', () => {
    const { schema, skipped } = suiteToJsonSchema(suite);
    expect(schema).toMatchObject({
      required: ['id'],
      properties: {
        amount: { minimum: 0, maximum: 100 },
        country: { enum: ['FR', 'DE', null] },
        user: { properties: { age: { minimum: 18 } } },
      },
    });
    expect(skipped).toEqual([
      expect.objectContaining({ index: 5, type: 'expect_column_mean_to_be_between' }),
    ]);
  });

  it('leaves conditional expectations out of the JSON Schema rather than applying them to every record', () => {
    const conditioned = defineSuite('conditioned')
      .expect(
        'expect_column_values_to_not_be_null',
        { column: 'id' },
        {
          row_condition: "country == 'FR'",
          condition_parser: 'pandas',
        },
      )
      .build();
    const { schema, skipped } = suiteToJsonSchema(conditioned);
    expect(schema).not.toHaveProperty('required');
    expect(skipped).toEqual([
      expect.objectContaining({ index: 0, reason: expect.stringMatching(/row_condition/) }),
    ]);
  });

  it('agrees with the Arrow engine on which records fail', async () => {
    const ajvResult = await validateRecords(records, { suite });
    expect(ajvResult.invalidCount).toBe(3);
    const report = await validate(suite, records);
    const failingRows = new Set(
      report.results.flatMap(result => result.result.unexpected_index_list ?? []),
    );
    expect(failingRows).toEqual(new Set([1, 2, 3]));
    expect(ajvResult.errors.map(error => error.index)).toEqual([1, 2, 3]);
  });

  it('caps listed errors but counts every invalid record', async () => {
    const many = Array.from({ length: 500 }, (_, index) => ({ id: index, amount: -1 }));
    const result = await validateRecords(many, { suite }, { maxErrors: 10 });
    expect(result).toMatchObject({ invalidCount: 500, truncated: true });
    expect(result.errors).toHaveLength(10);
  });

  it('accepts a zod schema through Standard Schema and a user JSON Schema', async () => {
    const zodResult = await validateRecords(records, {
      standardSchema: z.object({ id: z.number(), user: z.object({ age: z.number().min(18) }) }),
    });
    expect(zodResult.errors.map(error => [error.index, error.path])).toEqual([
      [1, 'user.age'],
      [3, 'id'],
    ]);
    const jsonResult = await validateRecords(records, {
      jsonSchema: { type: 'object', properties: { email: { type: 'string', format: 'email' } } },
    });
    expect(jsonResult.errors).toEqual([
      expect.objectContaining({ index: 2, path: '/email', keyword: 'format' }),
    ]);
  });

  it('rejects an object that is not a Standard Schema', async () => {
    await expect(validateRecords(records, { standardSchema: {} as never })).rejects.toMatchObject({
      code: 'INVALID_STANDARD_SCHEMA',
    });
  });
});
