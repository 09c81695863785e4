import { openAsBlob } from 'node:fs';
import { InvalidInputError } from '@ballast/contracts';
import {
  checkParquetFrame,
  loadOptionalPeer,
  type ParquetWasmLike,
  type PeerModule,
  readParquetBatches,
} from '@ballast/kit';
import { type Field, type RecordBatch, tableFromIPC } from 'apache-arrow';
import { columnarBatchToArrow, isColumnarReadable } from '../arrow/columnar-to-arrow';
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
  /** An injected parquet-wasm module (`await import('parquet-wasm/node')`). */
  parquetWasm?: PeerModule<ParquetWasmModule>;
}

/**
 * Rows per batch when none is asked for: about four million cells, between 65,536 and
 * 1,048,576 rows. parquet-wasm never joins row groups into one batch, so on narrow reads a
 * batch is a whole row group and per-batch work (views, distinct values) is paid once per group.
 */
function defaultBatchSize(columns: number): number {
  return Math.min(1_048_576, Math.max(65_536, Math.floor(4_194_304 / Math.max(1, columns))));
}

/**
 * Streams a Parquet file as Arrow record batches through parquet-wasm: each batch is decoded in
 * WebAssembly and its buffers are copied out once by kit's columnar reader (Arrow C Data
 * Interface); columns of nested types go through Arrow IPC instead. The file is read through a
 * Blob, so it is never loaded whole. With `columns` or `suite`, only those columns
 * are decoded (projection): the others cost nothing.
 *
 * @throws InvalidInputError `FILE_NOT_READABLE` for a path that cannot be opened,
 *   `INVALID_PARQUET` for a file that is not Parquet or is cut or corrupt, `COLUMN_NOT_FOUND`
 *   for a `columns` entry the file lacks; UnavailableDependencyError without parquet-wasm.
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
  const parquet = await loadOptionalPeer<ParquetWasmModule>(
    'parquet-wasm',
    options.parquetWasm,
    () => import('parquet-wasm/node') as Promise<ParquetWasmModule>,
  );
  const blob = await openAsBlob(path).catch(cause => {
    throw fileOpenError(path, cause);
  });
  // parquet-wasm dies (uncatchably) on some corrupt footers: kit checks the frame first.
  await checkParquetFrame(blob);
  const file = await parquet.ParquetFile.fromFile(blob).catch(cause => {
    throw invalidParquet(path, cause);
  });
  try {
    const { schema } = tableFromIPC(file.schema().intoIPCStream());
    const names = schema.fields.map(field => field.name);
    let columns = options.columns;
    const missing = columns?.filter(name => !names.includes(name)) ?? [];
    if (missing.length > 0) {
      throw new InvalidInputError({
        code: 'COLUMN_NOT_FOUND',
        message: `${path} has no column ${missing.map(name => `"${name}"`).join(', ')}; it has ${names.map(name => `"${name}"`).join(', ')}.`,
        details: { path, columns: missing },
      });
    }
    const used = columns === undefined && options.suite ? suiteColumns(options.suite) : undefined;
    if (used !== undefined) {
      columns = topLevelFields(used, names);
      // A suite of table-level counts reads no column, but batches still carry the row count.
      if (columns.length === 0) columns = names.slice(0, 1);
    }
    const batchSize = options.batchSize ?? defaultBatchSize((columns ?? names).length);
    const read = columns ?? names;
    const fields = new Map(schema.fields.map(field => [field.name, field]));
    if (
      parquet.wasmMemory &&
      read.every(name => isColumnarReadable((fields.get(name) as Field).type))
    ) {
      // kit's reader copies each Arrow buffer out of wasm memory once (C Data Interface), with no
      // IPC message written and read back; nested types still go through IPC below.
      const batches = readParquetBatches(blob, {
        batchSize,
        ...(columns ? { columns } : {}),
        parquetWasm: parquet as unknown as ParquetWasmLike,
      });
      for await (const batch of batches) yield columnarBatchToArrow(batch, fields);
      return;
    }
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
