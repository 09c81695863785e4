// Reads Arrow C Data Interface structs (ArrowSchema, ArrowArray) out of a WebAssembly memory
// (wasm32: 4-byte pointers) into ArrowDataLike chunks. Buffers are copied out once, so the
// chunks stay valid after the wasm side frees its arrays or its memory grows.
import { InvalidInputError } from '@ballast/contracts';
import { type ArrowBuffer, type ArrowDataLike, ArrowTypeId } from './arrow-data-like';

/** An Arrow type read from a C Data Interface format string. */
export interface ArrowFieldType {
  /** Arrow type id ({@link ArrowTypeId}). */
  readonly typeId: number;
  /** The C Data Interface format string, e.g. `l` (int64), `U` (large utf8), `tsu:` (timestamp µs). */
  readonly format: string;
  /** Float precision: 0 half, 1 single, 2 double. */
  readonly precision?: number;
  /** Time unit of temporal types: `s`, `ms`, `us`, `ns`, or `day` for date32. */
  readonly unit?: string;
  /** The dictionary's value type, for dictionary-encoded fields. */
  readonly dictionary?: ArrowFieldType;
  /** The format string (for messages). */
  toString(): string;
}

/** A named field of a C Data Interface schema. */
export interface ArrowField {
  readonly name: string;
  readonly type: ArrowFieldType;
  readonly nullable: boolean;
}

/** Where a buffer's bytes are: a copy, or a place in the wasm memory. */
interface Region {
  buffer: ArrayBuffer;
  byteOffset: number;
}

interface Layout {
  typeId: number;
  make: (region: Region, length: number) => ArrowBuffer;
  bytesPerValue: number;
  precision?: number;
  unit?: string;
}

const units: Record<string, string> = { s: 's', m: 'ms', u: 'us', n: 'ns' };

function layoutOf(format: string): Layout | undefined {
  const fixed = (
    typeId: number,
    Type: {
      new (buffer: ArrayBuffer, offset: number, length: number): ArrowBuffer;
      BYTES_PER_ELEMENT: number;
    },
    extra: Partial<Layout> = {},
  ): Layout => ({
    typeId,
    make: (region, length) => new Type(region.buffer, region.byteOffset, length),
    bytesPerValue: Type.BYTES_PER_ELEMENT,
    ...extra,
  });
  switch (format) {
    case 'c':
      return fixed(ArrowTypeId.Int, Int8Array);
    case 'C':
      return fixed(ArrowTypeId.Int, Uint8Array);
    case 's':
      return fixed(ArrowTypeId.Int, Int16Array);
    case 'S':
      return fixed(ArrowTypeId.Int, Uint16Array);
    case 'i':
      return fixed(ArrowTypeId.Int, Int32Array);
    case 'I':
      return fixed(ArrowTypeId.Int, Uint32Array);
    case 'l':
      return fixed(ArrowTypeId.Int, BigInt64Array);
    case 'L':
      return fixed(ArrowTypeId.Int, BigUint64Array);
    case 'e':
      return fixed(ArrowTypeId.Float, Uint16Array, { precision: 0 });
    case 'f':
      return fixed(ArrowTypeId.Float, Float32Array, { precision: 1 });
    case 'g':
      return fixed(ArrowTypeId.Float, Float64Array, { precision: 2 });
    case 'u':
      return fixed(ArrowTypeId.Utf8, Uint8Array);
    case 'U':
      return fixed(ArrowTypeId.LargeUtf8, Uint8Array);
    case 'b':
      return fixed(ArrowTypeId.Bool, Uint8Array);
    case 'tdD':
      return fixed(ArrowTypeId.Date, Int32Array, { unit: 'day' });
    case 'tdm':
      return fixed(ArrowTypeId.Date, BigInt64Array, { unit: 'ms' });
    case 'tts':
      return fixed(ArrowTypeId.Time, Int32Array, { unit: 's' });
    case 'ttm':
      return fixed(ArrowTypeId.Time, Int32Array, { unit: 'ms' });
    case 'ttu':
      return fixed(ArrowTypeId.Time, BigInt64Array, { unit: 'us' });
    case 'ttn':
      return fixed(ArrowTypeId.Time, BigInt64Array, { unit: 'ns' });
  }
  if (format.startsWith('ts') && format[3] === ':') {
    return fixed(ArrowTypeId.Timestamp, BigInt64Array, { unit: units[format[2] as string] });
  }
  if (format.startsWith('tD') && format.length === 3) {
    return fixed(ArrowTypeId.Duration, BigInt64Array, { unit: units[format[2] as string] });
  }
  return undefined;
}

const indexLayouts = new Set(['c', 'C', 's', 'S', 'i', 'I', 'l', 'L']);

function unsupported(name: string, format: string): InvalidInputError {
  return new InvalidInputError({
    code: 'ARROW_TYPE_UNSUPPORTED',
    message: `Column "${name}" has Arrow format "${format}"; the columnar reader supports ints, floats, bool, utf8, large utf8, dates, times, timestamps, durations and dictionaries of them. Leave it out with the \`columns\` option.`,
    details: { path: name, column: name, format },
  });
}

/** Reads C structs out of one wasm memory. */
class CReader {
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  constructor(
    private readonly memory: ArrayBuffer,
    private readonly views = false,
  ) {
    this.view = new DataView(memory);
    this.bytes = new Uint8Array(memory);
  }
  get memoryBuffer(): ArrayBuffer {
    return this.memory;
  }
  pointer(address: number): number {
    return this.view.getUint32(address, true);
  }
  int64(address: number): number {
    return this.view.getInt32(address + 4, true) * 4294967296 + this.view.getUint32(address, true);
  }
  string(address: number): string {
    if (address === 0) return '';
    let end = address;
    while (this.bytes[end] !== 0) end++;
    return new TextDecoder().decode(this.bytes.subarray(address, end));
  }
  /**
   * `byteLength` bytes at `address`: a copy in a fresh ArrayBuffer, or (with `views`) the
   * memory itself when `address` is aligned to `align`.
   */
  region(address: number, byteLength: number, align = 1): Region {
    if (this.views && address % align === 0) return { buffer: this.memory, byteOffset: address };
    return { buffer: this.bytes.slice(address, address + byteLength).buffer, byteOffset: 0 };
  }
}

// ArrowSchema on wasm32: format 0, name 4, metadata 8, flags 16 (i64), n_children 24 (i64),
// children 32, dictionary 36, release 40, private_data 44.
function readType(reader: CReader, schema: number, name: string): ArrowFieldType {
  const format = reader.string(reader.pointer(schema));
  const dictionarySchema = reader.pointer(schema + 36);
  if (dictionarySchema !== 0) {
    if (!indexLayouts.has(format)) throw unsupported(name, format);
    return dictionaryFieldType(format, readType(reader, dictionarySchema, name));
  }
  const type = arrowFieldType(format);
  if (!type) throw unsupported(name, format);
  return type;
}

/**
 * The {@link ArrowFieldType} of a C Data Interface format string, for the non-dictionary types
 * kit reads; `undefined` for others. Readers that build chunks themselves (the native Parquet
 * reader) use it to type them exactly as chunks read through the C Data Interface.
 */
export function arrowFieldType(format: string): ArrowFieldType | undefined {
  const layout = layoutOf(format);
  if (!layout) return undefined;
  return {
    typeId: layout.typeId,
    format,
    ...(layout.precision === undefined ? {} : { precision: layout.precision }),
    ...(layout.unit === undefined ? {} : { unit: layout.unit }),
    toString: () => format,
  };
}

/** The type of a dictionary-encoded field: `indexFormat` indices into values of type `dictionary`. */
export function dictionaryFieldType(
  indexFormat: string,
  dictionary: ArrowFieldType,
): ArrowFieldType {
  return {
    typeId: ArrowTypeId.Dictionary,
    format: indexFormat,
    dictionary,
    toString: () => `Dictionary<${dictionary}>`,
  };
}

/** The fields of a struct ("+s") schema at `schema`, e.g. a record batch's. */
export function readCSchemaFields(memory: ArrayBuffer, schema: number): ArrowField[] {
  const reader = new CReader(memory);
  const count = reader.int64(schema + 24);
  const children = reader.pointer(schema + 32);
  const fields: ArrowField[] = [];
  for (let index = 0; index < count; index++) {
    const child = reader.pointer(children + 4 * index);
    const name = reader.string(reader.pointer(child + 4));
    const flags = reader.int64(child + 16);
    fields.push({ name, type: readType(reader, child, name), nullable: (flags & 2) !== 0 });
  }
  return fields;
}

function bytesOf(region: Region, byteLength: number): Uint8Array {
  return new Uint8Array(region.buffer, region.byteOffset, byteLength);
}

function popcountNulls(bitmap: Uint8Array, offset: number, length: number): number {
  let valid = 0;
  for (let bit = offset; bit < offset + length; bit++) {
    if (((bitmap[bit >> 3] as number) & (1 << (bit & 7))) !== 0) valid++;
  }
  return length - valid;
}

// ArrowArray on wasm32: length 0, null_count 8, offset 16, n_buffers 24, n_children 32 (all
// i64), buffers 40, children 44, dictionary 48, release 52, private_data 56.
function readArray(reader: CReader, array: number, type: ArrowFieldType): ArrowDataLike {
  const length = reader.int64(array);
  let nullCount = reader.int64(array + 8);
  const offset = reader.int64(array + 16);
  const buffers = reader.pointer(array + 40);
  const validityAddress = reader.pointer(buffers);
  // The bitmap keeps the C offset (apache-arrow addresses it at offset + row); values and
  // offsets are cut to start at the chunk's first row.
  const nullBitmap =
    validityAddress === 0 || nullCount === 0
      ? undefined
      : bytesOf(
          reader.region(validityAddress, Math.ceil((offset + length) / 8)),
          Math.ceil((offset + length) / 8),
        );
  if (nullBitmap && nullCount < 0) nullCount = popcountNulls(nullBitmap, offset, length);
  if (!nullBitmap) nullCount = 0;
  const base = { typeId: type.typeId, type, length, offset, nullCount, nullBitmap };
  const dataAddress = reader.pointer(buffers + 4);
  if (type.typeId === ArrowTypeId.Dictionary) {
    const indices = layoutOf(type.format) as Layout;
    const bytes = indices.bytesPerValue;
    const values = indices.make(
      reader.region(dataAddress + offset * bytes, length * bytes, bytes),
      length,
    );
    // The dictionary is small and shared by batches: always copied.
    const dictionary = readArray(
      new CReader(reader.memoryBuffer),
      reader.pointer(array + 48),
      type.dictionary as ArrowFieldType,
    );
    return { ...base, values, dictionary: { length: dictionary.length, data: [dictionary] } };
  }
  if (type.typeId === ArrowTypeId.Utf8 || type.typeId === ArrowTypeId.LargeUtf8) {
    const wide = type.typeId === ArrowTypeId.LargeUtf8 ? 8 : 4;
    const offsetsRegion = reader.region(dataAddress + offset * wide, (length + 1) * wide, wide);
    const valueOffsets =
      wide === 8
        ? new BigInt64Array(offsetsRegion.buffer, offsetsRegion.byteOffset, length + 1)
        : new Int32Array(offsetsRegion.buffer, offsetsRegion.byteOffset, length + 1);
    const narrow = new Int32Array(
      offsetsRegion.buffer,
      offsetsRegion.byteOffset,
      (length + 1) * (wide / 4),
    );
    // Offsets index the whole data buffer; copy it up to the last one.
    const end =
      wide === 8
        ? (narrow[2 * length + 1] as number) * 4294967296 + ((narrow[2 * length] as number) >>> 0)
        : (narrow[length] as number);
    const values = bytesOf(reader.region(reader.pointer(buffers + 8), end), end);
    return { ...base, values, valueOffsets };
  }
  if (type.typeId === ArrowTypeId.Bool) {
    const values = bytesOf(
      reader.region(dataAddress, Math.ceil((offset + length) / 8)),
      Math.ceil((offset + length) / 8),
    );
    return { ...base, values };
  }
  const layout = layoutOf(type.format) as Layout;
  const bytes = layout.bytesPerValue;
  const values = layout.make(
    reader.region(dataAddress + offset * bytes, length * bytes, bytes),
    length,
  );
  return { ...base, values };
}

/**
 * The column chunks of one struct ("+s") ArrowArray, e.g. a record batch, given its fields
 * (from {@link readCSchemaFields}); each buffer is copied out of `memory` once. With
 * `views: true` the chunks point into `memory` instead (dictionaries excepted): valid only
 * until the wasm side frees the arrays or grows its memory, so copy what is kept (see
 * `compactChunk`).
 */
export function readCStructArray(
  memory: ArrayBuffer,
  array: number,
  fields: readonly ArrowField[],
  options: { views?: boolean } = {},
): { length: number; columns: ArrowDataLike[] } {
  const reader = new CReader(memory, options.views === true);
  const length = reader.int64(array);
  const count = reader.int64(array + 32);
  const children = reader.pointer(array + 44);
  const columns: ArrowDataLike[] = [];
  for (let index = 0; index < count; index++) {
    const field = fields[index] as ArrowField;
    columns.push(readArray(reader, reader.pointer(children + 4 * index), field.type));
  }
  return { length, columns };
}
