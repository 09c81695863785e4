// The Arrow schema Arrow writers (pyarrow, Polars, arrow-rs) store in a Parquet file's
// key-value metadata under "ARROW:schema": a base64 IPC Schema message (a flatbuffer).
// parquet-wasm (arrow-rs) takes some output types from it (large strings, dictionaries, time
// zones, date64, durations), so the native reader reads it too, to give the same types.

/** The Arrow type of one top-level field, as the hint states it. */
export interface ArrowTypeHint {
  /**
   * C Data Interface format of the type (`u`, `U`, `l`, `tsu:UTC`, `tdm`, ...), `?` when kit
   * has none, `!` when the type's parameters are invalid (an Int of 65 bits, an unknown time
   * unit): a corrupt schema, which arrow-rs (so parquet-wasm) aborts the process on.
   */
  format: string;
  nullable: boolean;
  /** For a dictionary field: the format of its index type (the value type is `format`). */
  dictionaryIndex?: string;
}

class FlatBuffer {
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private check(at: number, size: number): void {
    if (!(at >= 0 && at + size <= this.bytes.length))
      throw new RangeError('flatbuffer out of range');
  }
  u8(at: number): number {
    this.check(at, 1);
    return this.view.getUint8(at);
  }
  i16(at: number): number {
    this.check(at, 2);
    return this.view.getInt16(at, true);
  }
  u32(at: number): number {
    this.check(at, 4);
    return this.view.getUint32(at, true);
  }
  i32(at: number): number {
    this.check(at, 4);
    return this.view.getInt32(at, true);
  }
  /** The int32 values of the vector at `at`. */
  ints(at: number): number[] {
    const length = this.u32(at);
    this.check(at + 4, length * 4);
    return Array.from({ length }, (_, index) => this.i32(at + 4 + 4 * index));
  }
  /** Where field `index` of the table at `table` is, or 0 when absent. */
  field(table: number, index: number): number {
    const vtable = table - this.i32(table);
    const size = this.i16(vtable);
    const slot = 4 + 2 * index;
    if (slot + 2 > size) return 0;
    const offset = this.i16(vtable + slot);
    return offset === 0 ? 0 : table + offset;
  }
  /** The table/vector/string an offset field points to, or 0 when absent. */
  ref(table: number, index: number): number {
    const at = this.field(table, index);
    return at === 0 ? 0 : at + this.u32(at);
  }
  scalar(table: number, index: number, read: (at: number) => number, fallback: number): number {
    const at = this.field(table, index);
    return at === 0 ? fallback : read(at);
  }
  string(at: number): string {
    const length = this.u32(at);
    this.check(at + 4, length);
    return new TextDecoder().decode(this.bytes.subarray(at + 4, at + 4 + length));
  }
  /** The tables of the vector at `at`. */
  tables(at: number): number[] {
    const length = this.u32(at);
    this.check(at + 4, length * 4);
    const out: number[] = [];
    for (let index = 0; index < length; index++) {
      const element = at + 4 + 4 * index;
      out.push(element + this.u32(element));
    }
    return out;
  }
}

const timeUnitLetters = ['s', 'm', 'u', 'n'];

function intFormat(buffer: FlatBuffer, table: number): string {
  const bits = buffer.scalar(table, 0, at => buffer.i32(at), 0);
  const signed = buffer.scalar(table, 1, at => buffer.u8(at), 0) !== 0;
  const letter = { 8: 'c', 16: 's', 32: 'i', 64: 'l' }[bits];
  if (!letter) return '!';
  return signed ? letter : letter.toUpperCase();
}

/** The C Data Interface format of the Type union member `typeType` at `table`. */
function typeFormat(buffer: FlatBuffer, typeType: number, table: number): string {
  const unit = (index: number, fallback: number) =>
    buffer.scalar(table, index, at => buffer.i16(at), fallback);
  // Not a member of the Type union (1 Null .. 26 LargeListView), or an Int without its table:
  // a corrupt schema (arrow-rs unwraps the member and aborts).
  if (typeType < 1 || typeType > 26) return '!';
  switch (typeType) {
    case 2:
      return table === 0 ? '!' : intFormat(buffer, table);
    case 3:
      return ['e', 'f', 'g'][unit(0, 0)] ?? '!';
    case 4:
      return 'z';
    case 5:
      return 'u';
    case 6:
      return 'b';
    case 8:
      return ['tdD', 'tdm'][unit(0, 1)] ?? '!';
    case 9: {
      const letter = timeUnitLetters[unit(0, 1)];
      return letter ? `tt${letter}` : '!';
    }
    case 10: {
      const letter = timeUnitLetters[unit(0, 0)];
      if (!letter) return '!';
      const zone = table === 0 ? 0 : buffer.ref(table, 1);
      return `ts${letter}:${zone === 0 ? '' : buffer.string(zone)}`;
    }
    case 18: {
      const letter = timeUnitLetters[unit(0, 1)];
      return letter ? `tD${letter}` : '!';
    }
    case 19:
      return 'Z';
    case 20:
      return 'U';
    default:
      return '?';
  }
}

/** Type union members arrow-rs reads a type table of (it unwraps the table: absent aborts). */
const typesWithTable = new Set([2, 3, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18]);
/** Type union members and the number of children arrow-rs requires of them. */
const typeChildren = new Map([
  [12, 1], // List
  [16, 1], // FixedSizeList
  [17, 1], // Map
  [21, 1], // LargeList
  [22, 2], // RunEndEncoded
  [25, 1], // ListView
  [26, 1], // LargeListView
]);
const maxFieldDepth = 64;
const maxFields = 100_000;

/** Why the type of `field` (its table and parameters) is one arrow-rs panics on, or ''. */
function typeDefect(buffer: FlatBuffer, field: number, typeType: number): string {
  if (typeType < 1 || typeType > 26) return `type ${typeType}, which is not an Arrow type`;
  const table = buffer.ref(field, 3);
  if (table === 0)
    return typesWithTable.has(typeType) ? `type ${typeType} without its parameters` : '';
  const short = (index: number, fallback: number) =>
    buffer.scalar(table, index, at => buffer.i16(at), fallback);
  const int = (index: number, fallback: number) =>
    buffer.scalar(table, index, at => buffer.i32(at), fallback);
  const within = (value: number, last: number, what: string) =>
    value >= 0 && value <= last ? '' : `${what} ${value}`;
  switch (typeType) {
    case 2:
      return intFormat(buffer, table) === '!' ? `an integer of ${int(0, 0)} bits` : '';
    case 3:
      return within(short(0, 0), 2, 'floating-point precision');
    case 7:
      return [32, 64, 128, 256].includes(int(2, 128)) ? '' : `a decimal of ${int(2, 128)} bits`;
    case 8:
      return within(short(0, 1), 1, 'date unit');
    case 9: {
      const unit = short(0, 1);
      const bits = int(1, 32);
      return (bits === 32 && (unit === 0 || unit === 1)) ||
        (bits === 64 && (unit === 2 || unit === 3))
        ? ''
        : `a time of ${bits} bits in unit ${unit}`;
    }
    case 10:
    case 18:
      return within(short(0, typeType === 10 ? 0 : 1), 3, 'time unit');
    case 11:
      return within(short(0, 0), 2, 'interval unit');
    case 14: {
      if (short(0, 0) !== 0 && short(0, 0) !== 1) return `union mode ${short(0, 0)}`;
      const idsAt = buffer.ref(table, 1);
      const ids = idsAt === 0 ? [] : buffer.ints(idsAt);
      const seen = new Set<number>();
      for (const id of ids) {
        if (id < 0 || id > 127 || seen.has(id))
          return `union type id ${id} (repeated or out of range)`;
        seen.add(id);
      }
      return '';
    }
    default:
      return '';
  }
}

/** Why field `field` (or a field nested in it) would abort arrow-rs, or ''. */
function fieldDefect(
  buffer: FlatBuffer,
  field: number,
  depth: number,
  budget: { left: number },
): string {
  if (depth > maxFieldDepth || --budget.left < 0) return '';
  const nameAt = buffer.ref(field, 0);
  if (nameAt === 0) return 'a field without a name';
  const name = buffer.string(nameAt);
  const dictionary = buffer.ref(field, 4);
  if (dictionary !== 0) {
    const index = buffer.ref(dictionary, 1);
    if (index === 0 || intFormat(buffer, index) === '!')
      return `field "${name}" has a dictionary without a valid integer index type`;
  }
  const typeType = buffer.scalar(field, 2, at => buffer.u8(at), 0);
  const defect = typeDefect(buffer, field, typeType);
  if (defect) return `field "${name}" has ${defect}`;
  const childrenAt = buffer.ref(field, 5);
  const children = childrenAt === 0 ? [] : buffer.tables(childrenAt);
  const wanted = typeChildren.get(typeType);
  if (wanted !== undefined && (childrenAt === 0 || children.length !== wanted))
    return `field "${name}" has ${children.length} child fields where its type needs ${wanted}`;
  if (typeType === 14 && buffer.ref(buffer.ref(field, 3), 1) === 0 && children.length > 127)
    return `field "${name}" is a union of ${children.length} members`;
  for (const child of children) {
    const inner = fieldDefect(buffer, child, depth + 1, budget);
    if (inner) return inner;
  }
  return '';
}

/**
 * Why the "ARROW:schema" metadata value is a corrupt schema that arrow-rs (so parquet-wasm)
 * aborts the process on, or `undefined` when it is not one (a readable schema, or bytes so
 * garbled that arrow-rs's flatbuffer verifier refuses them and it ignores the hint). Mirrors
 * the panics of arrow-ipc's schema conversion: a field without a name, a type without its
 * parameters or with values out of range, a list or map without its child, a dictionary
 * without an integer index type, a big-endian decimal.
 */
export function arrowSchemaDefect(encoded: string): string | undefined {
  // arrow-rs decodes strict base64 and ignores a hint it cannot decode.
  if (encoded.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return undefined;
  try {
    const found = schemaTable(encoded);
    if (!found) return undefined;
    const { buffer, schema } = found;
    const fieldsAt = buffer.ref(schema, 1);
    if (fieldsAt === 0) return 'the schema has no field list';
    const bigEndian = buffer.scalar(schema, 0, at => buffer.i16(at), 0) === 1;
    const budget = { left: maxFields };
    for (const field of buffer.tables(fieldsAt)) {
      if (bigEndian && buffer.scalar(field, 2, at => buffer.u8(at), 0) === 7)
        return 'a big-endian decimal field';
      const defect = fieldDefect(buffer, field, 0, budget);
      if (defect) return defect;
    }
    return undefined;
  } catch {
    // Out of range: arrow-rs's verifier refuses the message too and ignores the hint.
    return undefined;
  }
}

/**
 * The Schema table of an encoded IPC schema message, or undefined when the message holds no
 * schema. Throws RangeError for offsets out of range.
 */
function schemaTable(encoded: string): { buffer: FlatBuffer; schema: number } | undefined {
  const bytes = decodeBase64(encoded);
  // An IPC message: [0xFFFFFFFF continuation] int32 length, then the Message flatbuffer.
  const continued =
    bytes.length > 8 && new DataView(bytes.buffer, bytes.byteOffset).getInt32(0, true) === -1;
  const buffer = new FlatBuffer(bytes.subarray(continued ? 8 : 4));
  const message = buffer.u32(0);
  // Message: version 0, header_type 1, header 2. Schema is header type 1.
  if (buffer.scalar(message, 1, at => buffer.u8(at), 0) !== 1) return undefined;
  const schema = buffer.ref(message, 2);
  return schema === 0 ? undefined : { buffer, schema };
}

function decodeBase64(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The top-level fields of the "ARROW:schema" metadata value, by name; `undefined` when the
 * value cannot be read (the caller then leaves the file to parquet-wasm).
 */
export function readArrowSchemaHint(encoded: string): Map<string, ArrowTypeHint> | undefined {
  try {
    const found = schemaTable(encoded);
    if (!found) return undefined;
    const { buffer, schema } = found;
    const fields = buffer.ref(schema, 1);
    const hints = new Map<string, ArrowTypeHint>();
    if (fields === 0) return hints;
    for (const field of buffer.tables(fields)) {
      // Field: name 0, nullable 1, type_type 2, type 3, dictionary 4, children 5.
      const nameAt = buffer.ref(field, 0);
      const name = nameAt === 0 ? '' : buffer.string(nameAt);
      const nullable = buffer.scalar(field, 1, at => buffer.u8(at), 0) !== 0;
      const typeType = buffer.scalar(field, 2, at => buffer.u8(at), 0);
      const format = typeFormat(buffer, typeType, buffer.ref(field, 3));
      const dictionary = buffer.ref(field, 4);
      const hint: ArrowTypeHint = { format, nullable };
      if (dictionary !== 0) {
        // DictionaryEncoding: id 0, indexType 1 (Int; absent means int32), isOrdered 2.
        const index = buffer.ref(dictionary, 1);
        hint.dictionaryIndex = index === 0 ? 'i' : intFormat(buffer, index);
      }
      hints.set(name, hint);
    }
    return hints;
  } catch {
    return undefined;
  }
}
