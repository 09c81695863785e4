import { InvalidInputError } from '@ballast/contracts';
import { type Data, makeVector, Type, type Vector } from 'apache-arrow';
import { isArrowVector, isValidSlot } from './arrow-guards';

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

function countDictionaryChunk(data: Data, counts: Map<string, number>): number {
  const dictionary = data.dictionary;
  const indices = data.values as ArrayLike<number | bigint>;
  // Count per dictionary index in a typed array, then read each used dictionary entry once.
  const perIndex = new Float64Array(dictionary?.length ?? 0);
  const noNulls = data.nullCount === 0;
  for (let index = 0; index < data.length; index++) {
    if (!noNulls && !isValidSlot(data, index)) continue;
    const code = Number(indices[index]);
    perIndex[code] = (perIndex[code] ?? 0) + 1;
  }
  let present = 0;
  perIndex.forEach((count, code) => {
    if (count === 0) return;
    const key = categoryKey(dictionary?.get(code));
    if (key === undefined) return;
    increment(counts, key, count);
    present += count;
  });
  return present;
}

function countBoolChunk(data: Data, counts: Map<string, number>): number {
  const bits = data.values as Uint8Array;
  let trueCount = 0;
  let present = 0;
  for (let index = 0; index < data.length; index++) {
    if (!isValidSlot(data, index)) continue;
    present++;
    const bit = data.offset + index;
    if (((bits[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0) trueCount++;
  }
  if (trueCount > 0) increment(counts, 'true', trueCount);
  if (present - trueCount > 0) increment(counts, 'false', present - trueCount);
  return present;
}

function countGenericChunk(vector: Vector, counts: Map<string, number>): number {
  let present = 0;
  for (const value of vector) {
    const key = categoryKey(value);
    if (key === undefined) continue;
    increment(counts, key);
    present++;
  }
  return present;
}

const supportedTypeIds = new Set<number>([
  Type.Utf8,
  Type.LargeUtf8,
  Type.Dictionary,
  Type.Bool,
  Type.Int,
  Type.Float,
]);

function fromArrowVector(vector: Vector, field: string): CategoricalColumn {
  const counts = new Map<string, number>();
  let present = 0;
  for (const data of vector.data) {
    if (!supportedTypeIds.has(data.typeId)) {
      throw new InvalidInputError({
        code: 'COLUMN_NOT_CATEGORICAL',
        message: `${field} is an Arrow ${String(data.type)} vector; categorical statistics need Utf8, Dictionary, Bool, Int or Float columns.`,
        details: { path: field, arrowType: String(data.type) },
      });
    }
    if (data.typeId === Type.Dictionary) present += countDictionaryChunk(data, counts);
    else if (data.typeId === Type.Bool) present += countBoolChunk(data, counts);
    else present += countGenericChunk(makeVector(data), counts);
  }
  return { counts, missing: vector.length - present, total: vector.length };
}

/**
 * Counts the categories of a column. Arrow dictionaries are counted per index before the
 * dictionary is read, Bool vectors from their bitmap; plain arrays key every value with
 * {@link categoryKey}.
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
