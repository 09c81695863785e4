import { InvalidInputError } from '@ballast/contracts';
import { isLargeListType } from '../arrow/arrow-compat';
import { type Data, DataType, type Field, type RecordBatch, type Schema, Type } from 'apache-arrow';
import { Message } from 'apache-arrow';
import { messageBoundsProblem } from './flatbuffer-bounds';

// Arrow decodes IPC metadata trusting every length in it. A damaged file can declare a batch of
// 2^50 rows over a body of a few bytes, an index type 0 bits wide, or a buffer past the end of
// the body; the engine would then loop over rows that do not exist. These checks run before a
// message is decoded and after a batch is built, so a damaged file ends in a typed error.

/** Rows one batch may declare: Arrow JS addresses rows with 32-bit offsets. */
export const maxBatchRows = 2 ** 31 - 1;

/** The typed error of an unreadable Arrow IPC file. */
export function invalidArrowFile(path: string, reason: string, cause?: unknown): InvalidInputError {
  return new InvalidInputError({
    code: 'INVALID_ARROW_FILE',
    message: `${path} is not a readable Arrow IPC file: ${reason}`,
    details: { path },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The length prefix of an encapsulated message: the continuation marker form or the legacy one. */
export function messagePrefix(bytes: Uint8Array): { prefixLength: number; metadataLength: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength >= 8 && view.getInt32(0, true) === -1) {
    return { prefixLength: 8, metadataLength: view.getInt32(4, true) };
  }
  return { prefixLength: 4, metadataLength: bytes.byteLength >= 4 ? view.getInt32(0, true) : 0 };
}

/**
 * Decodes the metadata of one message and checks it against the bytes that exist: the body
 * fits in `bodyRoom`, every buffer fits in the body, row and null counts are in range.
 */
export function checkMessage(
  metadata: Uint8Array,
  bodyRoom: number,
  path: string,
  label: string,
): Message {
  const problem = messageBoundsProblem(metadata);
  if (problem) throw invalidArrowFile(path, `the metadata of ${label} is damaged: ${problem}`);
  let message: Message;
  try {
    message = Message.decode(metadata);
  } catch (cause) {
    throw invalidArrowFile(path, `the metadata of ${label} cannot be decoded`, cause);
  }
  const fail = (reason: string) => invalidArrowFile(path, `${label} ${reason}`);
  let bodyLength: number;
  try {
    bodyLength = message.bodyLength;
  } catch (cause) {
    throw invalidArrowFile(path, `${label} declares an impossible body length`, cause);
  }
  if (!Number.isSafeInteger(bodyLength) || bodyLength < 0 || bodyLength > bodyRoom) {
    throw fail(`declares a body of ${bodyLength} bytes where ${bodyRoom} remain`);
  }
  if (message.isRecordBatch() || message.isDictionaryBatch()) {
    try {
      const header = message.header();
      const batch = message.isDictionaryBatch() ? (header as { data: typeof header }).data : header;
      const { length, nodes, buffers } = batch as unknown as {
        length: number;
        nodes: Array<{ length: number; nullCount: number }>;
        buffers: Array<{ offset: number; length: number }>;
      };
      if (!Number.isSafeInteger(length) || length < 0 || length > maxBatchRows) {
        throw fail(`declares ${length} rows`);
      }
      for (const node of nodes) {
        if (!(node.length >= 0 && node.length <= maxBatchRows))
          throw fail('has a column of impossible length');
        if (!(node.nullCount >= 0 && node.nullCount <= node.length))
          throw fail('has a null count larger than its column');
      }
      for (const buffer of buffers) {
        if (
          !(buffer.offset >= 0 && buffer.length >= 0 && buffer.offset + buffer.length <= bodyLength)
        )
          throw fail('has a buffer outside its body');
      }
    } catch (cause) {
      if (InvalidInputError.isInstance(cause)) throw cause;
      throw invalidArrowFile(path, `the header of ${label} cannot be decoded`, cause);
    }
  } else if (!message.isSchema()) {
    throw fail(`is neither a schema, a dictionary batch nor a record batch`);
  }
  return message;
}

const validBitWidths = new Set([8, 16, 32, 64]);

/** Throws unless every field's type is one Arrow JS can lay out (widths, units, children). */
export function checkSchema(schema: Schema, path: string): void {
  const visit = (field: Field, where: string, depth: number) => {
    const type = field?.type as DataType | undefined;
    const fail = (reason: string) => invalidArrowFile(path, `field ${where} ${reason}`);
    if (depth > 64) throw fail('is nested more than 64 levels deep');
    if (!type || typeof type.typeId !== 'number' || !(type.typeId in Type))
      throw fail('has an unknown type');
    if (DataType.isDictionary(type)) {
      const indices = type.indices as DataType | undefined;
      if (!indices || !DataType.isInt(indices) || !validBitWidths.has(indices.bitWidth))
        throw fail('has dictionary indices that are not 8-64 bit integers');
      if (!type.dictionary || typeof type.dictionary.typeId !== 'number')
        throw fail('has a dictionary without a value type');
      visit(
        { type: type.dictionary, children: [] } as unknown as Field,
        `${where} (dictionary)`,
        depth + 1,
      );
      return;
    }
    if (DataType.isInt(type) && !validBitWidths.has(type.bitWidth))
      throw fail(`has an integer ${type.bitWidth} bits wide`);
    if (DataType.isFloat(type) && ![0, 1, 2].includes(type.precision))
      throw fail('has an unknown float precision');
    if (
      (DataType.isTimestamp(type) || DataType.isTime(type) || DataType.isDuration(type)) &&
      !(type.unit >= 0 && type.unit <= 3)
    )
      throw fail('has an unknown time unit');
    if (DataType.isDate(type) && !(type.unit === 0 || type.unit === 1))
      throw fail('has an unknown date unit');
    if (DataType.isFixedSizeBinary(type) && !(type.byteWidth > 0))
      throw fail('has a fixed size of 0 bytes');
    if (DataType.isFixedSizeList(type) && !(type.listSize > 0))
      throw fail('has a fixed list size of 0');
    for (const [index, child] of (type.children ?? []).entries())
      visit(child, `${where}.${child?.name ?? index}`, depth + 1);
  };
  if (!Array.isArray(schema?.fields)) throw invalidArrowFile(path, 'its schema has no fields');
  for (const [index, field] of schema.fields.entries())
    visit(field, field?.name ?? String(index), 0);
}

/** Bytes of a validity or boolean bitmap covering `offset + length` slots. */
const bitmapBytes = (slots: number) => Math.ceil(slots / 8);

/**
 * Throws unless the buffers of `data` hold what its length claims: offsets within bounds and
 * non-decreasing, fixed-width values long enough, children and dictionaries consistent. Linear
 * in the data's size, so a batch that passes can be scanned without reading past its buffers.
 */
function checkData(data: Data, path: string, where: string, depth: number): void {
  const fail = (reason: string) => invalidArrowFile(path, `column ${where} ${reason}`);
  if (depth > 64) throw fail('is nested more than 64 levels deep');
  const { type, length, offset } = data;
  if (!(Number.isSafeInteger(length) && length >= 0 && length <= maxBatchRows))
    throw fail(`has an impossible length (${length})`);
  if (!(Number.isSafeInteger(offset) && offset >= 0)) throw fail('has a negative offset');
  const slots = offset + length;
  if (data.nullBitmap && data.nullBitmap.length > 0 && data.nullBitmap.length < bitmapBytes(slots))
    throw fail('has a validity bitmap shorter than the column');
  const typeId = type.typeId;
  if (typeId === Type.Null) return;
  if (DataType.isDictionary(type)) {
    const values = data.values as ArrayLike<number | bigint>;
    if (!values || values.length < slots) throw fail('has fewer dictionary indices than rows');
    const dictionary = data.dictionary;
    const size = dictionary?.length ?? 0;
    for (const chunk of dictionary?.data ?? [])
      checkData(chunk, path, `${where} (dictionary)`, depth + 1);
    for (let index = offset; index < slots; index++) {
      const entry = Number(values[index]);
      if (entry >= 0 && entry < size) continue;
      if (data.nullCount > 0 && !data.getValid(index - offset)) continue;
      throw fail(`has a dictionary index (${entry}) outside its dictionary of ${size}`);
    }
    return;
  }
  if (DataType.isStruct(type)) {
    data.children.forEach((child, index) => {
      if (!child || child.length < slots) throw fail(`has a child shorter than the column`);
      checkData(child, path, `${where}.${type.children[index]?.name ?? index}`, depth + 1);
    });
    return;
  }
  const variable =
    DataType.isUtf8(type) ||
    DataType.isLargeUtf8(type) ||
    DataType.isBinary(type) ||
    DataType.isLargeBinary(type) ||
    DataType.isList(type) ||
    isLargeListType(type) ||
    DataType.isMap(type);
  if (variable) {
    const offsets = data.valueOffsets as ArrayLike<number | bigint> | undefined;
    if (!offsets || offsets.length < slots + 1) throw fail('has fewer offsets than rows');
    let previous = Number(offsets[offset]);
    if (!(previous >= 0)) throw fail('has a negative offset');
    for (let index = offset + 1; index <= slots; index++) {
      const current = Number(offsets[index]);
      if (!(current >= previous)) throw fail('has decreasing offsets');
      previous = current;
    }
    const room =
      data.children.length > 0 ? (data.children[0]?.length ?? 0) : (data.values?.length ?? 0);
    if (previous > room) throw fail('has offsets past the end of its values');
    for (const [index, child] of data.children.entries())
      checkData(child, path, `${where}.${type.children?.[index]?.name ?? index}`, depth + 1);
    return;
  }
  if (DataType.isBool(type)) {
    if (!data.values || data.values.length < bitmapBytes(slots))
      throw fail('has fewer bits than rows');
    return;
  }
  if (DataType.isFixedSizeList(type)) {
    const child = data.children[0];
    if (!child || child.length < slots * type.listSize) throw fail('has fewer elements than rows');
    checkData(child, path, `${where}.${type.children[0]?.name ?? 0}`, depth + 1);
    return;
  }
  if (data.children.length > 0) {
    // Unions and other nested layouts the engine reads through Arrow's own accessors.
    for (const [index, child] of data.children.entries())
      checkData(child, path, `${where}.${index}`, depth + 1);
    return;
  }
  const values = data.values as ArrayLike<unknown> | undefined;
  const stride = data.stride > 0 ? data.stride : 1;
  if (!values || values.length < slots * stride) throw fail('has fewer values than rows');
}

/** Throws unless every column of `batch` is backed by the buffers it claims (see checkData). */
export function checkBatch(batch: RecordBatch, path: string, label: string): void {
  try {
    batch.data.children.forEach((child, index) => {
      if (!child || child.length !== batch.numRows)
        throw invalidArrowFile(path, `${label} has a column whose length differs from the batch`);
      checkData(child, path, batch.schema.fields[index]?.name ?? String(index), 0);
    });
  } catch (cause) {
    if (InvalidInputError.isInstance(cause)) throw cause;
    throw invalidArrowFile(path, `${label} cannot be read`, cause);
  }
}
