// The parts of a Parquet footer (FileMetaData) the native reader needs: the schema with its
// logical types, every column chunk's codec, encodings and byte range, and the key-value
// metadata (where Arrow writers keep their schema).
import { invalidParquet } from '../parquet-errors';
import { CompactReader } from '../thrift-compact-reader';

/** A Parquet logical type, as far as the native reader maps it. */
export interface LogicalType {
  /** STRING, ENUM, JSON, BSON, UUID, DATE, TIME, TIMESTAMP, INTEGER, DECIMAL, FLOAT16, LIST, MAP, UNKNOWN. */
  kind: string;
  /** TIME / TIMESTAMP: MILLIS, MICROS or NANOS. */
  unit?: string;
  /** TIME / TIMESTAMP: normalised to UTC. */
  utc?: boolean;
  /** INTEGER: bits (8, 16, 32, 64). */
  bitWidth?: number;
  /** INTEGER: signed. */
  signed?: boolean;
}

/** One element of the flattened schema tree. */
export interface SchemaElement {
  name: string;
  /** Physical type index (0 BOOLEAN ... 7 FIXED_LEN_BYTE_ARRAY), or -1 for a group. */
  type: number;
  typeLength: number;
  /** 0 REQUIRED, 1 OPTIONAL, 2 REPEATED. */
  repetition: number;
  children: number;
  /** ConvertedType, or -1. */
  convertedType: number;
  logical?: LogicalType;
}

/** A column chunk's statistics as written: min/max still raw bytes (their order depends on the schema). */
export interface ChunkStatistics {
  nullCount?: number;
  /** min_value / max_value: in the column's logical order. */
  min?: Uint8Array;
  max?: Uint8Array;
  /** The legacy min / max: in signed order. */
  legacyMin?: Uint8Array;
  legacyMax?: Uint8Array;
}

/** One column chunk of a row group. */
export interface ColumnChunkMeta {
  path: string[];
  /** Physical type index. */
  type: number;
  encodings: number[];
  codec: number;
  numValues: number;
  totalUncompressedSize: number;
  totalCompressedSize: number;
  dataPageOffset: number;
  dictionaryPageOffset?: number;
  /** The chunk lives in another file (file_path set): not readable here. */
  external: boolean;
  /** Present when the writer stored statistics. */
  statistics?: ChunkStatistics;
}

/** One row group. */
export interface RowGroupMeta {
  numRows: number;
  columns: ColumnChunkMeta[];
}

/** The decoded footer. */
export interface FileMetadata {
  schema: SchemaElement[];
  numRows: number;
  rowGroups: RowGroupMeta[];
  keyValues: Map<string, string>;
}

const decoder = new TextDecoder();

const logicalKinds: Record<number, string> = {
  1: 'STRING',
  2: 'MAP',
  3: 'LIST',
  4: 'ENUM',
  5: 'DECIMAL',
  6: 'DATE',
  7: 'TIME',
  8: 'TIMESTAMP',
  10: 'INTEGER',
  11: 'UNKNOWN',
  12: 'JSON',
  13: 'BSON',
  14: 'UUID',
  15: 'FLOAT16',
};

const timeUnits: Record<number, string> = { 1: 'MILLIS', 2: 'MICROS', 3: 'NANOS' };

function readLogicalType(reader: CompactReader): LogicalType {
  const logical: LogicalType = { kind: 'OTHER' };
  reader.struct((id, type) => {
    if (type !== 12) return false;
    logical.kind = logicalKinds[id] ?? 'OTHER';
    if (id === 7 || id === 8) {
      reader.struct((field, fieldType) => {
        if (field === 1 && (fieldType === 1 || fieldType === 2)) logical.utc = fieldType === 1;
        else if (field === 2 && fieldType === 12) {
          reader.struct(unit => {
            logical.unit = timeUnits[unit] ?? 'OTHER';
            return false;
          });
        } else return false;
        return true;
      });
    } else if (id === 10) {
      reader.struct((field, fieldType) => {
        if (field === 1 && fieldType === 3) logical.bitWidth = reader.byte();
        else if (field === 2 && (fieldType === 1 || fieldType === 2))
          logical.signed = fieldType === 1;
        else return false;
        return true;
      });
    } else return false;
    return true;
  });
  return logical;
}

function readSchemaElement(reader: CompactReader): SchemaElement {
  const element: SchemaElement = {
    name: '',
    type: -1,
    typeLength: 0,
    repetition: 0,
    children: 0,
    convertedType: -1,
  };
  reader.struct((id, type) => {
    if (id === 1 && type === 5) element.type = reader.zigzag();
    else if (id === 2 && type === 5) element.typeLength = reader.zigzag();
    else if (id === 3 && type === 5) element.repetition = reader.zigzag();
    else if (id === 4 && type === 8) element.name = decoder.decode(reader.binary());
    else if (id === 5 && type === 5) element.children = reader.zigzag();
    else if (id === 6 && type === 5) element.convertedType = reader.zigzag();
    else if (id === 10 && type === 12) element.logical = readLogicalType(reader);
    else return false;
    return true;
  });
  return element;
}

function readStatistics(reader: CompactReader): ChunkStatistics {
  const statistics: ChunkStatistics = {};
  reader.struct((id, type) => {
    if (type !== 8 && !(id === 3 && type === 6)) return false;
    if (id === 1) statistics.legacyMax = reader.binary();
    else if (id === 2) statistics.legacyMin = reader.binary();
    else if (id === 3) statistics.nullCount = reader.zigzag();
    else if (id === 5) statistics.max = reader.binary();
    else if (id === 6) statistics.min = reader.binary();
    else return false;
    return true;
  });
  return statistics;
}

function readColumnChunk(reader: CompactReader): ColumnChunkMeta {
  const chunk: ColumnChunkMeta = {
    path: [],
    type: -1,
    encodings: [],
    codec: 0,
    numValues: 0,
    totalUncompressedSize: 0,
    totalCompressedSize: 0,
    dataPageOffset: -1,
    external: false,
  };
  let hasMeta = false;
  reader.struct((id, type) => {
    if (id === 1 && type === 8) {
      if (reader.binary().length > 0) chunk.external = true;
    } else if (id === 3 && type === 12) {
      hasMeta = true;
      reader.struct((field, fieldType) => {
        if (field === 1 && fieldType === 5) chunk.type = reader.zigzag();
        else if (field === 2 && fieldType === 9) {
          reader.list(() => chunk.encodings.push(reader.zigzag()));
        } else if (field === 3 && fieldType === 9) {
          reader.list(() => chunk.path.push(decoder.decode(reader.binary())));
        } else if (field === 4 && fieldType === 5) chunk.codec = reader.zigzag();
        else if (field === 5 && fieldType === 6) chunk.numValues = reader.zigzag();
        else if (field === 6 && fieldType === 6) chunk.totalUncompressedSize = reader.zigzag();
        else if (field === 7 && fieldType === 6) chunk.totalCompressedSize = reader.zigzag();
        else if (field === 9 && fieldType === 6) chunk.dataPageOffset = reader.zigzag();
        else if (field === 11 && fieldType === 6) chunk.dictionaryPageOffset = reader.zigzag();
        else if (field === 12 && fieldType === 12) chunk.statistics = readStatistics(reader);
        else return false;
        return true;
      });
    } else return false;
    return true;
  });
  if (!hasMeta) chunk.external = true;
  return chunk;
}

/**
 * Decodes FileMetaData from the footer bytes `bytes[start, end)`.
 *
 * @throws InvalidInputError `INVALID_PARQUET` for a footer that is cut, garbled or lacks its
 *   schema, row count or row groups.
 */
export function readFileMetadata(bytes: Uint8Array): FileMetadata {
  const reader = new CompactReader(bytes, 0);
  const metadata: FileMetadata = { schema: [], numRows: 0, rowGroups: [], keyValues: new Map() };
  const seen = new Set<number>();
  reader.struct((id, type) => {
    if (id === 2 && type === 9) reader.list(() => metadata.schema.push(readSchemaElement(reader)));
    else if (id === 3 && type === 6) metadata.numRows = reader.zigzag();
    else if (id === 4 && type === 9) {
      reader.list(() => {
        const group: RowGroupMeta = { numRows: 0, columns: [] };
        reader.struct((field, fieldType) => {
          if (field === 1 && fieldType === 9)
            reader.list(() => group.columns.push(readColumnChunk(reader)));
          else if (field === 3 && fieldType === 6) group.numRows = reader.zigzag();
          else return false;
          return true;
        });
        metadata.rowGroups.push(group);
      });
    } else if (id === 5 && type === 9) {
      reader.list(() => {
        let key: string | undefined;
        let value: string | undefined;
        reader.struct((field, fieldType) => {
          if (fieldType !== 8) return false;
          if (field === 1) key = decoder.decode(reader.binary());
          else if (field === 2) value = decoder.decode(reader.binary());
          else return false;
          return true;
        });
        if (key !== undefined && value !== undefined) metadata.keyValues.set(key, value);
      });
    } else return false;
    seen.add(id);
    return true;
  });
  if (!seen.has(2) || !seen.has(3) || !seen.has(4) || metadata.schema.length === 0) {
    throw invalidParquet(
      'The Parquet footer lacks its schema, row count or row groups: the file is corrupt.',
    );
  }
  if (!(metadata.numRows >= 0))
    throw invalidParquet('The Parquet footer claims a negative row count.');
  for (const group of metadata.rowGroups) {
    if (!(group.numRows >= 0))
      throw invalidParquet('A Parquet row group claims a negative row count.');
  }
  return metadata;
}
