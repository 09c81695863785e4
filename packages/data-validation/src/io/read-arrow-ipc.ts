import { type FileHandle, open } from 'node:fs/promises';
import { InvalidInputError } from '@ballast/contracts';
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
import { fileOpenError } from './file-open-error';

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

function invalidFile(path: string, reason: string, cause?: unknown): InvalidInputError {
  return new InvalidInputError({
    code: 'INVALID_ARROW_FILE',
    message: `${path} is not a readable Arrow IPC file: ${reason}`,
    details: { path },
    ...(cause === undefined ? {} : { cause }),
  });
}

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
  try {
    return Footer.decode(bytes);
  } catch (cause) {
    throw invalidFile(path, 'its footer cannot be decoded', cause);
  }
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
 * Reads the file format block by block, as the footer lists them: one positioned read per
 * message into a buffer that holds exactly that message, so Arrow decodes it without copying,
 * and the read of the next record batch runs in libuv's thread pool while the caller works on
 * the current one.
 */
async function* readFileBlocks(
  handle: FileHandle,
  footer: Footer,
  path: string,
  options: ReadArrowIpcOptions,
): AsyncGenerator<RecordBatch> {
  const opening: Uint8Array[] = [schemaMessage(footer.schema)];
  for (const block of footer.dictionaryBatches()) {
    const length = block.metaDataLength + block.bodyLength;
    opening.push(await readExactly(handle, messageBuffer(length), block.offset, path));
  }
  const blocks: FileBlock[] = [...footer.recordBatches()];
  let next: Uint8Array | undefined;
  // The reader pulls one message per chunk: the opening ones, then `next` once it is set.
  // Arrow's byte queue pulls one chunk early when a read takes exactly what it holds, so an
  // early pull gets an empty chunk (which it skips) instead of ending the stream; a second
  // pull in a row with nothing set means the reader wants bytes that do not exist.
  function* messages(): Generator<Uint8Array> {
    yield* opening;
    for (let idle = 0; idle < 2; ) {
      if (next === undefined) {
        idle++;
        yield new Uint8Array(0);
        continue;
      }
      const chunk = next;
      next = undefined;
      idle = 0;
      yield chunk;
    }
  }
  const reader = RecordBatchReader.from(messages()) as RecordBatchStreamReader;
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
      // The caller asked for this batch, so it is done with the one before, whose buffer the
      // next read may now take.
      inFlight = index + 1 < blocks.length ? readBlock(index + 1) : undefined;
      next = chunk;
      let result: IteratorResult<RecordBatch>;
      try {
        result = reader.next();
      } catch (cause) {
        throw invalidFile(path, `record batch ${index} cannot be decoded`, cause);
      }
      if (result.done) throw invalidFile(path, `record batch ${index} is not a record batch`);
      yield result.value;
    }
  } finally {
    // Stopped early (or failed): let a read in flight settle before the file closes.
    await inFlight?.catch(() => undefined);
  }
}

/** The stream format (`.arrows`), read with Arrow's own reader. */
async function* readStreamFormat(handle: FileHandle): AsyncGenerator<RecordBatch> {
  const reader = await RecordBatchReader.from(handle);
  let batches = 0;
  for await (const batch of reader) {
    batches++;
    yield batch;
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
    const footer = await readFooter(handle, size, path);
    if (footer) yield* readFileBlocks(handle, footer, path, options);
    else yield* readStreamFormat(handle);
  } finally {
    await handle.close();
  }
}
