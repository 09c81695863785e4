// A Parquet file opened for the native reader: its size, its decoded footer, and byte ranges
// read on demand (from a Blob, so a path reads only the footer and the chunks selected).
import { type FileHandle, open } from 'node:fs/promises';
import { InvalidInputError } from '@ballast/contracts';
import { invalidParquet } from '../parquet-errors';
import type { ParquetSource } from '../parquet-source';
import { openPath } from '../parquet-source';
import { type FileMetadata, readFileMetadata } from './file-metadata';
import { uninitialised } from './uninitialised-bytes';
import type { ColumnChunkMeta } from './file-metadata';

/** Bytes of a Parquet file by range. */
export interface ByteRangeSource {
  readonly size: number;
  read(start: number, end: number): Promise<Uint8Array>;
  /** The source as a Blob (for parquet-wasm, when the native reader hands over). */
  blob(): Promise<Blob>;
  /** Releases the file handle of a path source. */
  close(): Promise<void>;
}

function memorySource(source: Uint8Array | Blob): ByteRangeSource {
  if (source instanceof Uint8Array) {
    return {
      size: source.length,
      read: async (start, end) => source.subarray(start, end),
      blob: async () => new Blob([source]),
      close: async () => undefined,
    };
  }
  return {
    size: source.size,
    read: async (start, end) => new Uint8Array(await source.slice(start, end).arrayBuffer()),
    blob: async () => source,
    close: async () => undefined,
  };
}

/** A file on disk read through one handle: positioned reads are cheaper than Blob slices. */
async function pathSource(path: string): Promise<ByteRangeSource> {
  let handle: FileHandle;
  let size: number;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw notReadable(path, cause);
  }
  try {
    size = (await handle.stat()).size;
  } catch (cause) {
    await handle.close();
    throw notReadable(path, cause);
  }
  return {
    size,
    read: async (start, end) => {
      const bytes = uninitialised(end - start);
      let filled = 0;
      while (filled < bytes.length) {
        const { bytesRead } = await handle.read(
          bytes,
          filled,
          bytes.length - filled,
          start + filled,
        );
        if (bytesRead === 0)
          throw invalidParquet(`${path} ended while being read: it changed on disk.`);
        filled += bytesRead;
      }
      return bytes;
    },
    blob: () => openPath(path),
    close: () => handle.close(),
  };
}

function notReadable(path: string, cause: unknown): InvalidInputError {
  return new InvalidInputError({
    code: 'FILE_NOT_READABLE',
    message: `Cannot open the Parquet file ${path}: ${String((cause as Error)?.message ?? cause)}`,
    details: { path },
    cause,
  });
}

/** An opened file. */
export interface NativeParquetFile {
  readonly bytes: ByteRangeSource;
  readonly metadata: FileMetadata;
  /** Where the footer starts: column chunks end before it. */
  readonly footerStart: number;
}

const isMagic = (bytes: Uint8Array, at: number) =>
  bytes[at] === 0x50 && bytes[at + 1] === 0x41 && bytes[at + 2] === 0x52 && bytes[at + 3] === 0x31;

/**
 * Opens `source` and decodes its footer. The caller closes `bytes` when done.
 *
 * @throws InvalidInputError `FILE_NOT_READABLE` for a path that cannot be opened,
 *   `INVALID_PARQUET` for a file that is not Parquet or whose footer is corrupt.
 */
export async function openNativeParquet(source: ParquetSource): Promise<NativeParquetFile> {
  const bytes = typeof source === 'string' ? await pathSource(source) : memorySource(source);
  try {
    return await readFooter(bytes);
  } catch (error) {
    await bytes.close();
    throw error;
  }
}

async function readFooter(bytes: ByteRangeSource): Promise<NativeParquetFile> {
  const size = bytes.size;
  if (size < 12) {
    throw invalidParquet(
      `The input is not a Parquet file: it has ${size} bytes, and the smallest Parquet file has 12.`,
    );
  }
  const head = await bytes.read(0, 4);
  const tail = await bytes.read(size - 8, size);
  if (!isMagic(head, 0) || !isMagic(tail, 4)) {
    throw invalidParquet('The input is not a Parquet file: the PAR1 magic bytes are missing.');
  }
  const footerLength = new DataView(tail.buffer, tail.byteOffset, 8).getUint32(0, true);
  if (footerLength + 12 > size) {
    throw invalidParquet(
      `The Parquet footer claims ${footerLength} bytes, but the file has ${size}: the file is cut or corrupt.`,
    );
  }
  const footerStart = size - 8 - footerLength;
  const metadata = readFileMetadata(await bytes.read(footerStart, size - 8));
  return { bytes, metadata, footerStart };
}

/**
 * The byte range of a column chunk: from its dictionary page when it has one (Polars leaves
 * `dictionary_page_offset` out; the first page may still be a dictionary page), for
 * `total_compressed_size` bytes.
 *
 * @throws InvalidInputError `INVALID_PARQUET` when the range is not inside the file's data.
 */
export function chunkRange(file: NativeParquetFile, chunk: ColumnChunkMeta): [number, number] {
  const dictionary = chunk.dictionaryPageOffset;
  const start =
    dictionary !== undefined && dictionary >= 4 && dictionary < chunk.dataPageOffset
      ? dictionary
      : chunk.dataPageOffset;
  const end = start + chunk.totalCompressedSize;
  if (!(start >= 4 && chunk.totalCompressedSize >= 0 && end <= file.footerStart)) {
    throw invalidParquet(
      `The column chunk of "${chunk.path.join('.')}" claims bytes [${start}, ${end}), outside the file's data [4, ${file.footerStart}).`,
    );
  }
  return [start, end];
}

/**
 * Checks that no two column chunks share bytes: each chunk's pages are read to its end, so
 * a chunk whose size reaches into the next one would be read from another column's pages
 * (parquet-wasm aborts the process on some such files).
 *
 * @throws InvalidInputError `INVALID_PARQUET` for a range outside the data or overlapping another.
 */
export function checkChunkRanges(file: NativeParquetFile): void {
  const ranges: Array<[number, number, string]> = [];
  for (const group of file.metadata.rowGroups) {
    // Chunks of an empty row group hold no page (writers leave their offsets at 0).
    if (group.numRows === 0) continue;
    for (const chunk of group.columns)
      if (!chunk.external) ranges.push([...chunkRange(file, chunk), chunk.path.join('.')]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let index = 1; index < ranges.length; index++) {
    const [start, , name] = ranges[index] as [number, number, string];
    const [, previousEnd, previous] = ranges[index - 1] as [number, number, string];
    if (start < previousEnd)
      throw invalidParquet(
        `The column chunks of "${previous}" and "${name}" claim the same bytes (up to ${previousEnd} and from ${start}): the footer is corrupt.`,
      );
  }
}
