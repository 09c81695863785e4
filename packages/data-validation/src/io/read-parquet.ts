import { openAsBlob } from 'node:fs';
import { InvalidInputError } from '@ballast/contracts';
import {
  checkParquetFrame,
  loadOptionalPeer,
  type ParquetWasmLike,
  type PeerModule,
  readParquetBatches,
  readParquetColumns,
} from '@ballast/kit';
import { type RecordBatch, tableFromIPC } from 'apache-arrow';
import { columnarBatchToArrow } from '../arrow/columnar-to-arrow';
import type { ExpectationSuite } from '../suite/expectation-schemas';
import { suiteColumns, topLevelFields } from '../suite/suite-columns';
import { fileOpenError } from './file-open-error';

function invalidParquet(path: string, cause: unknown): InvalidInputError {
  return new InvalidInputError({
    code: 'INVALID_PARQUET',
    message: `${path} is not a readable Parquet file: ${String((cause as Error)?.message ?? cause)}`,
    details: { path },
    cause,
  });
}

/** The part of parquet-wasm's Node build that the reader uses. */
export interface ParquetWasmModule {
  ParquetFile: {
    fromFile(handle: Blob): Promise<{
      schema(): { intoIPCStream(): Uint8Array };
      stream(options?: {
        batchSize?: number;
        columns?: string[];
      }): Promise<ReadableStream<{ intoIPCStream(): Uint8Array }>>;
      free(): void;
    }>;
  };
  /** The module's memory, for reading batches through the Arrow C Data Interface. */
  wasmMemory?(): { readonly buffer: ArrayBuffer };
}

/** Options of {@link readParquet}. */
export interface ReadParquetOptions {
  /** Rows per batch (default: about four million cells' worth, 65,536 to 1,048,576 rows). */
  batchSize?: number;
  /** Only these top-level columns. */
  columns?: string[];
  /**
   * Read only the columns this suite uses (see `suiteColumns`); every column when it checks
   * the table's column list. Ignored when `columns` is given.
   */
  suite?: ExpectationSuite;
  /**
   * An injected parquet-wasm module (`await import('parquet-wasm/node')`), or a loader of one.
   * Used only for nested columns and for codecs or encodings kit's reader does not decode.
   */
  parquetWasm?: PeerModule<ParquetWasmModule>;
}

/**
 * Rows per batch when none is asked for: about four million cells, between 65,536 and
 * 1,048,576 rows. Readers never join row groups into one batch, so on narrow reads a batch is a
 * whole row group and per-batch work (views, distinct values) is paid once per group.
 */
function defaultBatchSize(columns: number): number {
  return Math.min(1_048_576, Math.max(65_536, Math.floor(4_194_304 / Math.max(1, columns))));
}

type ParquetWasmFile = Awaited<ReturnType<ParquetWasmModule['ParquetFile']['fromFile']>>;

function loadParquetWasm(injected: ReadParquetOptions['parquetWasm']): Promise<ParquetWasmModule> {
  return loadOptionalPeer<ParquetWasmModule>(
    'parquet-wasm',
    injected,
    () => import('parquet-wasm/node') as Promise<ParquetWasmModule>,
  );
}

async function openWasmFile(parquet: ParquetWasmModule, blob: Blob, path: string) {
  return parquet.ParquetFile.fromFile(blob).catch(cause => {
    throw invalidParquet(path, cause);
  });
}

function isTypeUnsupported(error: unknown): boolean {
  return InvalidInputError.isInstance(error) && error.code === 'ARROW_TYPE_UNSUPPORTED';
}

/** kit's errors name no path; the reader's name the file. */
function withPath(path: string, error: unknown): unknown {
  if (!InvalidInputError.isInstance(error) || error.code !== 'INVALID_PARQUET') return error;
  return invalidParquet(path, error);
}

/** The columns to read: `columns` as asked (all must exist), the suite's, or every one. */
function selectColumns(
  path: string,
  names: readonly string[],
  options: ReadParquetOptions,
): string[] | undefined {
  const { columns } = options;
  const missing = columns?.filter(name => !names.includes(name)) ?? [];
  if (missing.length > 0) {
    throw new InvalidInputError({
      code: 'COLUMN_NOT_FOUND',
      message: `${path} has no column ${missing.map(name => `"${name}"`).join(', ')}; it has ${names.map(name => `"${name}"`).join(', ')}.`,
      details: { path, columns: missing },
    });
  }
  if (columns !== undefined || !options.suite) return columns;
  const used = suiteColumns(options.suite);
  if (used === undefined) return undefined;
  const selected = topLevelFields(used, names);
  // A suite of table-level counts reads no column, but batches still carry the row count.
  return selected.length === 0 ? names.slice(0, 1) : selected;
}

/** Nested columns, through parquet-wasm and Arrow IPC (kit's columnar batches carry flat ones). */
async function* readThroughIpc(
  blob: Blob,
  path: string,
  columns: string[] | undefined,
  batchSize: number,
  injected: ReadParquetOptions['parquetWasm'],
): AsyncGenerator<RecordBatch> {
  const parquet = await loadParquetWasm(injected);
  // parquet-wasm dies (uncatchably) on some corrupt footers: kit checks the frame first.
  await checkParquetFrame(blob).catch(error => {
    throw withPath(path, error);
  });
  const file: ParquetWasmFile = await openWasmFile(parquet, blob, path);
  try {
    const stream = await file
      .stream({ batchSize, ...(columns ? { columns } : {}) })
      .catch(cause => {
        throw invalidParquet(path, cause);
      });
    const reader = stream.getReader();
    while (true) {
      const { done, value } = await reader.read().catch(cause => {
        throw invalidParquet(path, cause);
      });
      if (done) break;
      for (const batch of tableFromIPC(value.intoIPCStream()).batches) yield batch;
    }
  } finally {
    file.free();
  }
}

/**
 * Streams a Parquet file as Arrow record batches. Flat columns are read by kit's native Parquet
 * reader (parquet-wasm is then not needed; kit falls back to it for an encoding or codec it does
 * not decode), straight into Arrow buffers; string columns dictionary-encoded in the file come
 * out as Arrow `Dictionary` columns, so checks test each distinct value once. Nested columns
 * (structs, lists) and flat types kit's batches do not carry (decimals, fixed-size binary) go
 * through parquet-wasm and Arrow IPC. The file is read a column chunk at a time, never whole. With `columns` or `suite`, only those columns are decoded (projection):
 * the others cost nothing.
 *
 * @throws InvalidInputError `FILE_NOT_READABLE` for a path that cannot be opened,
 *   `INVALID_PARQUET` for a file that is not Parquet or is cut or corrupt, `COLUMN_NOT_FOUND`
 *   for a `columns` entry the file lacks; UnavailableDependencyError without parquet-wasm when
 *   nested columns are read.
 *
 * @example
 * ```ts
 * const report = await validate(suite, readParquet('orders.parquet', { suite }));
 * ```
 */
export async function* readParquet(
  path: string,
  options: ReadParquetOptions = {},
): AsyncGenerator<RecordBatch> {
  const blob = await openAsBlob(path).catch(cause => {
    throw fileOpenError(path, cause);
  });
  // The footer alone, decoded by kit: a file of flat columns never loads parquet-wasm. kit reads
  // a path through one file handle, faster than through the Blob (kept for parquet-wasm).
  const fileColumns = await readParquetColumns(path).catch(error => {
    throw withPath(path, error);
  });
  const names = fileColumns.map(column => column.name);
  const columns = selectColumns(path, names, options);
  const read = columns ?? names;
  const batchSize = options.batchSize ?? defaultBatchSize(read.length);
  const nested = new Set(fileColumns.filter(column => column.nested).map(column => column.name));
  if (read.some(name => nested.has(name))) {
    yield* readThroughIpc(blob, path, columns, batchSize, options.parquetWasm);
    return;
  }
  const batches = readParquetBatches(path, {
    batchSize,
    ...(columns ? { columns } : {}),
    engine: 'auto',
    dictionaries: 'keep',
    // Resolved from this package, which declares the optional peer, if kit needs it.
    parquetWasm: (options.parquetWasm ??
      (() => import('parquet-wasm/node'))) as unknown as PeerModule<ParquetWasmLike>,
  });
  let first = true;
  try {
    for await (const batch of batches) {
      const converted = columnarBatchToArrow(batch);
      first = false;
      yield converted;
    }
  } catch (error) {
    // A flat column of a type kit's batches do not carry (decimal, fixed-size binary, ...) is
    // refused before the first batch; Arrow IPC carries every type.
    if (!(first && isTypeUnsupported(error))) throw withPath(path, error);
    yield* readThroughIpc(blob, path, columns, batchSize, options.parquetWasm);
  }
}
