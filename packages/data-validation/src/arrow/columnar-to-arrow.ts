import type { ArrowDataLike, ArrowField, ArrowVectorLike, ColumnarBatch } from '@ballast/kit';
import {
  type Data,
  DataType,
  type Field,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  type Vector,
} from 'apache-arrow';
import { arrowFieldsOf } from './kit-field-types';

/**
 * Each of kit's dictionaries as one apache-arrow Vector, so every batch cut from one column
 * chunk shares it: the engine decodes a dictionary's entries and tests them once per Vector.
 */
const dictionaryVectors = new WeakMap<ArrowVectorLike, Vector>();

function dictionaryVector(dictionary: ArrowVectorLike, type: DataType): Vector {
  let vector = dictionaryVectors.get(dictionary);
  if (!vector) {
    vector = makeVector(dictionary.data.map(part => toData(part, type)));
    dictionaryVectors.set(dictionary, vector);
  }
  return vector;
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
    const dictionary = dictionaryVector(chunk.dictionary, type.dictionary);
    return makeData({ ...props, dictionary } as Parameters<typeof makeData>[0]);
  }
  return makeData(props);
}

/** apache-arrow fields of kit's field lists (one list object serves every batch of a read). */
const mappedFields = new WeakMap<readonly ArrowField[], Field[]>();

/**
 * A record batch from kit's columnar Parquet reader as an apache-arrow RecordBatch over the same
 * buffers, typed by mapping kit's field types (see `arrowFieldsOf`).
 */
export function columnarBatchToArrow(batch: ColumnarBatch): RecordBatch {
  const own = batch.schema.fields;
  const batchFields = mappedFields.get(own) ?? arrowFieldsOf(own);
  mappedFields.set(own, batchFields);
  const children = batch.columns.map((chunk, index) => toData(chunk, batchFields[index]!.type));
  const data = makeData({
    type: new Struct(batchFields),
    length: batch.numRows,
    nullCount: 0,
    children,
  });
  return new RecordBatch(new Schema(batchFields), data);
}
