// The row-group statistics of a Parquet file, read from its footer (Thrift compact protocol),
// so a reader can skip row groups whose min/max exclude a filter. parquet-wasm does not expose
// them, and reading a column only to filter it costs what skipping saves.
import { open } from 'node:fs/promises';
import { InvalidInputError } from '@ballast/contracts';
import { invalidParquet as invalid } from './parquet-errors';
import { CompactReader } from './thrift-compact-reader';

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
}

/** One row group: its row count and the statistics of each top-level column by name. */
export interface ParquetRowGroupInfo {
  numRows: number;
  columns: Map<string, ParquetColumnStatistics>;
}

/** What the footer says about a Parquet file. */
export interface ParquetFooter {
  numRows: number;
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

/** A column chunk's statistics with min/max still raw: decoding needs the schema's signedness. */
interface RawStatistics {
  statistics: ParquetColumnStatistics;
  low?: Uint8Array | undefined;
  high?: Uint8Array | undefined;
  /** Only the legacy (signed-order) pair was written. */
  legacy: boolean;
}

function readStatistics(reader: CompactReader, physicalType: string): RawStatistics {
  const statistics: ParquetColumnStatistics = { physicalType };
  let legacyMin: Uint8Array | undefined;
  let legacyMax: Uint8Array | undefined;
  let min: Uint8Array | undefined;
  let max: Uint8Array | undefined;
  reader.struct((id, type) => {
    if (type !== 8 && !(id === 3 && type === 6)) return false;
    if (id === 1) legacyMax = reader.binary();
    else if (id === 2) legacyMin = reader.binary();
    else if (id === 3) statistics.nullCount = reader.zigzag();
    else if (id === 5) max = reader.binary();
    else if (id === 6) min = reader.binary();
    else return false;
    return true;
  });
  // min_value/max_value (5, 6) follow the column's logical order; the legacy pair (1, 2) only
  // for signed numbers, so strings use the new pair alone.
  const legacy = min === undefined && max === undefined;
  const low = min ?? (physicalType === 'BYTE_ARRAY' ? undefined : legacyMin);
  const high = max ?? (physicalType === 'BYTE_ARRAY' ? undefined : legacyMax);
  return { statistics, low, high, legacy };
}

function readColumnChunk(reader: CompactReader): { path: string[]; raw: RawStatistics } {
  let path: string[] = [];
  let raw: RawStatistics | undefined;
  let physicalType = 'UNKNOWN';
  reader.struct((id, type) => {
    if (id !== 3 || type !== 12) return false;
    reader.struct((metaId, metaType) => {
      if (metaId === 1 && metaType === 5)
        physicalType = physicalTypes[reader.zigzag()] ?? 'UNKNOWN';
      else if (metaId === 3 && metaType === 9) {
        path = [];
        reader.list(() => path.push(decoder.decode(reader.binary())));
      } else if (metaId === 12 && metaType === 12) raw = readStatistics(reader, physicalType);
      else return false;
      return true;
    });
    return true;
  });
  if (raw) raw.statistics.physicalType = physicalType;
  return { path, raw: raw ?? { statistics: { physicalType }, legacy: false } };
}

interface SchemaElement {
  name: string;
  children: number;
  unsigned: boolean;
}

/** ConvertedType UINT_8, UINT_16, UINT_32, UINT_64. */
const unsignedConvertedTypes = new Set([11, 12, 13, 14]);

function readSchemaElement(reader: CompactReader): SchemaElement {
  const element: SchemaElement = { name: '', children: 0, unsigned: false };
  reader.struct((id, type) => {
    if (id === 4 && type === 8) element.name = decoder.decode(reader.binary());
    else if (id === 5 && type === 5) element.children = reader.zigzag();
    else if (id === 6 && type === 5) {
      if (unsignedConvertedTypes.has(reader.zigzag())) element.unsigned = true;
    } else if (id === 10 && type === 12) {
      // LogicalType union: INTEGER (10) is IntType { bitWidth 1, isSigned 2 (bool) }.
      reader.struct((logicalId, logicalType) => {
        if (logicalId !== 10 || logicalType !== 12) return false;
        reader.struct((intId, intType) => {
          if (intId === 2 && intType === 2) element.unsigned = true;
          return intId === 2 && (intType === 1 || intType === 2);
        });
        return true;
      });
    } else return false;
    return true;
  });
  return element;
}

/** Names of the top-level leaf columns whose integers are unsigned (walking the flattened schema tree). */
function unsignedColumns(elements: readonly SchemaElement[]): Set<string> {
  const unsigned = new Set<string>();
  const root = elements[0];
  let index = 1;
  for (let child = 0; root && child < root.children && index < elements.length; child++) {
    const element = elements[index] as SchemaElement;
    if (element.children === 0 && element.unsigned) unsigned.add(element.name);
    // Skip the child's subtree: each element read settles one pending slot and opens its own.
    let pending = 1;
    while (pending > 0 && index < elements.length) {
      pending += Math.max(0, (elements[index] as SchemaElement).children) - 1;
      index++;
    }
  }
  return unsigned;
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
  const reader = new CompactReader(bytes.subarray(0, length - 8), start);
  const footer: ParquetFooter = { numRows: 0, rowGroups: [] };
  const elements: SchemaElement[] = [];
  const pending: Array<{ name: string; raw: RawStatistics }> = [];
  const seen = new Set<number>();
  reader.struct((id, type) => {
    if (id === 2 && type === 9) reader.list(() => elements.push(readSchemaElement(reader)));
    else if (id === 3 && type === 6) footer.numRows = reader.zigzag();
    else if (id === 4 && type === 9) {
      reader.list(() => {
        const group: ParquetRowGroupInfo = { numRows: 0, columns: new Map() };
        reader.struct((groupId, groupType) => {
          if (groupId === 1 && groupType === 9) {
            reader.list(() => {
              const { path, raw } = readColumnChunk(reader);
              if (path.length === 1) {
                group.columns.set(path[0] as string, raw.statistics);
                pending.push({ name: path[0] as string, raw });
              }
            });
          } else if (groupId === 3 && groupType === 6) group.numRows = reader.zigzag();
          else return false;
          return true;
        });
        footer.rowGroups.push(group);
      });
    } else return false;
    seen.add(id);
    return true;
  });
  // FileMetaData requires num_rows and row_groups: a footer without them was read from the
  // wrong place (a footer length that lies) and would otherwise look like an empty file.
  if (!seen.has(3) || !seen.has(4)) {
    throw invalid('The Parquet footer lacks its row count or row groups: the file is corrupt.');
  }
  const unsigned = unsignedColumns(elements);
  for (const { name, raw } of pending) {
    const isUnsigned = unsigned.has(name);
    // Legacy min/max of an unsigned column were written in signed order: unusable.
    if (isUnsigned && raw.legacy) continue;
    const { statistics, low, high } = raw;
    const min = low && decodeStatistic(low, statistics.physicalType, isUnsigned);
    const max = high && decodeStatistic(high, statistics.physicalType, isUnsigned);
    if (min !== undefined) statistics.min = min;
    if (max !== undefined) statistics.max = max;
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
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    if (size < 12) throw invalid(`${path} is not a Parquet file: it has ${size} bytes.`);
    const tail = new Uint8Array(8);
    await handle.read(tail, 0, 8, size - 8);
    const footerLength = new DataView(tail.buffer).getUint32(0, true);
    if (footerLength + 12 > size)
      throw invalid(`${path}: the Parquet footer length points outside the file.`);
    // Footer plus a fake leading magic, so readParquetFooter's checks apply unchanged.
    const bytes = new Uint8Array(footerLength + 12);
    bytes.set([0x50, 0x41, 0x52, 0x31], 0);
    await handle.read(bytes, 4, footerLength + 8, size - footerLength - 8);
    return readParquetFooter(bytes);
  } catch (cause) {
    if (InvalidInputError.isInstance(cause)) throw cause;
    throw new InvalidInputError({
      code: 'FILE_NOT_READABLE',
      message: `Cannot read the Parquet file ${path}: ${String((cause as Error)?.message ?? cause)}`,
      details: { path },
      cause,
    });
  } finally {
    await handle?.close();
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
