import { openAsBlob } from 'node:fs';
import { loadOptionalPeer, type PeerModule } from '@ballast/kit';
import { type RecordBatch, tableFromIPC } from 'apache-arrow';
import { fileOpenError } from './file-open-error';

/** The part of parquet-wasm's Node build that the reader uses. */
export interface ParquetWasmModule {
  ParquetFile: {
    fromFile(handle: Blob): Promise<{
      stream(options?: {
        batchSize?: number;
        columns?: string[];
      }): Promise<ReadableStream<{ intoIPCStream(): Uint8Array }>>;
      free(): void;
    }>;
  };
}

/** Options of {@link readParquet}. */
export interface ReadParquetOptions {
  /** Rows per batch (default 65,536). */
  batchSize?: number;
  /** Only these columns. */
  columns?: string[];
  /** An injected parquet-wasm module (`await import('parquet-wasm/node')`). */
  parquetWasm?: PeerModule<ParquetWasmModule>;
}

/**
 * Streams a Parquet file as Arrow record batches through parquet-wasm: each batch is decoded in
 * WebAssembly, handed over as Arrow IPC, and read zero-copy by apache-arrow. The file is read
 * through a Blob, so it is never loaded whole.
 *
 * @example
 * ```ts
 * const report = await validate(suite, readParquet('orders.parquet'));
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
  const file = await parquet.ParquetFile.fromFile(blob);
  try {
    const stream = await file.stream({
      batchSize: options.batchSize ?? 65_536,
      ...(options.columns ? { columns: options.columns } : {}),
    });
    const reader = stream.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const batch of tableFromIPC(value.intoIPCStream()).batches) yield batch;
    }
  } finally {
    file.free();
  }
}
