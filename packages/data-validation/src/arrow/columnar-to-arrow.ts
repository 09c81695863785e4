import type { ArrowDataLike, ColumnarBatch } from '@ballast/kit';
import {
  type Data,
  DataType,
  type Field,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
} from 'apache-arrow';

/**
 * Whether kit's columnar Parquet reader decodes a column of this type: ints, floats, bool,
 * Utf8, LargeUtf8, dates, times, timestamps, durations, and dictionaries of them. Nested and
 * other types are read through Arrow IPC instead.
 */
export function isColumnarReadable(type: DataType): boolean {
  if (DataType.isDictionary(type)) return isColumnarReadable(type.dictionary);
  return (
    DataType.isInt(type) ||
    DataType.isFloat(type) ||
    DataType.isBool(type) ||
    DataType.isUtf8(type) ||
    DataType.isLargeUtf8(type) ||
    DataType.isDate(type) ||
    DataType.isTime(type) ||
    DataType.isTimestamp(type) ||
    DataType.isDuration(type)
  );
}

/** Wraps one of kit's chunks as apache-arrow Data over the same buffers (no copy). */
function toData(chunk: ArrowDataLike, type: DataType): Data {
  const props = {
    type,
    offset: chunk.offset,
    length: chunk.length,
    nullCount: chunk.nullCount,
    nullBitmap: chunk.nullCount > 0 ? chunk.nullBitmap : null,
    data: chunk.values,
    valueOffsets: chunk.valueOffsets,
  } as unknown as Parameters<typeof makeData>[0];
  if (DataType.isDictionary(type) && chunk.dictionary) {
    const parts = chunk.dictionary.data.map(part => toData(part, type.dictionary));
    return makeData({ ...props, dictionary: makeVector(parts) } as Parameters<typeof makeData>[0]);
  }
  return makeData(props);
}

/**
 * A record batch from kit's columnar Parquet reader as an apache-arrow RecordBatch over the same
 * buffers. `fields` are the file's apache-arrow fields (read from its schema), found by name, so
 * types, time zones and metadata are the file's own.
 */
export function columnarBatchToArrow(
  batch: ColumnarBatch,
  fields: ReadonlyMap<string, Field>,
): RecordBatch {
  const batchFields = batch.schema.fields.map(field => fields.get(field.name)!);
  const children = batch.columns.map((chunk, index) => toData(chunk, batchFields[index]!.type));
  const data = makeData({
    type: new Struct(batchFields),
    length: batch.numRows,
    nullCount: 0,
    children,
  });
  return new RecordBatch(new Schema(batchFields), data);
}
