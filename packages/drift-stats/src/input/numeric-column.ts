import { InvalidInputError } from '@ballast/contracts';
import {
  type ArrowBuffer,
  type ArrowDataLike,
  ArrowTypeId,
  readNumbers,
  readNumbersInto,
} from '@ballast/kit';
import type { Vector } from 'apache-arrow';
import { isArrowVector } from './arrow-guards';

/** Any JavaScript typed array holding numbers or 64-bit integers (kit's `ArrowBuffer`). */
export type NumericTypedArray = ArrowBuffer;

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

function notNumeric(field: string, typeName: string): InvalidInputError {
  return new InvalidInputError({
    code: 'COLUMN_NOT_NUMERIC',
    message: `${field} is an Arrow ${typeName} vector; numeric statistics need Int or Float columns. Cast it or use a categorical method.`,
    details: { path: field, arrowType: typeName },
  });
}

function fromArrowVector(vector: Vector, field: string): NumericColumn {
  const target = new Float64Array(vector.length);
  let written = 0;
  for (const data of vector.data as readonly ArrowDataLike[]) {
    if (data.typeId !== ArrowTypeId.Int && data.typeId !== ArrowTypeId.Float) {
      throw notNumeric(field, String(data.type));
    }
    // kit reads int64 from its 32-bit halves (no BigInt per row) and skips nulls by bitmap.
    written = readNumbersInto(data, target, written, { finiteOnly: true }, field);
  }
  return {
    values: written === vector.length ? target : target.slice(0, written),
    missing: vector.length - written,
    total: vector.length,
  };
}

function fromBigIntArray(input: BigInt64Array | BigUint64Array, field: string): NumericColumn {
  const chunk: ArrowDataLike = {
    typeId: ArrowTypeId.Int,
    type: { typeId: ArrowTypeId.Int },
    length: input.length,
    offset: 0,
    nullCount: 0,
    values: input,
  };
  const { values, total } = readNumbers(chunk, {}, field);
  return { values, missing: 0, total };
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
 * Reduces any numeric input to its finite values and a missing count. Arrow vectors (any
 * apache-arrow copy, or kit's columnar tables) are read chunk by chunk straight from their
 * value buffers by kit's `readNumbersInto`, respecting slice offsets and the validity bitmap;
 * 64-bit integers are read from their 32-bit halves without BigInt, giving `Number()`'s
 * value (exact up to 2^53, the nearest double beyond).
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
  if (input instanceof BigInt64Array || input instanceof BigUint64Array) {
    return fromBigIntArray(input, field);
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
