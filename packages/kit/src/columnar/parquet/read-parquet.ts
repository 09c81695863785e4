import { isUtf8 } from 'node:buffer';
import { InvalidInputError } from '@ballast/contracts';
import { loadOptionalPeer, type PeerModule } from '../../peers/load-optional-peer';
import { type ColumnPlan, planColumns } from './native/column-plan';
import {
  checkChunkRanges,
  type NativeParquetFile,
  openNativeParquet,
} from './native/native-parquet-file';
import { readNativeBatches } from './native/read-native-batches';
import { invalidParquet, unsupportedParquet } from './parquet-errors';
import { checkParquetFrame, type ParquetSource, sourceBlob } from './parquet-source';
import { checkReadOptions } from './read-options';

export { checkParquetFrame, type ParquetSource } from './parquet-source';
import { type ArrowField, readCSchemaFields, readCStructArray } from '../arrow-c-data';
import { ArrowTypeId } from '../arrow-data-like';
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

/** Which decoder reads a Parquet file (see {@link ReadParquetTableOptions.engine}). */
export type ParquetEngine = 'auto' | 'native' | 'parquet-wasm';

/** Options of {@link readParquetTable} and {@link readParquetBatches}. */
export interface ReadParquetTableOptions {
  /** Only these top-level columns (projection: the others are never decoded). */
  columns?: readonly string[];
  /** Only these row groups, by index (see `readParquetFooter` and `rowGroupsInRange`). */
  rowGroups?: readonly number[];
  /** Rows per batch (default 1,048,576 for a table, 65,536 for batches). */
  batchSize?: number;
  /**
   * The decoder. `'auto'` (default): kit's native TypeScript reader when every selected column
   * is flat (not repeated, max definition level 1) and its type, codec and encodings are ones
   * it decodes, else parquet-wasm. `'native'`: the native reader or an `InvalidInputError`
   * `PARQUET_UNSUPPORTED` naming the column and the feature; parquet-wasm is never loaded.
   * `'parquet-wasm'`: parquet-wasm only, as before.
   */
  engine?: ParquetEngine;
  /**
   * `'decode'` (default): string columns come out as Utf8/LargeUtf8 chunks. `'keep'`: a string
   * column dictionary-encoded in every selected row group comes out as Dictionary chunks
   * (Int32 indices into one Utf8/LargeUtf8 dictionary per column chunk, shared by the batches
   * cut from it), so consumers count and hash each distinct string once. Native engine only;
   * numeric dictionary-encoded columns are always materialised.
   */
  dictionaries?: 'keep' | 'decode';
  /**
   * Native engine: inflate ZSTD pages on a worker thread (started on first use, unref'd,
   * closed when idle) while this thread decodes; when the worker falls behind, this thread
   * inflates the row group itself instead of waiting.
   * Off by default: on the 2-core machine it was measured on, reads were not consistently
   * faster with it (the single-threaded read already keeps part of the second core busy with
   * garbage collection), for 10-30% more CPU. Worth trying where cores are idle. The output
   * is the same either way.
   */
  workerThread?: boolean;
  /**
   * The parquet-wasm module, or a loader for it: `() => import('parquet-wasm/node')`. Pass a
   * loader from the package that declares parquet-wasm, so it resolves from there; without
   * one kit imports `parquet-wasm/node` itself. Not loaded when the native engine reads.
   */
  parquetWasm?: PeerModule<ParquetWasmLike>;
}

const PEER = 'parquet-wasm';
const peerSpecifier = 'parquet-wasm/node';

type WasmParquetFile = Awaited<ReturnType<ParquetWasmLike['ParquetFile']['fromFile']>>;

function checkWasmOptions(file: WasmParquetFile, options: ReadParquetTableOptions): void {
  checkReadOptions(
    options,
    () => {
      const metadata = file.metadata();
      try {
        return metadata.numRowGroups();
      } finally {
        metadata.free();
      }
    },
    name => {
      const schema = file.schema();
      try {
        // indexOf throws for an unknown name (and may return -1 in other builds).
        return schema.indexOf(name) >= 0;
      } catch {
        return false;
      } finally {
        schema.free();
      }
    },
  );
}

/** The engine chosen for one read: the native plan, or the source handed to parquet-wasm. */
type Chosen =
  | {
      native: true;
      file: NativeParquetFile;
      plans: ColumnPlan[];
      fields: ArrowField[];
      rowGroups: number[];
    }
  | { native: false; source: ParquetSource };

function topLevelNames(file: NativeParquetFile): Set<string> {
  const names = new Set<string>();
  const schema = file.metadata.schema;
  const root = schema[0];
  let index = 1;
  for (let child = 0; root && child < root.children && index < schema.length; child++) {
    names.add((schema[index] as { name: string }).name);
    let pending = 1;
    while (pending > 0 && index < schema.length) {
      pending += Math.max(0, (schema[index] as { children: number }).children) - 1;
      index++;
    }
  }
  return names;
}

async function chooseEngine(
  source: ParquetSource,
  options: ReadParquetTableOptions,
): Promise<Chosen> {
  const engine = options.engine ?? 'auto';
  if (engine !== 'auto' && engine !== 'native' && engine !== 'parquet-wasm') {
    throw new InvalidInputError({
      code: 'INVALID_OPTION',
      message: `engine must be 'auto', 'native' or 'parquet-wasm'; got ${String(engine)}.`,
      details: { path: 'engine', engine },
    });
  }
  const dictionaries = options.dictionaries ?? 'decode';
  if (dictionaries !== 'keep' && dictionaries !== 'decode') {
    throw new InvalidInputError({
      code: 'INVALID_OPTION',
      message: `dictionaries must be 'keep' or 'decode'; got ${String(dictionaries)}.`,
      details: { path: 'dictionaries', dictionaries },
    });
  }
  if (options.workerThread !== undefined && typeof options.workerThread !== 'boolean') {
    throw new InvalidInputError({
      code: 'INVALID_OPTION',
      message: `workerThread must be true or false; got ${String(options.workerThread)}.`,
      details: { path: 'workerThread' },
    });
  }
  if (engine === 'parquet-wasm') return { native: false, source };
  const file = await openNativeParquet(source);
  let planned: { plans: ColumnPlan[]; fields: ArrowField[]; rowGroups: number[] } | undefined;
  try {
    const names = topLevelNames(file);
    checkReadOptions(
      options,
      () => file.metadata.rowGroups.length,
      name => names.has(name),
    );
    const rowGroups = options.rowGroups
      ? [...options.rowGroups]
      : file.metadata.rowGroups.map((_, index) => index);
    const plan = checkedPlan(file, options.columns, rowGroups, dictionaries);
    if ('column' in plan) {
      if (engine === 'native') throw unsupportedParquet(plan.column, plan.feature);
      const blob = await file.bytes.blob();
      await checkFallbackColumns(file, options.columns, rowGroups);
      return { native: false, source: blob };
    }
    planned = { ...plan, rowGroups };
    // The native reader closes the file (a path's handle) when it is done.
    return { native: true, file, ...planned };
  } finally {
    if (!planned) await file.bytes.close();
  }
}

/**
 * Checks a Parquet file the way engine 'auto' does before it hands a file to parquet-wasm, for
 * callers that read a file with parquet-wasm themselves (nested columns): the frame, the footer
 * (column chunk ranges, schema, encodings, the ARROW:schema metadata), no LZO, and the pages of
 * the flat columns among `columns` (all by default), decoded and dropped. parquet-wasm ends the
 * process on some corrupt files (a trap no caller can catch); after this check those fail with a
 * typed error instead. It reads the flat columns once more, so call it only before parquet-wasm.
 *
 * @throws InvalidInputError `INVALID_PARQUET` for a corrupt file, `PARQUET_UNSUPPORTED` for an
 *   LZO column.
 */
export async function checkParquetForFallback(
  source: ParquetSource,
  options: { columns?: readonly string[] } = {},
): Promise<void> {
  const file = await openNativeParquet(source);
  try {
    const rowGroups = file.metadata.rowGroups.map((_, index) => index);
    checkedPlan(file, options.columns, rowGroups, 'decode');
    await checkFallbackColumns(file, options.columns, rowGroups);
  } finally {
    await file.bytes.close();
  }
}

/** The read plan of a file whose footer passed kit's checks (chunk ranges, schema, encodings). */
function checkedPlan(
  file: NativeParquetFile,
  columns: readonly string[] | undefined,
  rowGroups: number[],
  dictionaries: 'keep' | 'decode',
): Exclude<ReturnType<typeof planColumns>, { corrupt: string }> {
  checkChunkRanges(file);
  const plan = planColumns(file.metadata, columns, rowGroups, dictionaries);
  if ('corrupt' in plan) throw invalidParquet(`The Parquet file is corrupt: ${plan.corrupt}`);
  return plan;
}

/** What a file must pass before parquet-wasm reads it: no LZO, and its flat columns' pages. */
async function checkFallbackColumns(
  file: NativeParquetFile,
  columns: readonly string[] | undefined,
  rowGroups: number[],
): Promise<void> {
  checkNoLzo(file, columns, rowGroups);
  await checkNativeColumns(file, columns, rowGroups);
}

/** LZO: 3 in the Parquet codec enum. */
const LZO = 3;

/**
 * Refuses a selected column chunk in LZO, which parquet-wasm does not decode either (and on
 * a chunk mislabelled LZO it aborts the process): there is no engine to fall back to.
 */
function checkNoLzo(
  file: NativeParquetFile,
  columns: readonly string[] | undefined,
  rowGroups: readonly number[],
): void {
  for (const group of rowGroups) {
    for (const chunk of file.metadata.rowGroups[group]?.columns ?? []) {
      const column = chunk.path[0] ?? '';
      if (chunk.codec !== LZO || (columns && !columns.includes(column))) continue;
      throw new InvalidInputError({
        code: 'PARQUET_UNSUPPORTED',
        message: `Column "${column}" uses the LZO codec, which neither the native Parquet reader nor parquet-wasm decodes; leave it out with the \`columns\` option.`,
        details: { path: column, column, feature: 'the LZO codec' },
      });
    }
  }
}

/**
 * Before parquet-wasm reads a file the native reader cannot read whole, decodes (and drops)
 * the selected columns it can read: a corrupt page there then gives `INVALID_PARQUET`, where
 * parquet-wasm would abort the process. Closes the file.
 */
async function checkNativeColumns(
  file: NativeParquetFile,
  columns: readonly string[] | undefined,
  rowGroups: number[],
): Promise<void> {
  const partial = planColumns(file.metadata, columns, rowGroups, 'decode', true);
  if (!('plans' in partial) || partial.plans.length === 0) return;
  try {
    for await (const batch of readNativeBatches(
      file,
      partial.plans,
      partial.fields,
      rowGroups,
      1 << 16,
      false,
    )) {
      const column = notUtf8Column(batch);
      if (column !== undefined) {
        // The native reader keeps such bytes (and decodes them with U+FFFD); parquet-wasm traps
        // on them with an exception no caller can catch, which ends the process.
        throw invalidParquet(
          `Column "${column}" is a UTF-8 string column holding bytes that are not UTF-8, and this file (with columns only parquet-wasm reads) cannot be read with them; read the flat columns alone (the \`columns\` option) with engine 'native'.`,
        );
      }
    }
  } catch (error) {
    if (!isUnsupported(error)) throw error;
  }
}

/** The first string column of `batch` with a value that is not UTF-8, if any. */
function notUtf8Column(batch: ColumnarBatch): string | undefined {
  for (const [index, chunk] of batch.columns.entries()) {
    const offsets = chunk.valueOffsets;
    if ((chunk.typeId !== ArrowTypeId.Utf8 && chunk.typeId !== ArrowTypeId.LargeUtf8) || !offsets)
      continue;
    const bytes = chunk.values as Uint8Array;
    for (let row = 0; row < chunk.length; row += 1) {
      const start = Number(offsets[chunk.offset + row]);
      const end = Number(offsets[chunk.offset + row + 1]);
      if (end > start && !isUtf8(bytes.subarray(start, end))) {
        return batch.schema.fields[index]?.name ?? String(index);
      }
    }
  }
  return undefined;
}

function isUnsupported(error: unknown): boolean {
  return InvalidInputError.isInstance(error) && error.code === 'PARQUET_UNSUPPORTED';
}

async function openFile(source: ParquetSource, options: ReadParquetTableOptions) {
  const parquet = await loadOptionalPeer<ParquetWasmLike>(
    PEER,
    options.parquetWasm,
    () => import(/* @vite-ignore */ peerSpecifier) as Promise<ParquetWasmLike>,
  );
  const blob = await sourceBlob(source);
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
    checkWasmOptions(file, options);
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
  const chosen = await chooseEngine(source, options);
  if (chosen.native) {
    const batches: ColumnarBatch[] = [];
    try {
      for await (const batch of readNativeBatches(
        chosen.file,
        chosen.plans,
        chosen.fields,
        chosen.rowGroups,
        options.batchSize ?? 1 << 20,
        options.workerThread === true,
      ))
        batches.push(batch);
    } catch (error) {
      // A page in an encoding the footer did not list: parquet-wasm may still read it.
      if (!(isUnsupported(error) && (options.engine ?? 'auto') === 'auto')) throw error;
      return readWasmViews(await chosen.file.bytes.blob(), options, views, take);
    }
    return take(chosen.fields, batches);
  }
  return readWasmViews(chosen.source, options, views, take);
}

async function readWasmViews<Result>(
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
  const chosen = await chooseEngine(source, options);
  if (chosen.native) {
    yield* readNativeBatches(
      chosen.file,
      chosen.plans,
      chosen.fields,
      chosen.rowGroups,
      options.batchSize ?? 65_536,
      options.workerThread === true,
    );
    return;
  }
  const { parquet, file } = await openFile(chosen.source, options);
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
