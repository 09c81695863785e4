import { type FileHandle, open } from 'node:fs/promises';
import { BallastError } from '@ballast/contracts';
import {
  Message,
  makeData,
  RecordBatch,
  RecordBatchReader,
  type RecordBatchStreamReader,
  type Schema,
  Struct,
} from 'apache-arrow';
import { type FileBlock, Footer } from 'apache-arrow/ipc/metadata/file';
import {
  checkBatch,
  checkMessage,
  checkSchema,
  invalidArrowFile as invalidFile,
  messagePrefix,
} from './arrow-ipc-checks';
import { fileOpenError } from './file-open-error';
import { footerBoundsProblem } from './flatbuffer-bounds';

/** Options of {@link readArrowIpc}. */
export interface ReadArrowIpcOptions {
  /**
   * Read record batches of the file format into two buffers used in turn instead of a new
   * buffer per batch. Saves the allocation and the garbage collection of every batch's bytes
   * (a large share of reading time), but a batch, and anything read lazily from it (struct
   * rows, list vectors), is only valid until the batch after it is requested: use it when each
   * batch is consumed before the next, as `validate` does, never when batches are collected.
   * Default `false`.
   */
  reuseBuffers?: boolean;
}

const magic = 'ARROW1';
// Leading magic and padding, trailing footer length and magic.
const leadingBytes = 8;
const trailingBytes = 10;

/** Fills `target` from `position`, looping over short reads. */
async function readExactly(
  handle: FileHandle,
  target: Uint8Array,
  position: number,
  path: string,
): Promise<Uint8Array> {
  let filled = 0;
  while (filled < target.length) {
    const { bytesRead } = await handle.read(
      target,
      filled,
      target.length - filled,
      position + filled,
    );
    if (bytesRead === 0) throw invalidFile(path, 'the file ends inside a message');
    filled += bytesRead;
  }
  return target;
}

/** A buffer for one message that needs no zero fill and starts 8-byte aligned. */
function messageBuffer(length: number): Uint8Array {
  const buffer = Buffer.allocUnsafeSlow(length);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

/** The footer of an IPC file (format with `ARROW1` at both ends), or `undefined` for a stream. */
async function readFooter(handle: FileHandle, size: number, path: string) {
  if (size < leadingBytes + trailingBytes) return undefined;
  const head = await readExactly(handle, new Uint8Array(magic.length), 0, path);
  if (Buffer.from(head).toString('latin1') !== magic) return undefined;
  const tail = await readExactly(handle, new Uint8Array(trailingBytes), size - trailingBytes, path);
  if (Buffer.from(tail.subarray(4)).toString('latin1') !== magic)
    throw invalidFile(path, 'it starts like an Arrow file but has no trailing magic');
  const footerLength = new DataView(tail.buffer, tail.byteOffset).getInt32(0, true);
  const footerStart = size - trailingBytes - footerLength;
  if (footerLength <= 0 || footerStart < leadingBytes)
    throw invalidFile(path, `its footer length (${footerLength}) does not fit the file`);
  const bytes = await readExactly(handle, new Uint8Array(footerLength), footerStart, path);
  const problem = footerBoundsProblem(bytes);
  if (problem) throw invalidFile(path, `its footer is damaged: ${problem}`);
  let footer: Footer;
  let blocks: { dictionaries: FileBlock[]; records: FileBlock[] };
  try {
    footer = Footer.decode(bytes);
    blocks = {
      dictionaries: [...footer.dictionaryBatches()],
      records: [...footer.recordBatches()],
    };
  } catch (cause) {
    throw invalidFile(path, 'its footer cannot be decoded', cause);
  }
  checkSchema(footer.schema, path);
  for (const block of [...blocks.dictionaries, ...blocks.records]) {
    const { offset, metaDataLength, bodyLength } = block;
    const fits =
      Number.isSafeInteger(offset) &&
      Number.isSafeInteger(bodyLength) &&
      offset >= leadingBytes &&
      metaDataLength >= 8 &&
      bodyLength >= 0 &&
      offset + metaDataLength + bodyLength <= footerStart;
    if (!fits) throw invalidFile(path, 'its footer lists a block outside the file');
  }
  return { footer, ...blocks };
}

/** Checks the metadata of a block read whole (prefix, flatbuffer, body) before Arrow decodes it. */
function checkBlock(bytes: Uint8Array, block: FileBlock, path: string, label: string): void {
  const { prefixLength, metadataLength } = messagePrefix(bytes);
  if (metadataLength <= 0 || prefixLength + metadataLength > block.metaDataLength)
    throw invalidFile(path, `${label} has a metadata length that does not fit its block`);
  const metadata = bytes.subarray(prefixLength, prefixLength + metadataLength);
  checkMessage(metadata, block.bodyLength, path, label);
}

/**
 * The footer's schema framed as a stream message (continuation marker, length, flatbuffer,
 * padding to 8 bytes). Writers need not repeat the schema message inside the file (Arrow JS
 * does not), so the footer's copy is the one to trust.
 */
function schemaMessage(schema: Schema): Uint8Array {
  const metadata = Message.encode(Message.from(schema));
  const padded = (metadata.length + 7) & ~7;
  const framed = new Uint8Array(8 + padded);
  const view = new DataView(framed.buffer);
  view.setInt32(0, -1, true);
  view.setInt32(4, padded, true);
  framed.set(metadata, 8);
  return framed;
}

function emptyBatch(schema: Schema): RecordBatch {
  const children = schema.fields.map(field =>
    makeData({ type: field.type, length: 0, nullCount: 0 }),
  );
  return new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length: 0, nullCount: 0, children }),
  );
}

/**
 * The chunks Arrow's stream reader pulls, one message each, taken from `queue` as the caller
 * fills it. Arrow's byte queue pulls one chunk early when a read takes exactly what it holds, so
 * an early pull gets an empty chunk (which it skips) instead of ending the stream; a second pull
 * in a row with nothing queued means the reader wants bytes that do not exist.
 */
function* messageSource(queue: Uint8Array[]): Generator<Uint8Array> {
  for (let idle = 0; idle < 2; ) {
    const chunk = queue.shift();
    if (chunk === undefined) {
      idle++;
      yield new Uint8Array(0);
      continue;
    }
    idle = 0;
    yield chunk;
  }
}

type FileLayout = NonNullable<Awaited<ReturnType<typeof readFooter>>>;

/**
 * Reads the file format block by block, as the footer lists them: one positioned read per
 * message into a buffer that holds exactly that message, so Arrow decodes it without copying,
 * and the read of the next record batch runs in libuv's thread pool while the caller works on
 * the current one.
 */
async function* readFileBlocks(
  handle: FileHandle,
  layout: FileLayout,
  path: string,
  options: ReadArrowIpcOptions,
): AsyncGenerator<RecordBatch> {
  const opening: Uint8Array[] = [schemaMessage(layout.footer.schema)];
  for (const [index, block] of layout.dictionaries.entries()) {
    const length = block.metaDataLength + block.bodyLength;
    const bytes = await readExactly(handle, messageBuffer(length), block.offset, path);
    checkBlock(bytes, block, path, `dictionary batch ${index}`);
    opening.push(bytes);
  }
  const blocks = layout.records;
  const queue = opening;
  const reader = RecordBatchReader.from(messageSource(queue)) as RecordBatchStreamReader;
  try {
    reader.open();
  } catch (cause) {
    throw invalidFile(path, 'its schema or dictionaries cannot be decoded', cause);
  }
  if (blocks.length === 0) {
    yield emptyBatch(reader.schema);
    return;
  }
  const longest = Math.max(...blocks.map(block => block.metaDataLength + block.bodyLength));
  const pool = options.reuseBuffers ? [messageBuffer(longest), messageBuffer(longest)] : undefined;
  const readBlock = (index: number) => {
    const block = blocks[index]!;
    const length = block.metaDataLength + block.bodyLength;
    const target = pool ? pool[index % 2]!.subarray(0, length) : messageBuffer(length);
    const reading = readExactly(handle, target, block.offset, path);
    // Marked handled now; a failure is still thrown by the `await` below.
    reading.catch(() => undefined);
    return reading;
  };
  let inFlight: Promise<Uint8Array> | undefined = readBlock(0);
  try {
    for (let index = 0; index < blocks.length; index++) {
      const chunk: Uint8Array = await inFlight!;
      checkBlock(chunk, blocks[index]!, path, `record batch ${index}`);
      // The caller asked for this batch, so it is done with the one before, whose buffer the
      // next read may now take.
      inFlight = index + 1 < blocks.length ? readBlock(index + 1) : undefined;
      queue.push(chunk);
      let result: IteratorResult<RecordBatch>;
      try {
        result = reader.next();
      } catch (cause) {
        throw invalidFile(path, `record batch ${index} cannot be decoded`, cause);
      }
      if (result.done) throw invalidFile(path, `record batch ${index} is not a record batch`);
      checkBatch(result.value, path, `record batch ${index}`);
      yield result.value;
    }
  } finally {
    // Stopped early (or failed): let a read in flight settle before the file closes.
    await inFlight?.catch(() => undefined);
  }
}

/** One framed message of the stream format, checked against the file before Arrow sees it. */
async function readStreamMessage(
  handle: FileHandle,
  position: number,
  size: number,
  path: string,
  label: string,
): Promise<{ bytes: Uint8Array; message: Message } | undefined> {
  // Fewer than 4 bytes left, or a zero length: the end of the stream.
  if (position + 4 > size) return undefined;
  const head = await readExactly(
    handle,
    new Uint8Array(Math.min(8, size - position)),
    position,
    path,
  );
  const { prefixLength, metadataLength } = messagePrefix(head);
  if (metadataLength === 0) return undefined;
  const metadataEnd = position + prefixLength + metadataLength;
  if (metadataLength < 0 || metadataEnd > size)
    throw invalidFile(path, `${label} has a metadata length past the end of the file`);
  const metadata = await readExactly(
    handle,
    new Uint8Array(metadataLength),
    position + prefixLength,
    path,
  );
  const message = checkMessage(metadata, size - metadataEnd, path, label);
  const bytes = messageBuffer(prefixLength + metadataLength + message.bodyLength);
  return { bytes: await readExactly(handle, bytes, position, path), message };
}

/**
 * The stream format (`.arrows`): messages framed one after the other. Each is checked (its
 * lengths against the file, its header's counts against its body) before Arrow decodes it, and
 * each record batch with the dictionary messages before it is handed to Arrow's reader.
 */
async function* readStreamFormat(
  handle: FileHandle,
  size: number,
  path: string,
): AsyncGenerator<RecordBatch> {
  let position = 0;
  let count = 0;
  const nextMessage = async () => {
    const read = await readStreamMessage(handle, position, size, path, `message ${count}`);
    if (read) {
      position += read.bytes.length;
      count++;
    }
    return read;
  };
  const first = await nextMessage();
  if (!first?.message.isSchema())
    throw invalidFile(path, 'it has neither the file format magic nor a leading schema message');
  checkSchema(first.message.header(), path);
  const queue: Uint8Array[] = [first.bytes];
  const reader = RecordBatchReader.from(messageSource(queue)) as RecordBatchStreamReader;
  try {
    reader.open();
  } catch (cause) {
    throw invalidFile(path, 'its schema cannot be decoded', cause);
  }
  let batches = 0;
  for (;;) {
    let read: Awaited<ReturnType<typeof nextMessage>>;
    do {
      read = await nextMessage();
      if (read?.message.isSchema())
        throw invalidFile(path, `message ${count - 1} is a second schema`);
      if (read) queue.push(read.bytes);
    } while (read && !read.message.isRecordBatch());
    if (!read) break;
    let result: IteratorResult<RecordBatch>;
    try {
      result = reader.next();
    } catch (cause) {
      throw invalidFile(path, `record batch ${batches} cannot be decoded`, cause);
    }
    if (result.done) throw invalidFile(path, `record batch ${batches} is not a record batch`);
    checkBatch(result.value, path, `record batch ${batches}`);
    batches++;
    yield result.value;
  }
  // An empty file still has a schema; one empty batch carries it to the validator, so
  // expectations on existing columns are not reported as COLUMN_MISSING.
  if (batches === 0) yield emptyBatch(reader.schema);
}

/**
 * Streams the record batches of an Arrow IPC file, in either the file format (`.arrow`,
 * read block by block as its footer lists them) or the stream format (`.arrows`), without
 * loading it whole. A file with no batches yields one empty batch so its schema is still known.
 *
 * @example
 * ```ts
 * for await (const batch of readArrowIpc('events.arrow')) console.log(batch.numRows);
 * // Fastest when each batch is consumed before the next is read:
 * const report = await validate(suite, readArrowIpc('events.arrow', { reuseBuffers: true }));
 * ```
 */
export async function* readArrowIpc(
  path: string,
  options: ReadArrowIpcOptions = {},
): AsyncGenerator<RecordBatch> {
  const handle = await open(path, 'r').catch(cause => {
    throw fileOpenError(path, cause);
  });
  try {
    const { size } = await handle.stat();
    if (size === 0) throw invalidFile(path, 'the file is empty');
    try {
      const layout = await readFooter(handle, size, path);
      if (layout) yield* readFileBlocks(handle, layout, path, options);
      else yield* readStreamFormat(handle, size, path);
    } catch (cause) {
      // Arrow's decoders throw plain errors on damaged metadata the checks did not foresee.
      if (BallastError.isInstance(cause)) throw cause;
      throw invalidFile(path, (cause as Error)?.message ?? String(cause), cause);
    }
  } finally {
    await handle.close();
  }
}
