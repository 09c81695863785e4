import { type FileHandle, open } from 'node:fs/promises';
import { Footer } from 'apache-arrow/ipc/metadata/file';
import { Message } from 'apache-arrow/ipc/metadata/message';
import type { InputFormat } from './read-table';

const magic = 'ARROW1';
// Leading magic + padding; trailing footer length + magic.
const leadingBytes = 8;
const trailingBytes = 10;
// Bytes sampled from the start of a text file to estimate its rows.
const sampleBytes = 64 * 1024;

async function readAt(handle: FileHandle, length: number, position: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  const { bytesRead } = await handle.read(bytes, 0, length, position);
  if (bytesRead !== length) throw new Error('short read');
  return bytes;
}

/**
 * The exact row count of an Arrow IPC file (file format): the footer lists the record batch
 * blocks, and each block's message header holds its length, so only metadata is read. A stream
 * (`.arrows`) has no footer: `undefined`.
 */
export async function arrowFileRowCount(
  handle: FileHandle,
  size: number,
): Promise<number | undefined> {
  if (size < leadingBytes + trailingBytes) return undefined;
  const head = await readAt(handle, magic.length, 0);
  if (Buffer.from(head).toString('latin1') !== magic) return undefined;
  const tail = await readAt(handle, trailingBytes, size - trailingBytes);
  if (Buffer.from(tail.subarray(4)).toString('latin1') !== magic) return undefined;
  const footerLength = new DataView(tail.buffer, tail.byteOffset).getInt32(0, true);
  const footerStart = size - trailingBytes - footerLength;
  if (footerLength <= 0 || footerStart < leadingBytes) return undefined;
  const footer = Footer.decode(await readAt(handle, footerLength, footerStart));
  let rows = 0;
  for (const block of footer.recordBatches()) {
    const meta = await readAt(handle, block.metaDataLength, Number(block.offset));
    const view = new DataView(meta.buffer, meta.byteOffset);
    // A message starts with the continuation marker (0xFFFFFFFF) and its length, or (before
    // Arrow 0.15) with the length alone.
    const start = view.getInt32(0, true) === -1 ? 8 : 4;
    const message = Message.decode(meta.subarray(start));
    if (!message.isRecordBatch()) return undefined;
    rows += Number(message.header().length);
  }
  return rows;
}

/**
 * Estimated rows of a CSV or JSON Lines file: the lines in its first 64 KB scaled to its size
 * (minus the CSV header). Cheap, one read; quoted line breaks or uneven rows make it rough,
 * which an ETA tolerates.
 */
export async function textFileRowEstimate(
  handle: FileHandle,
  size: number,
  header: boolean,
): Promise<number | undefined> {
  const length = Math.min(size, sampleBytes);
  if (length === 0) return undefined;
  const sample = await readAt(handle, length, 0);
  let lines = 0;
  for (const byte of sample) if (byte === 10) lines += 1;
  // A sample that is the whole file may lack a trailing newline on its last row.
  if (length === size && sample[length - 1] !== 10) lines += 1;
  if (lines === 0) return undefined;
  const estimate = Math.round((lines * size) / length) - (header ? 1 : 0);
  return estimate > 0 ? estimate : undefined;
}

/**
 * The rows of a data file for the progress line's ETA, when it can be told cheaply: exact for
 * Arrow IPC files, estimated for CSV and JSON Lines, `undefined` for Parquet (its reader does not
 * expose the metadata's row count) and Arrow streams. Never throws: the reader reports bad files.
 */
export async function totalRowsOf(path: string, format: InputFormat): Promise<number | undefined> {
  if (format === 'parquet') return undefined;
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    if (format === 'arrow') return await arrowFileRowCount(handle, size);
    return await textFileRowEstimate(handle, size, format === 'csv');
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
