import { InvalidInputError } from '@ballast/contracts';
import {
  type ArrowDataLike,
  ArrowTypeId,
  type ArrowVectorLike,
  isNumericChunk,
  isStringChunk,
  isValidAt,
  readNumbersInto,
  StringCounter,
  stringCountMap,
} from '@ballast/kit';
import type { Vector } from 'apache-arrow';
import { isArrowVector } from './arrow-guards';

/** A single categorical entry in a plain array. */
export type CategoricalValue = string | number | boolean | bigint | null | undefined;

/** What the categorical statistics accept: an Arrow vector (Utf8, Dictionary, Bool, numeric) or a plain array. */
export type CategoricalInput = Vector | ReadonlyArray<CategoricalValue>;

/** A categorical column reduced to its category counts and missing count. */
export interface CategoricalColumn {
  /** Count per category key; keys are strings (see {@link categoryKey}). */
  counts: Map<string, number>;
  /** Nulls, undefined and NaN entries. */
  missing: number;
  /** Entries in the input. */
  total: number;
}

/**
 * The string key of one category, so the same value gives the same key whatever its source:
 * booleans become `'true'`/`'false'`, numbers and bigints their decimal text (`1` and `1n`
 * both `'1'`), strings stay as they are. Returns `undefined` for missing values (null,
 * undefined, NaN).
 */
export function categoryKey(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return String(value);
}

function increment(counts: Map<string, number>, key: string, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

function notCategorical(field: string, typeName: string): InvalidInputError {
  return new InvalidInputError({
    code: 'COLUMN_NOT_CATEGORICAL',
    message: `${field} is an Arrow ${typeName} vector; categorical statistics need Utf8, Dictionary, Bool, Int or Float columns.`,
    details: { path: field, arrowType: typeName },
  });
}

/** Dictionary entries that are not strings: counted per index, then each used entry keyed once. */
function countOtherDictionaryChunk(
  data: ArrowDataLike,
  counts: Map<string, number>,
  field: string,
): number {
  const dictionary = data.dictionary as ArrowVectorLike & { get?(index: number): unknown };
  const indices = data.values as ArrayLike<number | bigint>;
  const perIndex = new Float64Array(dictionary.length);
  for (let index = 0; index < data.length; index++) {
    if (data.nullCount !== 0 && !isValidAt(data, index)) continue;
    const code = Number(indices[index]);
    // A Float64Array ignores writes past its end: the row would silently turn into a missing one.
    if (!(code >= 0 && code < perIndex.length)) {
      throw new InvalidInputError({
        code: 'DICTIONARY_INDEX_OUT_OF_RANGE',
        message: `${field} row ${index} points at dictionary entry ${code}, but the dictionary has ${perIndex.length} entries.`,
        details: { path: field, row: index, index: code, size: perIndex.length },
      });
    }
    perIndex[code] = (perIndex[code] as number) + 1;
  }
  const entries = dictionaryEntries(dictionary);
  let present = 0;
  perIndex.forEach((count, code) => {
    if (count === 0) return;
    const key = categoryKey(entries(code));
    if (key === undefined) return;
    increment(counts, key, count);
    present += count;
  });
  return present;
}

/** Reads dictionary entry `code`: through `get` on apache-arrow vectors, from the numbers otherwise. */
function dictionaryEntries(
  dictionary: ArrowVectorLike & { get?(index: number): unknown },
): (code: number) => unknown {
  if (typeof dictionary.get === 'function') return code => dictionary.get?.(code);
  const entries: unknown[] = [];
  for (const chunk of dictionary.data) pushNumberEntries(chunk, entries);
  return code => entries[code];
}

function pushNumberEntries(chunk: ArrowDataLike, target: unknown[]): void {
  if (!isNumericChunk(chunk)) throw notCategorical('dictionary', `type id ${chunk.typeId}`);
  const dense = new Float64Array(chunk.length);
  readNumbersInto(chunk, dense, 0);
  let next = 0;
  for (let index = 0; index < chunk.length; index++) {
    target.push(isValidAt(chunk, index) ? dense[next++] : null);
  }
}

function countBoolChunk(data: ArrowDataLike, counts: Map<string, number>): number {
  const bits = data.values as Uint8Array;
  let trueCount = 0;
  let present = 0;
  for (let index = 0; index < data.length; index++) {
    if (!isValidAt(data, index)) continue;
    present++;
    const bit = data.offset + index;
    if (((bits[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0) trueCount++;
  }
  if (trueCount > 0) increment(counts, 'true', trueCount);
  if (present - trueCount > 0) increment(counts, 'false', present - trueCount);
  return present;
}

/** Int and Float columns as categories: each value's decimal text (NaN missing). */
function countNumberChunk(data: ArrowDataLike, counts: Map<string, number>): number {
  const values = data.values;
  let present = 0;
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    // Exact decimal text beyond 2^53 needs the BigInt itself.
    for (let index = 0; index < data.length; index++) {
      if (!isValidAt(data, index)) continue;
      increment(counts, String(values[index]));
      present++;
    }
    return present;
  }
  const dense = new Float64Array(data.length);
  const read = readNumbersInto(data, dense, 0);
  // Count distinct numbers first, so each becomes a string once.
  const perValue = new Map<number, number>();
  for (let index = 0; index < read; index++) {
    const value = dense[index] as number;
    if (Number.isNaN(value)) continue;
    perValue.set(value, (perValue.get(value) ?? 0) + 1);
    present++;
  }
  for (const [value, count] of perValue) increment(counts, String(value), count);
  return present;
}

function fromArrowVector(vector: Vector, field: string): CategoricalColumn {
  const counts = new Map<string, number>();
  const strings = new StringCounter();
  let present = 0;
  let stringRows = 0;
  for (const data of vector.data as readonly ArrowDataLike[]) {
    if (isStringChunk(data)) {
      // Utf8/LargeUtf8/Dictionary<Utf8>: counted on the bytes by kit, distinct values decoded once.
      strings.add(data, undefined, 0, field);
      stringRows += data.length;
    } else if (data.typeId === ArrowTypeId.Dictionary)
      present += countOtherDictionaryChunk(data, counts, field);
    else if (data.typeId === ArrowTypeId.Bool) present += countBoolChunk(data, counts);
    else if (data.typeId === ArrowTypeId.Int || data.typeId === ArrowTypeId.Float)
      present += countNumberChunk(data, counts);
    else throw notCategorical(field, String(data.type));
  }
  if (stringRows > 0) {
    const counted = strings.result();
    for (const [value, count] of stringCountMap(counted)) increment(counts, value, count);
    present += counted.total - counted.nulls;
  }
  return { counts, missing: vector.length - present, total: vector.length };
}

/**
 * Counts the categories of a column. Arrow Utf8/LargeUtf8 columns and string dictionaries are
 * counted on their UTF-8 bytes by kit's `StringCounter` (each distinct value decoded once;
 * dictionaries per index), Bool vectors from their bitmap, Int/Float per distinct number;
 * plain arrays key every value with {@link categoryKey}.
 */
export function toCategoricalColumn(input: CategoricalInput, field = 'input'): CategoricalColumn {
  if (isArrowVector(input)) return fromArrowVector(input, field);
  if (!Array.isArray(input)) {
    throw new InvalidInputError({
      code: 'INVALID_CATEGORICAL_INPUT',
      message: `${field} must be an Arrow Vector or an array of strings, numbers or booleans.`,
      details: { path: field, received: typeof input },
    });
  }
  const counts = new Map<string, number>();
  let present = 0;
  for (const value of input as ReadonlyArray<CategoricalValue>) {
    const key = categoryKey(value);
    if (key === undefined) continue;
    increment(counts, key);
    present++;
  }
  return { counts, missing: input.length - present, total: input.length };
}
