import { InvalidInputError } from '@ballast/contracts';
import { float16BitsToNumber } from '../float16/float16';
import {
  type ArrowColumnLike,
  type ArrowDataLike,
  ArrowTypeId,
  activeBitmap,
  arrowChunks,
  assertBufferLength,
} from './arrow-data-like';
import { int64Halves, TWO_TO_32 } from './int64-halves';

const numericTypeIds = new Set<number>([
  ArrowTypeId.Int,
  ArrowTypeId.Float,
  ArrowTypeId.Date,
  ArrowTypeId.Time,
  ArrowTypeId.Timestamp,
  ArrowTypeId.Duration,
]);

/** Options of {@link readNumbersInto} and {@link readNumbers}. */
export interface ReadNumbersOptions {
  /** Skip NaN and ±Infinity as well as nulls (float columns only; integers are always finite). Default false. */
  finiteOnly?: boolean;
}

/**
 * True when the chunk holds numbers {@link readNumbersInto} can read: Int (8 to 64 bits,
 * signed or not), Float (16, 32, 64), Date, Time, Timestamp and Duration (in their stored unit).
 */
export function isNumericChunk(chunk: ArrowDataLike): boolean {
  return numericTypeIds.has(chunk.typeId);
}

/** Reads the 64-bit integers of `values` as float64 from their 32-bit halves (see int64Halves). */
function readInt64(
  values: BigInt64Array | BigUint64Array,
  length: number,
  bitmap: Uint8Array | undefined,
  offset: number,
  target: Float64Array,
  at: number,
): number {
  const { lo, hi } = int64Halves(values, length);
  let written = at;
  if (bitmap === undefined) {
    for (let row = 0; row < length; row++) {
      target[written++] = (hi[2 * row + 1] as number) * TWO_TO_32 + (lo[2 * row] as number);
    }
    return written;
  }
  for (let row = 0; row < length; row++) {
    const bit = offset + row;
    if (((bitmap[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    target[written++] = (hi[2 * row + 1] as number) * TWO_TO_32 + (lo[2 * row] as number);
  }
  return written;
}

function readPlain(
  values: ArrayLike<number>,
  length: number,
  bitmap: Uint8Array | undefined,
  offset: number,
  finiteOnly: boolean,
  target: Float64Array,
  at: number,
): number {
  let written = at;
  if (bitmap === undefined) {
    if (!finiteOnly) {
      if (values instanceof Float64Array) {
        target.set(values.subarray(0, length), at);
        return at + length;
      }
      for (let row = 0; row < length; row++) target[written++] = values[row] as number;
      return written;
    }
    for (let row = 0; row < length; row++) {
      const value = values[row] as number;
      // value - value is 0 for finite numbers and NaN for NaN and ±Infinity.
      if (value - value === 0) target[written++] = value;
    }
    return written;
  }
  for (let row = 0; row < length; row++) {
    const bit = offset + row;
    if (((bitmap[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    const value = values[row] as number;
    if (!finiteOnly || value - value === 0) target[written++] = value;
  }
  return written;
}

function notNumeric(chunk: ArrowDataLike, field: string): InvalidInputError {
  return new InvalidInputError({
    code: 'COLUMN_NOT_NUMERIC',
    message: `${field} is an Arrow column of type id ${chunk.typeId}; numbers can be read from Int, Float, Date, Time, Timestamp and Duration columns.`,
    details: { path: field, typeId: chunk.typeId },
  });
}

/**
 * Appends the valid values of one Arrow chunk to `target` from index `at`, as float64, and
 * returns the index after the last value written. Nulls are skipped (and NaN/±Infinity with
 * `finiteOnly`); `target` needs room for `chunk.length` values from `at`. 64-bit integers,
 * timestamps and dates are read without BigInt: exact up to 2^53, beyond it the nearest
 * double (as `Number(bigint)`). Timestamps, dates, times and durations stay in their stored
 * unit. Float16 is widened exactly.
 *
 * @throws InvalidInputError `COLUMN_NOT_NUMERIC` for any other type, `TARGET_TOO_SMALL` when
 *   `target` has no room for `chunk.length` values from `at`, `ARROW_BUFFER_TOO_SHORT` when
 *   the chunk's values do not cover its rows.
 */
export function readNumbersInto(
  chunk: ArrowDataLike,
  target: Float64Array,
  at: number,
  options: ReadNumbersOptions = {},
  field = 'column',
): number {
  if (!isNumericChunk(chunk)) throw notNumeric(chunk, field);
  const { values, length, offset } = chunk;
  if (!Number.isInteger(at) || at < 0 || at + length > target.length) {
    throw new InvalidInputError({
      code: 'TARGET_TOO_SMALL',
      message: `readNumbersInto: ${field} has ${length} rows but the target holds ${target.length - at} values from index ${at}.`,
      details: { path: field, rows: length, room: target.length - at },
    });
  }
  // Bool-free numeric layouts hold one element per row from index 0.
  assertBufferLength(values, length, field, 'values');
  const bitmap = activeBitmap(chunk);
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    return readInt64(values, length, bitmap, offset, target, at);
  }
  if (chunk.typeId === ArrowTypeId.Float && chunk.type.precision === 0) {
    const halves = values as Uint16Array;
    const widened = new Float64Array(length);
    for (let row = 0; row < length; row++)
      widened[row] = float16BitsToNumber(halves[row] as number);
    return readPlain(widened, length, bitmap, offset, options.finiteOnly === true, target, at);
  }
  // Integers cannot be NaN or infinite, so the finiteness test is left to floats.
  const finiteOnly = options.finiteOnly === true && chunk.typeId === ArrowTypeId.Float;
  return readPlain(values as ArrayLike<number>, length, bitmap, offset, finiteOnly, target, at);
}

/** The valid values of a numeric column, as float64. */
export interface NumberColumn {
  /** The values read, in row order; its length is `valid`. */
  values: Float64Array;
  /** Values read (rows minus nulls, minus NaN/±Infinity with `finiteOnly`). */
  valid: number;
  /** Rows in the column. */
  total: number;
}

/**
 * Reads every chunk of a numeric Arrow column into one Float64Array (see
 * {@link readNumbersInto}), nulls skipped.
 *
 * @example
 * ```ts
 * const { values, valid, total } = readNumbers(table.getChild('delay'), { finiteOnly: true });
 * ```
 */
export function readNumbers(
  column: ArrowColumnLike,
  options: ReadNumbersOptions = {},
  field = 'column',
): NumberColumn {
  const chunks = arrowChunks(column);
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const target = new Float64Array(total);
  let written = 0;
  for (const chunk of chunks) written = readNumbersInto(chunk, target, written, options, field);
  return {
    values: written === total ? target : target.subarray(0, written),
    valid: written,
    total,
  };
}
