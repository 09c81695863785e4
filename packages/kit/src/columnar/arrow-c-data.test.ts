import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { bits, CMemory, utf8 } from './__fixtures__/c-memory';
import { ArrowTypeId } from './arrow-data-like';
import { readCSchemaFields, readCStructArray } from './arrow-c-data';
import { countStrings, stringCountMap } from './count-strings';
import { readNumbers } from './read-numbers';

/** A record batch of int64 (with nulls, C offset 1), large utf8, utf8, dictionary and timestamp columns. */
function batch(memory: CMemory) {
  const schema = memory.schema('+s', '', [
    memory.schema('l', 'delay'),
    memory.schema('U', 'origin'),
    memory.schema('u', 'city'),
    memory.schema('i', 'code', [], memory.schema('u', '')),
    memory.schema('tsu:', 'date'),
    memory.schema('b', 'flag'),
  ]);
  // delay: rows [99, 5, null, -7, 2^53 + 2] with C offset 1 -> [5, null, -7, 2^53 + 2]
  const delay = memory.array(4, 1, 1, [
    memory.bytesOf(bits([true, true, false, true, true])),
    memory.bytesOf(BigInt64Array.from([99n, 5n, 0n, -7n, 2n ** 53n + 2n])),
  ]);
  const origin = utf8(['JFK', 'LAX', 'JFK', 'ünï']);
  const originArray = memory.array(4, 0, 0, [
    0,
    memory.bytesOf(BigInt64Array.from(origin.offsets, BigInt)),
    memory.bytesOf(origin.data),
  ]);
  // city: C offset 2 over ['skip', 'me', 'Oslo', 'Rome', 'Oslo', 'Oslo']
  const city = utf8(['skip', 'me', 'Oslo', 'Rome', 'Oslo', 'Oslo']);
  const cityArray = memory.array(4, 0, 2, [
    0,
    memory.bytesOf(Int32Array.from(city.offsets)),
    memory.bytesOf(city.data),
  ]);
  const entries = utf8(['a', 'b']);
  const dictionary = memory.array(2, 0, 0, [
    0,
    memory.bytesOf(Int32Array.from(entries.offsets)),
    memory.bytesOf(entries.data),
  ]);
  const code = memory.array(
    4,
    -1,
    0,
    [
      memory.bytesOf(bits([true, false, true, true])),
      memory.bytesOf(Int32Array.from([1, 0, 1, 0])),
    ],
    [],
    dictionary,
  );
  const date = memory.array(4, 0, 0, [0, memory.bytesOf(BigInt64Array.from([1n, 2n, 3n, 4n]))]);
  const flag = memory.array(4, 0, 0, [0, memory.bytesOf(bits([true, false, true, true]))]);
  const array = memory.array(4, 0, 0, [0], [delay, originArray, cityArray, code, date, flag]);
  return { schema, array };
}

describe('readCSchemaFields / readCStructArray', () => {
  it('reads fields and chunks out of C Data Interface structs, offsets applied', () => {
    const memory = new CMemory();
    const { schema, array } = batch(memory);
    const fields = readCSchemaFields(memory.buffer, schema);
    expect(fields.map(field => [field.name, field.type.typeId, String(field.type)])).toEqual([
      ['delay', ArrowTypeId.Int, 'l'],
      ['origin', ArrowTypeId.LargeUtf8, 'U'],
      ['city', ArrowTypeId.Utf8, 'u'],
      ['code', ArrowTypeId.Dictionary, 'Dictionary<u>'],
      ['date', ArrowTypeId.Timestamp, 'tsu:'],
      ['flag', ArrowTypeId.Bool, 'b'],
    ]);
    expect(fields[4]?.type.unit).toBe('us');
    const { length, columns } = readCStructArray(memory.buffer, array, fields);
    expect(length).toBe(4);
    const [delay, origin, city, code, date, flag] = columns;
    expect(Array.from(readNumbers(delay as never).values)).toEqual([5, -7, 2 ** 53 + 2]);
    expect(delay?.nullCount).toBe(1);
    expect(stringCountMap(countStrings(origin as never))).toEqual(
      new Map([
        ['JFK', 2],
        ['LAX', 1],
        ['ünï', 1],
      ]),
    );
    expect(stringCountMap(countStrings(city as never))).toEqual(
      new Map([
        ['Oslo', 3],
        ['Rome', 1],
      ]),
    );
    // null_count -1 (unknown) is counted from the bitmap.
    expect(code?.nullCount).toBe(1);
    expect(stringCountMap(countStrings(code as never))).toEqual(
      new Map([
        ['b', 2],
        ['a', 1],
      ]),
    );
    expect(Array.from(readNumbers(date as never).values)).toEqual([1, 2, 3, 4]);
    expect(flag?.typeId).toBe(ArrowTypeId.Bool);
  });

  it('copies buffers out, so chunks survive the memory being overwritten', () => {
    const memory = new CMemory();
    const { schema, array } = batch(memory);
    const fields = readCSchemaFields(memory.buffer, schema);
    const { columns } = readCStructArray(memory.buffer, array, fields);
    new Uint8Array(memory.buffer).fill(0xff);
    expect(Array.from(readNumbers(columns[0] as never).values)).toEqual([5, -7, 2 ** 53 + 2]);
  });

  it('refuses nested types with a typed error naming the column', () => {
    const memory = new CMemory();
    const schema = memory.schema('+s', '', [
      memory.schema('+l', 'tags', [memory.schema('u', 'item')]),
    ]);
    expect(() => readCSchemaFields(memory.buffer, schema)).toThrow(InvalidInputError);
    expect(() => readCSchemaFields(memory.buffer, schema)).toThrow(/"tags".*"\+l"/);
  });
});
