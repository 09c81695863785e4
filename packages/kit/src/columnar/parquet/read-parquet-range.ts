import { InvalidInputError } from '@ballast/contracts';
import type { ArrowDataLike } from '../arrow-data-like';
import type { ArrowField } from '../arrow-c-data';
import { type ColumnarBatch, type ColumnarTable, columnarTable } from '../columnar-table';
import { compactChunk } from '../compact-chunk';
import { filterRange } from '../slice-chunk';
import {
  type ParquetFooter,
  readParquetFileFooter,
  readParquetFooter,
  rowGroupsInRange,
} from './parquet-footer';
import {
  checkParquetFrame,
  type ParquetSource,
  type ReadParquetTableOptions,
  readParquetViews,
} from './read-parquet';

/** Options of {@link readParquetRange}. */
export interface ReadParquetRangeOptions extends Omit<ReadParquetTableOptions, 'rowGroups'> {
  /** The file's footer, when already read (see `readParquetFileFooter`). */
  footer?: ParquetFooter;
}

async function footerOf(source: ParquetSource): Promise<ParquetFooter> {
  if (typeof source === 'string') return readParquetFileFooter(source);
  if (source instanceof Uint8Array) return readParquetFooter(source);
  await checkParquetFrame(source);
  const size = source.size;
  const tail = new DataView(await source.slice(Math.max(0, size - 8)).arrayBuffer());
  const footerLength = tail.byteLength === 8 ? tail.getUint32(0, true) : 0;
  const bytes = new Uint8Array(footerLength + 12);
  bytes.set([0x50, 0x41, 0x52, 0x31], 0);
  bytes.set(
    new Uint8Array(await source.slice(Math.max(0, size - footerLength - 8)).arrayBuffer()),
    4,
  );
  return readParquetFooter(bytes);
}

/** Picks the named columns of every batch, in the order of `names`. */
function pick(table: ColumnarTable, names: readonly string[]): ColumnarBatch[] {
  const positions = names.map(name => table.schema.fields.findIndex(field => field.name === name));
  return table.batches.map(batch => ({
    numRows: batch.numRows,
    schema: { fields: positions.map(position => table.schema.fields[position] as ArrowField) },
    columns: positions.map(position => batch.columns[position] as ArrowDataLike),
  }));
}

/**
 * Reads the rows of a Parquet file whose numeric `column` lies in `[min, max]` (inclusive, in
 * its stored unit: microseconds for most timestamps): row groups whose statistics exclude the
 * range are never decoded, the others are read with `column` and cut with `filterRange`
 * (zero-copy slices, row order kept). The result holds `options.columns` (file order), or
 * every column.
 *
 * @throws InvalidInputError `COLUMN_NOT_FOUND` when the file has no `column`, and the errors
 *   of {@link readParquetTable}.
 *
 * @example
 * ```ts
 * const january = await readParquetRange('flights.parquet', 'date',
 *   Date.UTC(2001, 0, 1) * 1000, Date.UTC(2001, 1, 1) * 1000 - 1,
 *   { columns: ['delay', 'origin'], parquetWasm: () => import('parquet-wasm/node') });
 * ```
 */
export async function readParquetRange(
  source: ParquetSource,
  column: string,
  min: number,
  max: number,
  options: ReadParquetRangeOptions = {},
): Promise<ColumnarTable> {
  const { footer: given, ...readOptions } = options;
  const footer = given ?? (await footerOf(source));
  if (footer.rowGroups.length > 0 && !footer.rowGroups.some(group => group.columns.has(column))) {
    throw new InvalidInputError({
      code: 'COLUMN_NOT_FOUND',
      message: `readParquetRange: the Parquet file has no column "${column}".`,
      details: { path: column, column },
    });
  }
  const rowGroups = rowGroupsInRange(footer, column, min, max);
  const wanted = readOptions.columns;
  const withKey = wanted && !wanted.includes(column) ? [...wanted, column] : wanted;
  // One read of every overlapping group: splitting off the groups wholly inside the range
  // (read without the key, unfiltered) costs more in extra reads than it saves in decoding.
  // The batches are cut while they are still in wasm memory, so only the rows in range are
  // copied out, and the key only when asked for.
  return readParquetViews(
    source,
    { ...readOptions, ...(withKey ? { columns: withKey } : {}), rowGroups },
    true,
    (readFields, batches) => {
      const filtered = filterRange(columnarTable(readFields, batches), column, min, max);
      const fields = readFields.filter(field => !wanted || wanted.includes(field.name));
      const kept = pick(
        filtered,
        fields.map(field => field.name),
      ).map(batch => ({
        ...batch,
        columns: batch.columns.map(compactChunk),
      }));
      return columnarTable(fields, kept);
    },
  );
}
