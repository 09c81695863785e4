// Arrow's generated flatbuffer accessors trust every offset and vector length: a flipped bit in
// a vector length makes its decoder loop over billions of entries read from outside the buffer.
// This walker checks the IPC metadata tables Arrow decodes (Footer, Message, Schema, Field,
// RecordBatch, DictionaryBatch) before Arrow sees them: every table, vtable, vector and string
// lies inside the buffer, nesting is bounded, and the number of tables visited is capped, so the
// decoding that follows is linear in the metadata's size.

/** Tables one metadata buffer may hold: far above any real schema, far below a spin. */
const maxTables = 100_000;
const maxDepth = 64;
const unionTypeId = 14;

class BoundsError extends Error {}

class Walker {
  private visited = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(position: number, length: number, what: string): void {
    if (!(position >= 0 && length >= 0 && position + length <= this.bytes.byteLength))
      throw new BoundsError(`${what} lies outside the metadata`);
  }

  byte(position: number): number {
    return this.bytes[position]!;
  }

  /** Position of the root table. */
  root(): number {
    this.need(0, 4, 'the root offset');
    return this.view.getUint32(0, true);
  }

  /** Checks the table at `table` and its vtable; returns the vtable's field count. */
  table(table: number, what: string): number {
    if (++this.visited > maxTables) throw new BoundsError('the metadata holds too many tables');
    this.need(table, 4, what);
    const vtable = table - this.view.getInt32(table, true);
    this.need(vtable, 4, `the vtable of ${what}`);
    const vtableSize = this.view.getUint16(vtable, true);
    const tableSize = this.view.getUint16(vtable + 2, true);
    if (vtableSize < 4 || vtableSize % 2 !== 0)
      throw new BoundsError(`the vtable of ${what} is malformed`);
    this.need(vtable, vtableSize, `the vtable of ${what}`);
    this.need(table, tableSize, what);
    return (vtableSize - 4) >> 1;
  }

  /** Absolute position of field `index` of a table, or undefined when absent. */
  field(table: number, index: number, size: number, what: string): number | undefined {
    const vtable = table - this.view.getInt32(table, true);
    const fields = (this.view.getUint16(vtable, true) - 4) >> 1;
    if (index >= fields) return undefined;
    const offset = this.view.getUint16(vtable + 4 + 2 * index, true);
    if (offset === 0) return undefined;
    this.need(table + offset, size, what);
    return table + offset;
  }

  /** Follows the offset stored at `at` (a table, vector or string reference). */
  follow(at: number, what: string): number {
    this.need(at, 4, what);
    return at + this.view.getUint32(at, true);
  }

  /** Checks a vector of `length` elements of `elementSize` bytes; returns its first element. */
  vector(at: number, elementSize: number, what: string): { start: number; length: number } {
    const position = this.follow(at, what);
    this.need(position, 4, what);
    const length = this.view.getUint32(position, true);
    this.need(position + 4, length * elementSize, what);
    return { start: position + 4, length };
  }

  /** A vector of tables, each checked with `visit`. */
  tables(table: number, index: number, what: string, visit: (table: number) => void): void {
    const at = this.field(table, index, 4, what);
    if (at === undefined) return;
    const { start, length } = this.vector(at, 4, what);
    for (let item = 0; item < length; item++) visit(this.follow(start + 4 * item, what));
  }

  /** A vector of fixed-size structs or scalars. */
  structs(table: number, index: number, elementSize: number, what: string): void {
    const at = this.field(table, index, 4, what);
    if (at !== undefined) this.vector(at, elementSize, what);
  }

  /** A string field (a byte vector). */
  string(table: number, index: number, what: string): void {
    this.structs(table, index, 1, what);
  }

  /** A sub-table field, checked with `visit`. */
  child(table: number, index: number, what: string, visit: (table: number) => void): void {
    const at = this.field(table, index, 4, what);
    if (at !== undefined) visit(this.follow(at, what));
  }
}

function keyValues(walker: Walker, table: number, index: number): void {
  walker.tables(table, index, 'custom metadata', entry => {
    walker.table(entry, 'a metadata entry');
    walker.string(entry, 0, 'a metadata key');
    walker.string(entry, 1, 'a metadata value');
  });
}

function field(walker: Walker, table: number, depth: number): void {
  if (depth > maxDepth) throw new BoundsError('fields are nested too deep');
  walker.table(table, 'a field');
  walker.string(table, 0, 'a field name');
  const typeAt = walker.field(table, 2, 1, 'a field type id');
  walker.child(table, 3, 'a field type', type => {
    walker.table(type, 'a field type');
    // A union's type ids are the one vector inside a type table.
    if (typeAt !== undefined && walker.byte(typeAt) === unionTypeId)
      walker.structs(type, 1, 4, 'union type ids');
  });
  walker.child(table, 4, 'a dictionary encoding', encoding => {
    walker.table(encoding, 'a dictionary encoding');
    walker.child(encoding, 1, 'a dictionary index type', type =>
      walker.table(type, 'an index type'),
    );
  });
  walker.tables(table, 5, 'field children', child => field(walker, child, depth + 1));
  keyValues(walker, table, 6);
}

function schema(walker: Walker, table: number): void {
  walker.table(table, 'the schema');
  walker.tables(table, 1, 'the schema fields', child => field(walker, child, 0));
  keyValues(walker, table, 2);
  walker.structs(table, 3, 8, 'the schema features');
}

function recordBatch(walker: Walker, table: number): void {
  walker.table(table, 'a record batch header');
  walker.structs(table, 1, 16, 'the field nodes');
  walker.structs(table, 2, 16, 'the buffer list');
  walker.child(table, 3, 'the compression', compression =>
    walker.table(compression, 'the compression'),
  );
  walker.structs(table, 4, 8, 'the variadic buffer counts');
}

const messageHeaderSchema = 1;
const messageHeaderDictionaryBatch = 2;
const messageHeaderRecordBatch = 3;

/** The reason `bytes` is not a well-bounded IPC `Message` flatbuffer, or undefined. */
export function messageBoundsProblem(bytes: Uint8Array): string | undefined {
  return guard(() => {
    const walker = new Walker(bytes);
    const root = walker.root();
    walker.table(root, 'the message');
    const typeAt = walker.field(root, 1, 1, 'the message header type');
    const headerType = typeAt === undefined ? 0 : walker.byte(typeAt);
    walker.child(root, 2, 'the message header', header => {
      if (headerType === messageHeaderSchema) schema(walker, header);
      else if (headerType === messageHeaderRecordBatch) recordBatch(walker, header);
      else if (headerType === messageHeaderDictionaryBatch) {
        walker.table(header, 'a dictionary batch header');
        walker.child(header, 1, 'the dictionary data', data => recordBatch(walker, data));
      } else walker.table(header, 'the message header');
    });
    keyValues(walker, root, 4);
  });
}

/** The reason `bytes` is not a well-bounded IPC file `Footer` flatbuffer, or undefined. */
export function footerBoundsProblem(bytes: Uint8Array): string | undefined {
  return guard(() => {
    const walker = new Walker(bytes);
    const root = walker.root();
    walker.table(root, 'the footer');
    walker.child(root, 1, 'the footer schema', table => schema(walker, table));
    walker.structs(root, 2, 24, 'the dictionary blocks');
    walker.structs(root, 3, 24, 'the record batch blocks');
    keyValues(walker, root, 4);
  });
}

function guard(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof BoundsError) return error.message;
    throw error;
  }
}
