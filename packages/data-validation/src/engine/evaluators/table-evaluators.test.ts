import { Dictionary, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { anomalyCodes } from '../../anomaly-codes';
import { parseSuite } from '../../suite/parse-suite';
import { defineSuite } from '../../suite/suite-builder';
import { validate } from '../../validate';

const table = new Table({
  price: vectorFromArray([1, Number.NaN]),
  count: vectorFromArray(Int32Array.of(1, 2)),
  tier: vectorFromArray(['a', null], new Dictionary(new Utf8(), new Int32())),
  name: vectorFromArray(['x', 'y'], new Utf8()),
});

async function typeList(column: string, type_list: string[] | null) {
  const suite = defineSuite('types')
    .expect('expect_column_values_to_be_in_type_list', { column, type_list })
    .build();
  return (await validate(suite, table)).results[0]!;
}

describe('expect_column_values_to_be_in_type_list', () => {
  it('accepts a column whose type is any of the listed names, in the type check vocabulary', async () => {
    const verdicts = await Promise.all([
      typeList('price', ['int', 'float']),
      typeList('count', ['Int32']),
      typeList('tier', ['str']),
      typeList('name', ['category', 'object']),
      typeList('name', ['int', 'bool']),
      typeList('count', ['float', 'datetime64[ns]']),
    ]);
    expect(verdicts.map(result => [result.success, result.result.observed_value])).toEqual([
      [true, 'Float64'],
      [true, 'Int32'],
      [true, 'Dictionary<Int32, Utf8>'],
      [true, 'Utf8'],
      [false, 'Utf8'],
      [false, 'Int32'],
    ]);
    expect(verdicts[4]?.code).toBe(anomalyCodes.unexpectedType);
    expect(verdicts[4]?.message).toContain('["int","bool"]');
  });

  it('agrees with expect_column_values_to_be_of_type name by name', async () => {
    const names = ['float', 'Float64', 'string', 'str', 'object', 'category', 'integer', 'Int32'];
    const suite = defineSuite('agree');
    for (const column of ['price', 'count', 'tier', 'name'])
      for (const name of names) {
        suite.expect('expect_column_values_to_be_of_type', { column, type_: name });
        suite.expect('expect_column_values_to_be_in_type_list', { column, type_list: [name] });
      }
    const { results } = await validate(suite.build(), table);
    expect(results).toHaveLength(64);
    for (let index = 0; index < results.length; index += 2)
      expect(results[index + 1]?.success).toBe(results[index]?.success);
  });

  it('passes any type with a null type_list, as Great Expectations', async () => {
    expect((await typeList('name', null)).success).toBe(true);
  });

  it('rejects an empty type_list and a row_condition with errors naming the field', () => {
    const parse = (expectation: Record<string, unknown>) => () =>
      parseSuite({
        name: 'bad',
        expectations: [{ type: 'expect_column_values_to_be_in_type_list', ...expectation }],
      });
    expect(parse({ kwargs: { column: 'x', type_list: [] } })).toThrow(
      /expectations\[0\]\.kwargs\.type_list/,
    );
    expect(
      parse({
        kwargs: { column: 'x', type_list: ['int'] },
        row_condition: 'x > 1',
        condition_parser: 'pandas',
      }),
    ).toThrow(/expectations\[0\]\.row_condition/);
  });
});
