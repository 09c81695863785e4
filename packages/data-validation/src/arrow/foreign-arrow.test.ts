import {
  type Data,
  Dictionary,
  Field,
  Int32,
  List,
  type RecordBatch,
  Struct,
  Table,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RecordBatchLike, TableLike } from './foreign-arrow';
import { defineSuite } from '../suite/suite-builder';
import { validate } from '../validate';

// Only one apache-arrow is installed in this workspace, so "another copy" is simulated: plain
// objects with the shape another copy's Table has (schema.fields, batches, data with buffers and
// children, dictionaries as vectors of data), and no class of ours anywhere in the graph.

type Plain = Record<string, unknown>;

function plainType(type: Plain): Plain {
  const copy: Plain = { ...type, typeId: type.typeId, toString: () => String(type) };
  if (Array.isArray(type.children)) copy.children = (type.children as Plain[]).map(plainField);
  if (type.dictionary) copy.dictionary = plainType(type.dictionary as Plain);
  if (type.indices) copy.indices = plainType(type.indices as Plain);
  return copy;
}

function plainField(field: Plain): Plain {
  return {
    name: field.name,
    nullable: field.nullable,
    metadata: new Map(),
    type: plainType(field.type as Plain),
  };
}

function plainData(data: Data): Plain {
  return {
    type: plainType(data.type as unknown as Plain),
    offset: data.offset,
    length: data.length,
    nullCount: data.nullCount,
    values: data.values,
    valueOffsets: data.valueOffsets,
    nullBitmap: data.nullBitmap,
    typeIds: data.typeIds,
    children: data.children.map(plainData),
    ...(data.dictionary ? { dictionary: { data: data.dictionary.data.map(plainData) } } : {}),
  };
}

function plainBatch(batch: RecordBatch): Plain {
  return {
    schema: { fields: batch.schema.fields.map(field => plainField(field as unknown as Plain)) },
    numRows: batch.numRows,
    data: plainData(batch.data as unknown as Data),
  };
}

/** A look-alike of a Table made by another apache-arrow copy. */
function foreignTable(table: Table): Plain {
  const batches = table.batches.map(plainBatch);
  return {
    schema: { fields: table.schema.fields.map(field => plainField(field as unknown as Plain)) },
    batches,
    numRows: table.numRows,
    getChild: (name: string) => ({
      data: batches.map(
        batch =>
          ((batch.data as Plain).children as Plain[])[
            table.schema.fields.findIndex(field => field.name === name)
          ],
      ),
    }),
  };
}

const rows = 50;
const own = new Table({
  id: vectorFromArray(
    Array.from({ length: rows }, (_, index) => (index === 7 ? null : index)),
    new Int32(),
  ),
  score: vectorFromArray(Float64Array.from({ length: rows }, (_, index) => index / 4)),
  name: vectorFromArray(
    Array.from({ length: rows }, (_, index) => (index % 9 === 0 ? 'Bad Name' : `user-${index}`)),
    new Utf8(),
  ),
  tier: vectorFromArray(
    Array.from({ length: rows }, (_, index) => ['gold', 'silver', null, 'bronze'][index % 4]!),
    new Dictionary(new Utf8(), new Int32()),
  ),
  at: vectorFromArray(
    Array.from({ length: rows }, (_, index) => Date.UTC(2026, 0, 1 + index)),
    new TimestampMillisecond(),
  ),
  user: vectorFromArray(
    Array.from({ length: rows }, (_, index) => ({ age: index % 80 })),
    new Struct([new Field('age', new Int32())]),
  ),
  tags: vectorFromArray(
    Array.from({ length: rows }, (_, index) => (index % 5 === 0 ? [] : ['a', `t${index % 3}`])),
    new List(new Field('item', new Utf8())),
  ),
});
// Two batches, as a reader would give them.
const table = new Table([...own.slice(0, 20).batches, ...own.slice(20).batches]);

const suite = defineSuite('foreign')
  .expect('expect_column_values_to_not_be_null', { column: 'id' })
  .expect('expect_column_mean_to_be_between', { column: 'score', min_value: 0, max_value: 100 })
  .expect('expect_column_values_to_match_regex', { column: 'name', regex: '^user-\\d+$' })
  .expect('expect_column_values_to_be_in_set', {
    column: 'tier',
    value_set: ['gold', 'silver'],
  })
  .expect('expect_column_values_to_be_between', { column: 'user.age', min_value: 0, max_value: 60 })
  .expect('expect_column_values_to_be_in_set', { column: 'tags.item', value_set: ['a', 't0'] })
  .expect('expect_column_max_to_be_between', {
    column: 'at',
    max_value: '2026-12-31T00:00:00Z',
  })
  .expect('expect_table_row_count_to_equal', { value: rows })
  .build();

/** A report without its run-specific fields. */
const comparable = (report: Awaited<ReturnType<typeof validate>>) =>
  report.results.map(result => ({ success: result.success, result: result.result }));

describe('Arrow objects from another apache-arrow copy', () => {
  it('types a Table and a RecordBatch of any copy structurally', () => {
    // Another copy's classes have the same shape as ours, so they type-check the same way.
    expectTypeOf(table).toExtend<TableLike>();
    expectTypeOf(table.batches[0]!).toExtend<RecordBatchLike>();
  });

  it('validates a look-alike Table exactly as our own', async () => {
    const expected = await validate(suite, table);
    expect(expected.results.some(result => !result.success)).toBe(true);
    const foreign = foreignTable(table);
    expect(comparable(await validate(suite, foreign as never))).toEqual(comparable(expected));
  });

  it('validates a look-alike RecordBatch, and a stream of them', async () => {
    const single = new Table(own.batches);
    const expected = comparable(await validate(suite, single));
    const batch = plainBatch(single.batches[0]!);
    expect(comparable(await validate(suite, batch as never))).toEqual(expected);
    async function* stream() {
      yield* foreignTable(table).batches as Plain[];
    }
    const streamed = comparable(await validate(suite, stream() as never));
    expect(streamed).toEqual(comparable(await validate(suite, table)));
  });

  it('refuses a look-alike column of a type it cannot adopt with a typed error', async () => {
    const foreign = foreignTable(table);
    const batch = (foreign.batches as Plain[])[0]!;
    const fields = (batch.schema as { fields: Plain[] }).fields;
    fields[0] = { ...fields[0], type: { typeId: 99, toString: () => 'Mystery' } };
    await expect(validate(suite, batch as never)).rejects.toMatchObject({
      code: 'UNSUPPORTED_INPUT',
    });
  });
});
