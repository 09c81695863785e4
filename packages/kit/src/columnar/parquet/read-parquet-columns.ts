// A Parquet file's top-level columns, from its footer alone (no parquet-wasm, no page read).
import { topLevel } from './native/column-plan';
import type { SchemaElement } from './native/file-metadata';
import { openNativeParquet } from './native/native-parquet-file';
import type { ParquetSource } from './parquet-source';

/** One top-level column of a Parquet file (see {@link readParquetColumns}). */
export interface ParquetColumnInfo {
  /** The column's name, as `columns` options take it. */
  name: string;
  /**
   * The column is not a flat leaf: a group (struct, list, map) or a repeated field. Kit's
   * columnar batches cannot carry it; readers send such selections to parquet-wasm's Arrow
   * IPC output instead.
   */
  nested: boolean;
}

/** The top-level columns of a file's schema, in file order. */
export function topLevelColumns(schema: readonly SchemaElement[]): ParquetColumnInfo[] {
  return topLevel(schema).map(({ element, leaf }) => ({
    name: element.name,
    nested: !leaf || element.repetition === 2,
  }));
}

/**
 * Lists the top-level columns of a Parquet file in file order, with whether each is nested,
 * by decoding only its footer (a path reads just the footer from disk; parquet-wasm is not
 * loaded).
 *
 * @throws InvalidInputError `FILE_NOT_READABLE` for a path that cannot be opened,
 *   `INVALID_PARQUET` for a file that is not Parquet or whose footer is cut or corrupt.
 *
 * @example
 * ```ts
 * const columns = await readParquetColumns('flights.parquet');
 * const flat = columns.filter(column => !column.nested).map(column => column.name);
 * const table = await readParquetTable('flights.parquet', { columns: flat });
 * ```
 */
export async function readParquetColumns(source: ParquetSource): Promise<ParquetColumnInfo[]> {
  const file = await openNativeParquet(source);
  try {
    return topLevelColumns(file.metadata.schema);
  } finally {
    await file.bytes.close();
  }
}
