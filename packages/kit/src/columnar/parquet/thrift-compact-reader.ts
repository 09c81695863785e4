// The Thrift compact protocol, as Parquet writes its footer (FileMetaData) and page headers.
import type { InvalidInputError } from '@ballast/contracts';
import { invalidParquet as invalid } from './parquet-errors';

/** Deepest nesting of structs and lists accepted in a footer (FileMetaData needs under ten). */
const MAX_DEPTH = 64;

/** A minimal Thrift compact-protocol reader: enough to walk FileMetaData and page headers and skip the rest. Every read is bounds-checked, lists are capped by the bytes left and nesting by {@link MAX_DEPTH}, so hostile bytes end in `INVALID_PARQUET`. */
export class CompactReader {
  position: number;
  /** Structs and lists open around the current position. */
  private depth = 0;
  /**
   * @param bytes the buffer holding the struct(s) to read.
   * @param start where reading starts.
   * @param what what is read, for messages ("footer", "page header").
   */
  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly what = 'footer',
  ) {
    this.position = start;
  }
  private early(): InvalidInputError {
    return invalid(`The Parquet ${this.what} ends early.`);
  }
  /** Bytes left to read. */
  private remaining(): number {
    return this.bytes.length - this.position;
  }
  /** Runs `read` one nesting level deeper; FileMetaData nests a handful of levels, so a deep footer is hostile. */
  private nested(read: () => void): void {
    if (++this.depth > MAX_DEPTH)
      throw invalid(`The Parquet ${this.what} nests too deeply to be real.`);
    try {
      read();
    } finally {
      this.depth--;
    }
  }
  byte(): number {
    if (this.position >= this.bytes.length) throw this.early();
    return this.bytes[this.position++] as number;
  }
  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
  }
  zigzag(): number {
    const value = this.varint();
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }
  binary(): Uint8Array {
    const length = this.varint();
    if (length > this.remaining()) throw this.early();
    const start = this.position;
    this.position += length;
    return this.bytes.subarray(start, this.position);
  }
  /** Reads struct fields, calling `onField(id, type)`; it returns false to have the field skipped. */
  struct(onField: (id: number, type: number) => boolean): void {
    this.nested(() => {
      let last = 0;
      for (;;) {
        const header = this.byte();
        if (header === 0) return;
        const type = header & 0x0f;
        const delta = header >> 4;
        const id = delta === 0 ? this.zigzag() : last + delta;
        last = id;
        if (!onField(id, type)) this.skip(type);
      }
    });
  }
  list(onItem: (type: number) => void): void {
    const header = this.byte();
    const size = header >> 4 === 15 ? this.varint() : header >> 4;
    const type = header & 0x0f;
    // Every element takes at least one byte, so a larger size is a lie (and would spin).
    if (size > this.remaining()) throw this.early();
    this.nested(() => {
      for (let index = 0; index < size; index++) onItem(type);
    });
  }
  /** Skips a value of `type`; `inList` for list and map elements, where a bool is a byte of its own. */
  skip(type: number, inList = false): void {
    switch (type) {
      case 1:
      case 2:
        if (inList) this.byte();
        return;
      case 3:
        this.byte();
        return;
      case 4:
      case 5:
      case 6:
        this.varint();
        return;
      case 7:
        if (this.remaining() < 8) throw this.early();
        this.position += 8;
        return;
      case 8:
        this.binary();
        return;
      case 9:
      case 10:
        this.list(item => this.skip(item, true));
        return;
      case 11: {
        const size = this.varint();
        if (size === 0) return;
        const types = this.byte();
        if (size > this.remaining()) throw this.early();
        this.nested(() => {
          for (let index = 0; index < size; index++) {
            this.skip(types >> 4, true);
            this.skip(types & 0x0f, true);
          }
        });
        return;
      }
      case 12:
        this.struct(() => false);
        return;
      default:
        throw invalid(`The Parquet ${this.what} holds an unknown Thrift type ${type}.`);
    }
  }
}
