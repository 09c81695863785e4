// The row-group statistics of a Parquet file, read from its footer (Thrift compact protocol),
// so a reader can skip row groups whose min/max exclude a filter. parquet-wasm does not expose
// them, and reading a column only to filter it costs what skipping saves.
import { invalidParquet as invalid } from './parquet-errors';
import { type ArrowTypeHint, readArrowSchemaHint } from './native/arrow-schema-hint';
import { topLevel } from './native/column-plan';
import { type ParquetColumnInfo, topLevelColumns } from './read-parquet-columns';
import {
  type ChunkStatistics,
  type FileMetadata,
  readFileMetadata,
  type SchemaElement,
} from './native/file-metadata';
import { openNativeParquet } from './native/native-parquet-file';

/** Min/max statistics of one column chunk, decoded for the physical types that order as numbers or strings. */
export interface ParquetColumnStatistics {
  /** Physical type: BOOLEAN, INT32, INT64, INT96, FLOAT, DOUBLE, BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY. */
  physicalType: string;
  /** Smallest value (INT64 as a number, exact to 2^53; BYTE_ARRAY as UTF-8 text), when written. */
  min?: number | string;
  /** Largest value, as `min`. */
  max?: number | string;
  /** Nulls in the chunk, when written. */
  nullCount?: number;
  /**
   * The column's logical type, when it has one: Parquet's LogicalType kind (`TIMESTAMP`, `DATE`,
   * `DECIMAL`, `STRING`, ...), integers as `INT_8`..`INT_64` or `UINT_8`..`UINT_64`, else the
   * legacy ConvertedType's name. Absent for a bare physical type (e.g. a plain INT64).
   */
  logicalType?: string;
  /**
   * The Arrow type an Arrow writer recorded for the column in the file's `ARROW:schema`
   * metadata, which readers give the column (a duration or date64 over a plain INT64, a
   * dictionary, an int16 over an INT32, ...): a C Data Interface format (`l`, `s`, `tDs`,
   * `tsu:UTC`, ...), of the values for a dictionary; `?` when that metadata cannot be read.
   * Absent when the file records none for the column.
   */
  arrowType?: string;
  /** The recorded Arrow type is a dictionary (its values' type is `arrowType`). */
  arrowDictionary?: boolean;
}

/** One row group: its row count and the statistics of each top-level column by name. */
export interface ParquetRowGroupInfo {
  numRows: number;
  columns: Map<string, ParquetColumnStatistics>;
}

/** What the footer says about a Parquet file. */
export interface ParquetFooter {
  numRows: number;
  /** The file's top-level columns in file order, with whether each is nested (always set by the readers). */
  columns?: ParquetColumnInfo[];
  rowGroups: ParquetRowGroupInfo[];
}

const physicalTypes = [
  'BOOLEAN',
  'INT32',
  'INT64',
  'INT96',
  'FLOAT',
  'DOUBLE',
  'BYTE_ARRAY',
  'FIXED_LEN_BYTE_ARRAY',
];

const decoder = new TextDecoder();

function decodeStatistic(
  bytes: Uint8Array,
  physicalType: string,
  unsigned: boolean,
): number | string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (physicalType === 'INT64' && bytes.length === 8) {
    const high = unsigned ? view.getUint32(4, true) : view.getInt32(4, true);
    return high * 4294967296 + view.getUint32(0, true);
  }
  if (physicalType === 'INT32' && bytes.length === 4)
    return unsigned ? view.getUint32(0, true) : view.getInt32(0, true);
  if (physicalType === 'DOUBLE' && bytes.length === 8) return view.getFloat64(0, true);
  if (physicalType === 'FLOAT' && bytes.length === 4) return view.getFloat32(0, true);
  if (physicalType === 'BYTE_ARRAY') return decoder.decode(bytes);
  return undefined;
}

/** ConvertedType UINT_8, UINT_16, UINT_32, UINT_64. */
const unsignedConvertedTypes = new Set([11, 12, 13, 14]);

function isUnsigned(element: SchemaElement): boolean {
  return (
    unsignedConvertedTypes.has(element.convertedType) ||
    (element.logical?.kind === 'INTEGER' && element.logical.signed === false)
  );
}

/** ConvertedType names by value (the legacy annotation older writers set instead of a LogicalType). */
const convertedTypeNames = [
  'UTF8',
  'MAP',
  'MAP_KEY_VALUE',
  'LIST',
  'ENUM',
  'DECIMAL',
  'DATE',
  'TIME_MILLIS',
  'TIME_MICROS',
  'TIMESTAMP_MILLIS',
  'TIMESTAMP_MICROS',
  'UINT_8',
  'UINT_16',
  'UINT_32',
  'UINT_64',
  'INT_8',
  'INT_16',
  'INT_32',
  'INT_64',
  'JSON',
  'BSON',
  'INTERVAL',
];

/** See {@link ParquetColumnStatistics.logicalType}. */
function logicalTypeOf(element: SchemaElement): string | undefined {
  const { logical } = element;
  if (logical?.kind === 'INTEGER')
    return `${logical.signed === false ? 'UINT' : 'INT'}_${logical.bitWidth ?? 64}`;
  if (logical) return logical.kind;
  return element.convertedType >= 0
    ? (convertedTypeNames[element.convertedType] ?? 'OTHER')
    : undefined;
}

/** A chunk's min and max, decoded; none when only legacy (signed-order) ones exist for an unsigned column. */
function decodeStatistics(
  raw: ChunkStatistics,
  physicalType: string,
  unsigned: boolean,
): Pick<ParquetColumnStatistics, 'min' | 'max'> {
  // min_value/max_value follow the column's logical order; the legacy pair only signed
  // numbers, so strings use the new pair alone, and an unsigned column's legacy pair is unusable.
  const legacy = raw.min === undefined && raw.max === undefined;
  if (unsigned && legacy) return {};
  const low = raw.min ?? (physicalType === 'BYTE_ARRAY' ? undefined : raw.legacyMin);
  const high = raw.max ?? (physicalType === 'BYTE_ARRAY' ? undefined : raw.legacyMax);
  const min = low && decodeStatistic(low, physicalType, unsigned);
  const max = high && decodeStatistic(high, physicalType, unsigned);
  return {
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
  };
}

/**
 * Reads the row groups of a Parquet file from its footer: rows per group and each top-level
 * column's min/max/null count where the writer stored them. Only the footer is parsed.
 *
 * @throws InvalidInputError `INVALID_PARQUET` when `bytes` is not a Parquet file.
 */
export function readParquetFooter(bytes: Uint8Array): ParquetFooter {
  const length = bytes.length;
  const magic = (at: number) =>
    bytes[at] === 0x50 &&
    bytes[at + 1] === 0x41 &&
    bytes[at + 2] === 0x52 &&
    bytes[at + 3] === 0x31;
  if (length < 12 || !magic(0) || !magic(length - 4)) {
    throw invalid('Not a Parquet file: the PAR1 magic bytes are missing.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const footerLength = view.getUint32(length - 8, true);
  const start = length - 8 - footerLength;
  if (start < 4) throw invalid('The Parquet footer length points outside the file.');
  return footerOf(readFileMetadata(bytes.subarray(start, length - 8)));
}

// The footer as ParquetFooter gives it, from the file's decoded metadata.
function footerOf(metadata: FileMetadata): ParquetFooter {
  const leaves = topLevel(metadata.schema).filter(({ leaf }) => leaf);
  const unsigned = new Set(
    leaves.filter(({ element }) => isUnsigned(element)).map(({ element }) => element.name),
  );
  const logicalTypes = new Map(
    leaves.map(({ element }) => [element.name, logicalTypeOf(element)] as const),
  );
  const hintText = metadata.keyValues.get('ARROW:schema');
  const hints =
    hintText === undefined ? new Map<string, ArrowTypeHint>() : readArrowSchemaHint(hintText);
  const footer: ParquetFooter = {
    numRows: metadata.numRows,
    columns: topLevelColumns(metadata.schema),
    rowGroups: [],
  };
  for (const group of metadata.rowGroups) {
    const columns = new Map<string, ParquetColumnStatistics>();
    for (const chunk of group.columns) {
      if (chunk.path.length !== 1) continue;
      const name = chunk.path[0] as string;
      const physicalType = physicalTypes[chunk.type] ?? 'UNKNOWN';
      const statistics: ParquetColumnStatistics = { physicalType };
      const logicalType = logicalTypes.get(name);
      if (logicalType !== undefined) statistics.logicalType = logicalType;
      const hint: ArrowTypeHint | undefined =
        hints === undefined ? { format: '?', nullable: true } : hints.get(name);
      if (hint !== undefined) statistics.arrowType = hint.format;
      if (hint?.dictionaryIndex !== undefined) statistics.arrowDictionary = true;
      const raw = chunk.statistics;
      if (raw) {
        if (raw.nullCount !== undefined) statistics.nullCount = raw.nullCount;
        Object.assign(statistics, decodeStatistics(raw, physicalType, unsigned.has(name)));
      }
      columns.set(name, statistics);
    }
    footer.rowGroups.push({ numRows: group.numRows, columns });
  }
  return footer;
}

/**
 * Reads the footer of the Parquet file at `path` (see {@link readParquetFooter}), reading only
 * the file's tail from disk.
 *
 * @throws InvalidInputError `FILE_NOT_READABLE` when the file cannot be read, `INVALID_PARQUET`
 *   when it is not Parquet.
 */
export async function readParquetFileFooter(path: string): Promise<ParquetFooter> {
  // The native reader's opening: the same checks and errors, reading only the file's ends.
  const file = await openNativeParquet(path);
  try {
    return footerOf(file.metadata);
  } finally {
    await file.bytes.close();
  }
}

/**
 * Indices of the row groups that may hold values of `column` in `[min, max]` (inclusive),
 * judged by their statistics; a group without statistics for the column is kept. Strings
 * compare as JavaScript does (UTF-16 code units), which matches Parquet's byte order except
 * between astral characters and U+E000..U+FFFF.
 */
export function rowGroupsInRange(
  footer: ParquetFooter,
  column: string,
  min: number | string,
  max: number | string,
): number[] {
  const kept: number[] = [];
  footer.rowGroups.forEach((group, index) => {
    const statistics = group.columns.get(column);
    if (statistics?.min === undefined || statistics.max === undefined) kept.push(index);
    else if (!(statistics.max < min || statistics.min > max)) kept.push(index);
  });
  return kept;
}
