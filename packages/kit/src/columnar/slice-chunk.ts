import { InvalidInputError } from '@ballast/contracts';
import {
  type ArrowDataLike,
  ArrowTypeId,
  activeBitmap,
  assertBufferLength,
} from './arrow-data-like';
import { type ColumnarBatch, type ColumnarTable, columnarTable } from './columnar-table';
import { int64Halves, TWO_TO_32 } from './int64-halves';
import { isNumericChunk, readNumbersInto } from './read-numbers';

function countNulls(chunk: ArrowDataLike, start: number, length: number): number {
  const bitmap = activeBitmap(chunk);
  if (!bitmap) return 0;
  let nulls = 0;
  for (let bit = chunk.offset + start; bit < chunk.offset + start + length; bit++) {
    if (((bitmap[bit >> 3] as number) & (1 << (bit & 7))) === 0) nulls++;
  }
  return nulls;
}

/**
 * Rows `[start, start + length)` of a chunk, without copying: values and offsets are
 * subarrayed, the bitmap keeps its bytes with a larger `offset` (apache-arrow's convention).
 *
 * @throws InvalidInputError `SLICE_OUT_OF_RANGE` when the rows are not all inside the chunk.
 */
export function sliceChunk(chunk: ArrowDataLike, start: number, length: number): ArrowDataLike {
  if (
    !(Number.isInteger(start) && Number.isInteger(length)) ||
    start < 0 ||
    length < 0 ||
    start + length > chunk.length
  ) {
    // A slice past the end would subarray short buffers and count bits past the bitmap.
    throw new InvalidInputError({
      code: 'SLICE_OUT_OF_RANGE',
      message: `sliceChunk: rows [${start}, ${start} + ${length}) are not inside a chunk of ${chunk.length} rows.`,
      details: { start, length, rows: chunk.length },
    });
  }
  const nullCount = chunk.nullCount === 0 ? 0 : countNulls(chunk, start, length);
  const sliced = { ...chunk, offset: chunk.offset + start, length, nullCount };
  if (chunk.valueOffsets) {
    return { ...sliced, valueOffsets: chunk.valueOffsets.subarray(start, start + length + 1) };
  }
  // Bool values are bits addressed at offset + row, like the bitmap.
  if (chunk.typeId === ArrowTypeId.Bool) return sliced;
  return {
    ...sliced,
    values: chunk.values.subarray(start, start + length) as ArrowDataLike['values'],
  };
}

/**
 * The rows of `table` whose numeric `column` lies in `[min, max]` (inclusive; nulls left out),
 * as slices of the original chunks: zero-copy, and a handful of slices when the column is
 * sorted (as time columns usually are). Values are compared in the column's stored unit.
 *
 * @throws InvalidInputError `COLUMN_NOT_FOUND` for an unknown column, `COLUMN_NOT_NUMERIC`
 *   for a column that is not numeric.
 */
export function filterRange(
  table: ColumnarTable,
  column: string,
  min: number,
  max: number,
): ColumnarTable {
  const index = table.schema.fields.findIndex(field => field.name === column);
  if (index < 0) {
    throw new InvalidInputError({
      code: 'COLUMN_NOT_FOUND',
      message: `filterRange: the table has no column "${column}"; it has ${table.schema.fields.map(field => `"${field.name}"`).join(', ')}.`,
      details: { path: column, column },
    });
  }
  const batches: ColumnarBatch[] = [];
  for (const batch of table.batches) {
    const runs = rangeRuns(batch.columns[index] as ArrowDataLike, min, max, column);
    for (let run = 0; run < runs.length; run += 2) {
      const start = runs[run] as number;
      const length = (runs[run + 1] as number) - start;
      batches.push({
        numRows: length,
        schema: batch.schema,
        columns: batch.columns.map(chunk => sliceChunk(chunk, start, length)),
      });
    }
  }
  return columnarTable(table.schema.fields, batches);
}

/**
 * The runs of rows of a numeric chunk whose value is in `[min, max]` (nulls are outside), as
 * flat `[start, end)` pairs. 64-bit values are compared from their halves (as kit reads
 * them), so no column-sized buffer is allocated for them.
 */
function rangeRuns(chunk: ArrowDataLike, min: number, max: number, field: string): number[] {
  const bitmap = activeBitmap(chunk);
  const { values, length, offset } = chunk;
  const runs: number[] = [];
  let runStart = -1;
  if (
    (values instanceof BigInt64Array || values instanceof BigUint64Array) &&
    bitmap === undefined
  ) {
    if (!isNumericChunk(chunk)) throw notNumeric(chunk, field);
    assertBufferLength(values, length, field, 'values');
    const { lo, hi } = int64Halves(values, length);
    for (let row = 0; row < length; row++) {
      const value = (hi[2 * row + 1] as number) * TWO_TO_32 + (lo[2 * row] as number);
      if (value >= min && value <= max) {
        if (runStart < 0) runStart = row;
      } else if (runStart >= 0) {
        runs.push(runStart, row);
        runStart = -1;
      }
    }
  } else {
    // Nulls are read as NaN (which fails every comparison) so rows keep their positions.
    const dense = new Float64Array(length);
    const read = readNumbersInto(chunk, dense, 0, {}, field);
    let next = read - 1;
    for (let row = length - 1; row >= 0 && bitmap !== undefined; row--) {
      const bit = offset + row;
      dense[row] =
        ((bitmap[bit >> 3] as number) & (1 << (bit & 7))) === 0
          ? Number.NaN
          : (dense[next--] as number);
    }
    for (let row = 0; row < length; row++) {
      const value = dense[row] as number;
      if (value >= min && value <= max) {
        if (runStart < 0) runStart = row;
      } else if (runStart >= 0) {
        runs.push(runStart, row);
        runStart = -1;
      }
    }
  }
  if (runStart >= 0) runs.push(runStart, length);
  return runs;
}

function notNumeric(chunk: ArrowDataLike, field: string): InvalidInputError {
  return new InvalidInputError({
    code: 'COLUMN_NOT_NUMERIC',
    message: `filterRange needs a numeric column; "${field}" has Arrow type id ${chunk.typeId}.`,
    details: { path: field, typeId: chunk.typeId },
  });
}
