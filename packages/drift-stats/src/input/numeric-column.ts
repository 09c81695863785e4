import { InvalidInputError } from '@ballast/contracts';
import { float16BitsToNumber } from '@ballast/kit';
import { type Data, Type, type Vector } from 'apache-arrow';
import { isArrowVector, isValidSlot } from './arrow-guards';

/** Any JavaScript typed array holding numbers or 64-bit integers. */
export type NumericTypedArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** What the numeric statistics accept: an Arrow vector, a typed array or a plain array. */
export type NumericInput =
  | Vector
  | NumericTypedArray
  | ReadonlyArray<number | bigint | null | undefined>;

/**
 * A numeric column reduced to what the statistics need: the finite values, and how many
 * entries were missing.
 */
export interface NumericColumn {
  /** Finite values only, in input order; nulls, NaN and ±Infinity are removed. */
  values: Float64Array;
  /** Entries removed from `values`: nulls, NaN and ±Infinity (Evidently drops infinities too). */
  missing: number;
  /** Entries in the input, `values.length + missing`. */
  total: number;
}

const numericTypeIds = new Set<number>([Type.Int, Type.Float]);

function collectFinite(
  length: number,
  read: (index: number) => number,
  isPresent: (index: number) => boolean,
  target: Float64Array,
  start: number,
): number {
  let written = start;
  for (let index = 0; index < length; index++) {
    if (!isPresent(index)) continue;
    const value = read(index);
    if (Number.isFinite(value)) target[written++] = value;
  }
  return written;
}

function readArrowChunk(data: Data, target: Float64Array, start: number): number {
  const values = data.values as ArrayLike<number | bigint>;
  const isPresent = (index: number) => isValidSlot(data, index);
  if (data.typeId === Type.Float && (data.type as { precision?: number }).precision === 0) {
    const halves = values as Uint16Array;
    return collectFinite(
      data.length,
      index => float16BitsToNumber(halves[index] ?? 0),
      isPresent,
      target,
      start,
    );
  }
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    return collectFinite(data.length, index => Number(values[index]), isPresent, target, start);
  }
  const numbers = values as ArrayLike<number>;
  if (data.nullCount === 0) {
    let written = start;
    for (let index = 0; index < data.length; index++) {
      const value = numbers[index] as number;
      if (Number.isFinite(value)) target[written++] = value;
    }
    return written;
  }
  return collectFinite(data.length, index => numbers[index] as number, isPresent, target, start);
}

function fromArrowVector(vector: Vector, field: string): NumericColumn {
  const target = new Float64Array(vector.length);
  let written = 0;
  for (const data of vector.data) {
    if (!numericTypeIds.has(data.typeId)) {
      throw new InvalidInputError({
        code: 'COLUMN_NOT_NUMERIC',
        message: `${field} is an Arrow ${String(data.type)} vector; numeric statistics need Int or Float columns. Cast it or use a categorical method.`,
        details: { path: field, arrowType: String(data.type) },
      });
    }
    written = readArrowChunk(data, target, written);
  }
  return {
    values: target.slice(0, written),
    missing: vector.length - written,
    total: vector.length,
  };
}

function fromArrayLike(
  input: ArrayLike<number | bigint | null | undefined>,
  field: string,
): NumericColumn {
  const target = new Float64Array(input.length);
  let written = 0;
  for (let index = 0; index < input.length; index++) {
    const entry = input[index];
    if (entry === null || entry === undefined) continue;
    if (typeof entry === 'bigint') {
      target[written++] = Number(entry);
      continue;
    }
    if (typeof entry !== 'number') {
      throw new InvalidInputError({
        code: 'COLUMN_NOT_NUMERIC',
        message: `${field}[${index}] is a ${typeof entry}; numeric statistics need numbers, null or undefined.`,
        details: { path: `${field}[${index}]`, received: typeof entry },
      });
    }
    if (Number.isFinite(entry)) target[written++] = entry;
  }
  return {
    values: written === input.length ? target : target.slice(0, written),
    missing: input.length - written,
    total: input.length,
  };
}

/**
 * Reduces any numeric input to its finite values and a missing count. Arrow vectors are
 * read chunk by chunk straight from their value buffers (respecting slice offsets and the
 * validity bitmap); 64-bit integers are converted with `Number()`.
 */
export function toNumericColumn(input: NumericInput, field = 'input'): NumericColumn {
  if (isArrowVector(input)) return fromArrowVector(input, field);
  if (input instanceof Float64Array) {
    let finite = 0;
    for (let index = 0; index < input.length; index++) {
      if (Number.isFinite(input[index])) finite++;
    }
    if (finite === input.length) return { values: input, missing: 0, total: input.length };
    return fromArrayLike(input, field);
  }
  if (ArrayBuffer.isView(input) || Array.isArray(input)) {
    return fromArrayLike(input as ArrayLike<number | bigint | null | undefined>, field);
  }
  throw new InvalidInputError({
    code: 'INVALID_NUMERIC_INPUT',
    message: `${field} must be an Arrow Vector, a numeric typed array or an array of numbers.`,
    details: { path: field, received: typeof input },
  });
}
