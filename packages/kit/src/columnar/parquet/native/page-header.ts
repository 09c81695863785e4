// A Parquet page header (Thrift compact PageHeader) read from a column chunk's bytes.
import { invalidParquet } from '../parquet-errors';
import { CompactReader } from '../thrift-compact-reader';

/** PageType values. */
export const PageType = { DATA: 0, INDEX: 1, DICTIONARY: 2, DATA_V2: 3 } as const;

/** What the reader needs from a PageHeader. */
export interface PageHeader {
  type: number;
  uncompressedSize: number;
  compressedSize: number;
  /** Values (rows, for flat columns) in a data or dictionary page. */
  numValues: number;
  /** Encoding of the values. */
  encoding: number;
  /** v1: encoding of the definition levels (3 RLE, 4 BIT_PACKED). */
  definitionLevelEncoding: number;
  /** v2: nulls in the page. */
  numNulls: number;
  /** v2: bytes of definition / repetition levels ahead of the values (never compressed). */
  definitionLevelsLength: number;
  repetitionLevelsLength: number;
  /** v2: the values section is compressed (default true). */
  isCompressed: boolean;
  /** Where the page's data starts, right after the header. */
  dataStart: number;
}

/**
 * Reads the page header at `start` of `bytes` (a column chunk).
 *
 * @throws InvalidInputError `INVALID_PARQUET` for a cut or garbled header, or sizes out of range.
 */
export function readPageHeader(bytes: Uint8Array, start: number): PageHeader {
  const reader = new CompactReader(bytes, start, 'page header');
  const header: PageHeader = {
    type: -1,
    uncompressedSize: -1,
    compressedSize: -1,
    numValues: -1,
    encoding: -1,
    definitionLevelEncoding: 3,
    numNulls: 0,
    definitionLevelsLength: 0,
    repetitionLevelsLength: 0,
    isCompressed: true,
    dataStart: 0,
  };
  const int = () => reader.zigzag();
  reader.struct((id, type) => {
    if (id === 1 && type === 5) header.type = int();
    else if (id === 2 && type === 5) header.uncompressedSize = int();
    else if (id === 3 && type === 5) header.compressedSize = int();
    else if ((id === 5 || id === 7) && type === 12) {
      // DataPageHeader / DictionaryPageHeader: num_values 1, encoding 2, def level encoding 3.
      reader.struct((field, fieldType) => {
        if (fieldType !== 5) return false;
        if (field === 1) header.numValues = int();
        else if (field === 2) header.encoding = int();
        else if (field === 3 && id === 5) header.definitionLevelEncoding = int();
        else return false;
        return true;
      });
    } else if (id === 8 && type === 12) {
      reader.struct((field, fieldType) => {
        if (field === 7 && (fieldType === 1 || fieldType === 2))
          header.isCompressed = fieldType === 1;
        else if (fieldType !== 5) return false;
        else if (field === 1) header.numValues = int();
        else if (field === 2) header.numNulls = int();
        else if (field === 4) header.encoding = int();
        else if (field === 5) header.definitionLevelsLength = int();
        else if (field === 6) header.repetitionLevelsLength = int();
        else return false;
        return true;
      });
    } else return false;
    return true;
  });
  header.dataStart = reader.position;
  if (header.type < 0 || header.compressedSize < 0 || header.uncompressedSize < 0) {
    throw invalidParquet('A Parquet page header lacks its type or sizes, or has negative sizes.');
  }
  if (header.compressedSize > bytes.length - header.dataStart) {
    throw invalidParquet(
      `A Parquet page claims ${header.compressedSize} bytes, past the end of its column chunk.`,
    );
  }
  // Values outside the format's enums are corruption, not a feature some reader may know:
  // arrow-rs (so parquet-wasm) aborts the process on some of them.
  if (header.type > PageType.DATA_V2)
    throw invalidParquet(
      `A Parquet page header has page type ${header.type}, which the format does not define.`,
    );
  const isData = header.type === PageType.DATA || header.type === PageType.DATA_V2;
  if (
    ((isData || header.type === PageType.DICTIONARY) &&
      !(header.encoding === 0 || (header.encoding >= 2 && header.encoding <= 9))) ||
    header.encoding === 4
  )
    throw invalidParquet(
      `A Parquet page header has encoding ${header.encoding}, which the format does not define for values.`,
    );
  if (
    header.type === PageType.DATA &&
    header.definitionLevelEncoding !== 3 &&
    header.definitionLevelEncoding !== 4
  )
    throw invalidParquet(
      `A Parquet page header has level encoding ${header.definitionLevelEncoding}, which the format does not allow for levels.`,
    );
  if ((isData || header.type === PageType.DICTIONARY) && header.numValues < 0) {
    throw invalidParquet('A Parquet data page header lacks its value count.');
  }
  if (
    header.numNulls < 0 ||
    header.definitionLevelsLength < 0 ||
    header.repetitionLevelsLength < 0 ||
    header.definitionLevelsLength + header.repetitionLevelsLength > header.compressedSize
  ) {
    throw invalidParquet('A Parquet v2 page header has level lengths out of range.');
  }
  return header;
}
