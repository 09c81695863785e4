import { openAsBlob } from 'node:fs';
import { InvalidInputError } from '@ballast/contracts';
import { loadOptionalPeer, type PeerModule } from '../../peers/load-optional-peer';
import { type ArrowField, readCSchemaFields, readCStructArray } from '../arrow-c-data';
import { type ColumnarBatch, type ColumnarTable, columnarTable } from '../columnar-table';

interface WasmFfiTable {
  arrayAddrs(): Uint32Array;
  schemaAddr(): number;
  free(): void;
}

interface WasmFfiBatch {
  arrayAddr(): number;
  schemaAddr(): number;
  free(): void;
}

/** The part of parquet-wasm (0.8, Node build) the columnar reader uses, typed by shape. */
export interface ParquetWasmLike {
  ParquetFile: {
    fromFile(handle: Blob): Promise<{
      read(options?: ParquetWasmReadOptions): Promise<{ intoFFI(): WasmFfiTable }>;
      stream(
        options?: ParquetWasmReadOptions,
      ): Promise<ReadableStream<{ intoFFI(): WasmFfiBatch }>>;
      metadata(): { numRowGroups(): number; free(): void };
      schema(): { indexOf(name: string): number; free(): void };
      free(): void;
    }>;
  };
  wasmMemory(): { readonly buffer: ArrayBuffer };
}

interface ParquetWasmReadOptions {
  batchSize?: number;
  rowGroups?: number[];
  columns?: string[];
}

/**
 * A Parquet file: a path (opened as a Blob, so only the footer and the selected column chunks
 * are read from disk), its bytes, or a Blob.
 */
export type ParquetSource = string | Uint8Array | Blob;

/** Options of {@link readParquetTable} and {@link readParquetBatches}. */
export interface ReadParquetTableOptions {
  /** Only these top-level columns (projection: the others are never decoded). */
  columns?: readonly string[];
  /** Only these row groups, by index (see `readParquetFooter` and `rowGroupsInRange`). */
  rowGroups?: readonly number[];
  /** Rows per batch (default 1,048,576 for a table, 65,536 for batches). */
  batchSize?: number;
  /**
   * The parquet-wasm module, or a loader for it: `() => import('parquet-wasm/node')`. Pass a
   * loader from the package that declares parquet-wasm, so it resolves from there; without
   * one kit imports `parquet-wasm/node` itself.
   */
  parquetWasm?: PeerModule<ParquetWasmLike>;
}

const PEER = 'parquet-wasm';
const peerSpecifier = 'parquet-wasm/node';

async function openPath(path: string): Promise<Blob> {
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

function invalidParquet(message: string, cause?: unknown): InvalidInputError {
  return new InvalidInputError({
    code: 'INVALID_PARQUET',
    message,
    details: {},
    ...(cause === undefined ? {} : { cause }),
  });
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

function invalidOption(message: string, details: Record<string, unknown>): InvalidInputError {
  return new InvalidInputError({ code: 'INVALID_OPTION', message, details });
}

type WasmParquetFile = Awaited<ReturnType<ParquetWasmLike['ParquetFile']['fromFile']>>;

/**
 * Checks `columns`, `rowGroups` and `batchSize` against the file before parquet-wasm sees
 * them: it panics (uncatchably, killing the process) on a row group past the end or on an
 * unknown column while streaming, and a batch size of 0 reads no rows at all.
 */
function checkReadOptions(file: WasmParquetFile, options: ReadParquetTableOptions): void {
  const { batchSize, columns, rowGroups } = options;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw invalidOption(`batchSize must be a whole number of rows, at least 1; got ${batchSize}.`, {
      path: 'batchSize',
      batchSize,
    });
  }
  if (rowGroups) {
    const metadata = file.metadata();
    let count: number;
    try {
      count = metadata.numRowGroups();
    } finally {
      metadata.free();
    }
    for (const group of rowGroups) {
      if (!(Number.isInteger(group) && group >= 0 && group < count)) {
        throw invalidOption(
          `rowGroups names row group ${group}, but the file has ${count} (numbered from 0).`,
          { path: 'rowGroups', rowGroup: group, rowGroupCount: count },
        );
      }
    }
  }
  if (columns) {
    const schema = file.schema();
    try {
      // indexOf throws for an unknown name (and may return -1 in other builds).
      const has = (name: string) => {
        try {
          return schema.indexOf(name) >= 0;
        } catch {
          return false;
        }
      };
      const missing = columns.filter(name => !has(name));
      if (missing.length > 0) {
        throw new InvalidInputError({
          code: 'COLUMN_NOT_FOUND',
          message: `The Parquet file has no column ${missing.map(name => `"${name}"`).join(', ')}.`,
          details: { path: 'columns', columns: missing },
        });
      }
    } finally {
      schema.free();
    }
  }
}

async function openFile(source: ParquetSource, options: ReadParquetTableOptions) {
  const parquet = await loadOptionalPeer<ParquetWasmLike>(
    PEER,
    options.parquetWasm,
    () => import(/* @vite-ignore */ peerSpecifier) as Promise<ParquetWasmLike>,
  );
  const blob =
    typeof source === 'string'
      ? await openPath(source)
      : source instanceof Uint8Array
        ? new Blob([source])
        : source;
  await checkParquetFrame(blob);
  let file: WasmParquetFile;
  try {
    file = await parquet.ParquetFile.fromFile(blob);
  } catch (cause) {
    throw invalidParquet(
      `The input is not a readable Parquet file: ${String((cause as Error)?.message ?? cause)}`,
      cause,
    );
  }
  try {
    checkReadOptions(file, options);
  } catch (error) {
    file.free();
    throw error;
  }
  return { parquet, file };
}

function wasmOptions(options: ReadParquetTableOptions, batchSize: number): ParquetWasmReadOptions {
  return {
    batchSize: options.batchSize ?? batchSize,
    ...(options.columns ? { columns: [...options.columns] } : {}),
    ...(options.rowGroups ? { rowGroups: [...options.rowGroups] } : {}),
  };
}

function readError(cause: unknown): InvalidInputError {
  return invalidParquet(
    `Reading the Parquet file failed: ${String((cause as Error)?.message ?? cause)}`,
    cause,
  );
}

/**
 * Reads the chosen columns and row groups of a Parquet file through parquet-wasm into a
 * {@link ColumnarTable}: pages are decoded in WebAssembly and each Arrow buffer is copied
 * out of wasm memory once, through the Arrow C Data Interface (no IPC round trip). The
 * table is shaped like an apache-arrow Table, so it can be passed where Ballast takes one.
 *
 * @throws UnavailableDependencyError when parquet-wasm cannot be loaded;
 *   InvalidInputError `FILE_NOT_READABLE` for a path that cannot be opened, `INVALID_PARQUET`
 *   for a file that is not Parquet or is cut or corrupt, `COLUMN_NOT_FOUND` for a `columns`
 *   entry the file lacks, `INVALID_OPTION` for a row group past the end or a batch size under
 *   1, `ARROW_TYPE_UNSUPPORTED` for a selected column of a nested or unsupported type.
 *
 * @example
 * ```ts
 * const table = await readParquetTable(bytes, {
 *   columns: ['delay', 'origin'],
 *   rowGroups: [0, 1],
 *   parquetWasm: () => import('parquet-wasm/node'),
 * });
 * ```
 */
export async function readParquetTable(
  source: ParquetSource,
  options: ReadParquetTableOptions = {},
): Promise<ColumnarTable> {
  return readParquetViews(source, options, false, columnarTable);
}

/**
 * Reads like {@link readParquetTable} and hands the fields and batches to `take` before the
 * wasm side is freed. With `views`, the batches point into wasm memory: `take` runs
 * synchronously, before any other wasm call, and must copy what it keeps (`compactChunk`).
 */
export async function readParquetViews<Result>(
  source: ParquetSource,
  options: ReadParquetTableOptions,
  views: boolean,
  take: (fields: readonly ArrowField[], batches: ColumnarBatch[]) => Result,
): Promise<Result> {
  const { parquet, file } = await openFile(source, options);
  try {
    let ffi: WasmFfiTable;
    try {
      ffi = (await file.read(wasmOptions(options, 1 << 20))).intoFFI();
    } catch (cause) {
      throw readError(cause);
    }
    try {
      // Read the memory after the last wasm call: growing it detaches older buffers.
      const memory = parquet.wasmMemory().buffer;
      const fields = readCSchemaFields(memory, ffi.schemaAddr());
      const batches: ColumnarBatch[] = [];
      for (const address of ffi.arrayAddrs()) {
        const { length, columns } = readCStructArray(memory, address, fields, { views });
        batches.push({ numRows: length, schema: { fields }, columns });
      }
      return take(fields, batches);
    } finally {
      ffi.free();
    }
  } finally {
    file.free();
  }
}

/**
 * Streams the chosen columns and row groups of a Parquet file as {@link ColumnarBatch}es
 * (see {@link readParquetTable}); one batch is in memory at a time on the wasm side.
 */
export async function* readParquetBatches(
  source: ParquetSource,
  options: ReadParquetTableOptions = {},
): AsyncGenerator<ColumnarBatch> {
  const { parquet, file } = await openFile(source, options);
  try {
    let fields: ArrowField[] | undefined;
    const reader = (
      await file.stream(wasmOptions(options, 65_536)).catch(cause => {
        throw readError(cause);
      })
    ).getReader();
    for (;;) {
      const { done, value } = await reader.read().catch(cause => {
        throw readError(cause);
      });
      if (done) return;
      const ffi = value.intoFFI();
      let batch: ColumnarBatch;
      try {
        const memory = parquet.wasmMemory().buffer;
        fields ??= readCSchemaFields(memory, ffi.schemaAddr());
        const { length, columns } = readCStructArray(memory, ffi.arrayAddr(), fields);
        batch = { numRows: length, schema: { fields }, columns };
      } finally {
        ffi.free();
      }
      yield batch;
    }
  } finally {
    file.free();
  }
}

/** Collects {@link readParquetBatches} into a table. */
export async function collectBatches(
  batches: AsyncIterable<ColumnarBatch>,
): Promise<ColumnarTable> {
  const all: ColumnarBatch[] = [];
  let fields: readonly ArrowField[] = [];
  for await (const batch of batches) {
    fields = batch.schema.fields;
    all.push(batch);
  }
  return columnarTable(fields, all);
}
