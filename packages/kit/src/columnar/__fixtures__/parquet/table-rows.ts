// Test helper: a ColumnarTable's columns as plain row values, to compare two readers' output.
import { type ArrowDataLike, ArrowTypeId, isValidAt } from '../../arrow-data-like';
import type { ColumnarTable } from '../../columnar-table';

const decoder = new TextDecoder();

function offsetAt(offsets: Int32Array | BigInt64Array, index: number): number {
  return Number(offsets[index]);
}

function stringAt(chunk: ArrowDataLike, row: number): string {
  const offsets = chunk.valueOffsets as Int32Array | BigInt64Array;
  return decoder.decode(
    (chunk.values as Uint8Array).subarray(offsetAt(offsets, row), offsetAt(offsets, row + 1)),
  );
}

function valueAt(chunk: ArrowDataLike, row: number): unknown {
  if (!isValidAt(chunk, row)) return null;
  if (chunk.typeId === ArrowTypeId.Dictionary) {
    const dictionary = chunk.dictionary?.data[0] as ArrowDataLike;
    return valueAt(dictionary, chunk.values[row] as number);
  }
  if (chunk.typeId === ArrowTypeId.Utf8 || chunk.typeId === ArrowTypeId.LargeUtf8)
    return stringAt(chunk, row);
  if (chunk.typeId === ArrowTypeId.Bool) {
    const bit = chunk.offset + row;
    return (((chunk.values[bit >> 3] as number) >> (bit & 7)) & 1) === 1;
  }
  return chunk.values[row];
}

/** Every column of `table` by name: its values row by row (null for null rows). */
export function tableRows(table: ColumnarTable): Record<string, unknown[]> {
  const rows: Record<string, unknown[]> = {};
  for (const field of table.schema.fields) {
    const values: unknown[] = [];
    for (const chunk of table.getChild(field.name)?.data ?? []) {
      for (let row = 0; row < chunk.length; row++) values.push(valueAt(chunk, row));
    }
    rows[field.name] = values;
  }
  return rows;
}

/** The fields of `table` as plain data (name, format, type id, unit, nullability). */
export function fieldShapes(table: ColumnarTable): unknown[] {
  return table.schema.fields.map(field => ({
    name: field.name,
    format: field.type.format,
    typeId: field.type.typeId,
    unit: field.type.unit,
    precision: field.type.precision,
    dictionary: field.type.dictionary?.format,
    nullable: field.nullable,
  }));
}
