// Where a Parquet file's bytes come from, and the frame check every reader runs first.
import { openAsBlob } from 'node:fs';
import { InvalidInputError } from '@ballast/contracts';
import { invalidParquet } from './parquet-errors';

/**
 * A Parquet file: a path (opened as a Blob, so only the footer and the selected column chunks
 * are read from disk), its bytes, or a Blob.
 */
export type ParquetSource = string | Uint8Array | Blob;

/** Opens the file at `path` as a Blob. */
export async function openPath(path: string): Promise<Blob> {
  try {
    // openAsBlob throws synchronously for a missing file, so await inside the try.
    return await openAsBlob(path);
  } catch (cause) {
    throw new InvalidInputError({
      code: 'FILE_NOT_READABLE',
      message: `Cannot open the Parquet file ${path}: ${String((cause as Error)?.message ?? cause)}`,
      details: { path },
      cause,
    });
  }
}

/** The source as a Blob: a path is opened lazily (only the ranges read come from disk). */
export async function sourceBlob(source: ParquetSource): Promise<Blob> {
  if (typeof source === 'string') return openPath(source);
  if (source instanceof Uint8Array) return new Blob([source]);
  return source;
}

/**
 * Checks the magic bytes and the footer length of a Parquet file from its first and last
 * bytes. parquet-wasm 0.8 panics inside a detached promise on a footer length past the start
 * of the file, which no caller can catch (the process dies), so this runs before it.
 *
 * @throws InvalidInputError `INVALID_PARQUET`.
 */
export async function checkParquetFrame(blob: Blob): Promise<void> {
  const size = blob.size;
  if (size < 12) {
    throw invalidParquet(
      `The input is not a Parquet file: it has ${size} bytes, and the smallest Parquet file has 12.`,
    );
  }
  const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  const tail = new Uint8Array(await blob.slice(size - 8).arrayBuffer());
  const isMagic = (bytes: Uint8Array, at: number) =>
    bytes[at] === 0x50 &&
    bytes[at + 1] === 0x41 &&
    bytes[at + 2] === 0x52 &&
    bytes[at + 3] === 0x31;
  if (!isMagic(head, 0) || !isMagic(tail, 4)) {
    throw invalidParquet('The input is not a Parquet file: the PAR1 magic bytes are missing.');
  }
  const footerLength = new DataView(tail.buffer).getUint32(0, true);
  if (footerLength + 12 > size) {
    throw invalidParquet(
      `The Parquet footer claims ${footerLength} bytes, but the file has ${size}: the file is cut or corrupt.`,
    );
  }
}
