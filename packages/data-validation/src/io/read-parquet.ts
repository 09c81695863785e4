import { openAsBlob } from 'node:fs';
import { InvalidInputError } from '@ballast/contracts';
import {
  checkParquetForFallback,
  loadOptionalPeer,
  type ParquetWasmLike,
  type ParquetFooter,
  type PeerModule,
  readParquetBatches,
  readParquetFileFooter,
} from '@ballast/kit';
import { makeData, RecordBatch, Schema, Struct, tableFromIPC } from 'apache-arrow';
import { columnarBatchToArrow } from '../arrow/columnar-to-arrow';
import {
  columnsAnsweredByStatistics,
  type ParquetStatisticsFacts,
  parquetStatisticsMetadataKey,
} from '../pushdown/parquet-statistics';
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
   * With `suite` (and no `columns`): leave undecoded each column whose every expectation the
   * file's footer statistics answer exactly (default `true`): `expect_column_values_to_not_be_null`
   * when every row group counts no null, `expect_column_values_to_be_null` when every row is
   * null, `expect_column_values_to_be_between` on a plain integer column whose min and max lie
   * within the bounds. The batches then lack those columns and carry the facts in their schema
   * metadata, which `validate`/`runSuite` read, so the report is the one of the decoded column.
   * Validating these batches with another suite, or only some of them, fails with
   * `COLUMN_NOT_DECODED`. `false` decodes every column the suite reads (for a writer whose
   * statistics you distrust, or to use the batches otherwise).
   */
  statistics?: boolean;
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
  // parquet-wasm ends the process (an uncatchable trap) on some corrupt files: kit checks the
  // footer and the flat columns' pages first, as its own reader does before parquet-wasm.
  await checkParquetForFallback(path, columns ? { columns } : {}).catch(error => {
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
 * through parquet-wasm and Arrow IPC. The file is read a column chunk at a time, never whole.
 * With `columns` or `suite`, only those columns are decoded (projection): the others cost
 * nothing. With `suite`, a column whose every expectation the footer statistics answer exactly
 * (no nulls in any row group for a not-null check, integer min/max inside a range, ...) is not
 * decoded either; `validate` answers it from the facts the batches carry, with the report the
 * decoded column gives (see {@link ReadParquetOptions.statistics}).
 *
 * @throws InvalidInputError `FILE_NOT_READABLE` for a path that cannot be opened,
 *   `INVALID_PARQUET` for a file that is not Parquet or is cut or corrupt, `COLUMN_NOT_FOUND`
 *   for a `columns` entry the file lacks; UnavailableDependencyError without parquet-wasm when
 *   nested columns are read. Validating the batches with expectations on a column left
 *   undecoded that its statistics cannot answer throws `COLUMN_NOT_DECODED` (from `validate`).
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
  // The footer alone, decoded by kit (a file of flat columns never loads parquet-wasm): one read
  // gives the columns and the row-group statistics.
  const footer = await readParquetFileFooter(path).catch(error => {
    throw withPath(path, error);
  });
  const fileColumns = footer.columns ?? [];
  const names = fileColumns.map(column => column.name);
  const nested = new Set(fileColumns.filter(column => column.nested).map(column => column.name));
  const selected = selectColumns(path, names, options);
  const answered = statisticsFacts(footer, names, nested, options);
  const facts = answered?.facts;
  const columns = facts
    ? (selected ?? names).filter(name => !Object.hasOwn(facts.columns, name))
    : selected;
  const read = columns ?? names;
  const stamp = factsStamp(facts);
  if (answered && read.length === 0) {
    yield* rowsOnly(answered.groupRows, stamp);
    return;
  }
  const batchSize = options.batchSize ?? defaultBatchSize(read.length);
  if (read.some(name => nested.has(name))) {
    for await (const batch of readThroughIpc(blob, path, columns, batchSize, options.parquetWasm))
      yield stamp(batch);
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
      yield stamp(converted);
    }
  } catch (error) {
    // A flat column of a type kit's batches do not carry (decimal, fixed-size binary, ...) is
    // refused before the first batch; Arrow IPC carries every type.
    if (!(first && isTypeUnsupported(error))) throw withPath(path, error);
    for await (const batch of readThroughIpc(blob, path, columns, batchSize, options.parquetWasm))
      yield stamp(batch);
  }
}

/**
 * The columns of the suite that the footer answers (see {@link ReadParquetOptions.statistics}):
 * flat ones only, and none when `columns` is given, the suite reads the whole column list, or
 * statistics are turned off.
 */
function statisticsFacts(
  footer: ParquetFooter,
  names: readonly string[],
  nested: ReadonlySet<string>,
  options: ReadParquetOptions,
): { facts: ParquetStatisticsFacts; groupRows: number[] } | undefined {
  const { suite } = options;
  if (suite === undefined || options.columns !== undefined || options.statistics === false)
    return undefined;
  const used = suiteColumns(suite);
  if (used === undefined) return undefined;
  const candidates = topLevelFields(used, names).filter(name => !nested.has(name));
  if (candidates.length === 0) return undefined;
  const facts = columnsAnsweredByStatistics(suite.expectations, candidates, footer);
  return facts && { facts, groupRows: footer.rowGroups.map(group => group.numRows) };
}

/** Records the facts in each batch's schema metadata, where the validator finds them. */
function factsStamp(
  facts: ParquetStatisticsFacts | undefined,
): (batch: RecordBatch) => RecordBatch {
  if (facts === undefined) return batch => batch;
  const text = JSON.stringify(facts);
  const schemas = new Map<Schema, Schema>();
  return batch => {
    let schema = schemas.get(batch.schema);
    if (schema === undefined) {
      const metadata = new Map(batch.schema.metadata);
      metadata.set(parquetStatisticsMetadataKey, text);
      schema = new Schema(batch.schema.fields, metadata, batch.schema.dictionaries);
      schemas.set(batch.schema, schema);
    }
    return new RecordBatch(schema, batch.data);
  };
}

/** Every column answered by the footer: one column-less batch per row group, for the row count. */
function* rowsOnly(
  groupRows: readonly number[],
  stamp: (batch: RecordBatch) => RecordBatch,
): Generator<RecordBatch> {
  const empty = new Schema([]);
  for (const rows of groupRows) {
    if (rows === 0) continue;
    const data = makeData({ type: new Struct([]), length: rows, nullCount: 0, children: [] });
    yield stamp(new RecordBatch(empty, data));
  }
}
