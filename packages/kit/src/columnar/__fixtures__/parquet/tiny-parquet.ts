// Test helper: builds small (often hostile) Parquet files byte by byte — Thrift compact page
// headers and footers around hand-made pages — for the native reader's attack tests.

/** A Thrift compact value. */
export type Thrift =
  | { i32: number }
  | { i64: number }
  | { bool: boolean }
  | { binary: Uint8Array | string }
  | { struct: Array<[number, Thrift]> }
  | { list: Thrift[]; type: number };

const encoder = new TextEncoder();

function varint(out: number[], value: number): void {
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function typeOf(value: Thrift): number {
  if ('i32' in value) return 5;
  if ('i64' in value) return 6;
  if ('bool' in value) return value.bool ? 1 : 2;
  if ('binary' in value) return 8;
  if ('struct' in value) return 12;
  return 9;
}

function write(out: number[], value: Thrift, inList = false): void {
  if ('i32' in value || 'i64' in value) varint(out, zigzag('i32' in value ? value.i32 : value.i64));
  else if ('bool' in value) {
    if (inList) out.push(value.bool ? 1 : 2);
  } else if ('binary' in value) {
    const bytes = typeof value.binary === 'string' ? encoder.encode(value.binary) : value.binary;
    varint(out, bytes.length);
    out.push(...bytes);
  } else if ('struct' in value) {
    let last = 0;
    for (const [id, field] of value.struct) {
      const type = typeOf(field);
      const delta = id - last;
      if (delta > 0 && delta <= 15) out.push((delta << 4) | type);
      else {
        out.push(type);
        varint(out, zigzag(id));
      }
      last = id;
      write(out, field);
    }
    out.push(0);
  } else {
    if (value.list.length < 15) out.push((value.list.length << 4) | value.type);
    else {
      out.push(0xf0 | value.type);
      varint(out, value.list.length);
    }
    for (const item of value.list) write(out, item, true);
  }
}

/** The Thrift compact encoding of `value`. */
export function thrift(value: Thrift): Uint8Array {
  const out: number[] = [];
  write(out, value);
  return Uint8Array.from(out);
}

/** Joins byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Fields of a page header. */
export interface PageSpec {
  type?: number;
  uncompressed?: number;
  compressed?: number;
  numValues: number;
  encoding?: number;
  /** v2 only. */
  v2?: { numNulls: number; defLength: number; isCompressed?: boolean };
}

/** A page: its header (sizes default to the data's length) followed by `data`. */
export function page(spec: PageSpec, data: Uint8Array): Uint8Array {
  const type = spec.type ?? (spec.v2 ? 3 : 0);
  const fields: Array<[number, Thrift]> = [
    [1, { i32: type }],
    [2, { i32: spec.uncompressed ?? data.length }],
    [3, { i32: spec.compressed ?? data.length }],
  ];
  const encoding = spec.encoding ?? 0;
  if (type === 2)
    fields.push([
      7,
      {
        struct: [
          [1, { i32: spec.numValues }],
          [2, { i32: encoding }],
        ],
      },
    ]);
  else if (spec.v2) {
    fields.push([
      8,
      {
        struct: [
          [1, { i32: spec.numValues }],
          [2, { i32: spec.v2.numNulls }],
          [3, { i32: spec.numValues }],
          [4, { i32: encoding }],
          [5, { i32: spec.v2.defLength }],
          [6, { i32: 0 }],
          ...(spec.v2.isCompressed === false ? [[7, { bool: false }] as [number, Thrift]] : []),
        ],
      },
    ]);
  } else {
    fields.push([
      5,
      {
        struct: [
          [1, { i32: spec.numValues }],
          [2, { i32: encoding }],
          [3, { i32: 3 }],
          [4, { i32: 3 }],
        ],
      },
    ]);
  }
  return concat(thrift({ struct: fields }), data);
}

/** The one column of a tiny file. */
export interface ColumnSpec {
  /** Physical type (1 INT32, 2 INT64, 6 BYTE_ARRAY, ...). */
  type: number;
  /** 0 REQUIRED, 1 OPTIONAL. */
  repetition?: number;
  /** ConvertedType (0 UTF8). */
  converted?: number;
  rows: number;
  codec?: number;
  encodings?: number[];
  /** The column chunk: its pages back to back. */
  chunk: Uint8Array;
  /** Overrides of the chunk's footer fields. */
  totalCompressed?: number;
  totalUncompressed?: number;
  dataPageOffset?: number;
}

/** A whole Parquet file holding one column "x" in one row group. */
export function tinyParquet(column: ColumnSpec): Uint8Array {
  const element: Array<[number, Thrift]> = [
    [1, { i32: column.type }],
    [3, { i32: column.repetition ?? 0 }],
    [4, { binary: 'x' }],
  ];
  if (column.converted !== undefined) element.push([6, { i32: column.converted }]);
  const meta: Array<[number, Thrift]> = [
    [1, { i32: column.type }],
    [2, { list: (column.encodings ?? [0, 3]).map(encoding => ({ i32: encoding })), type: 5 }],
    [3, { list: [{ binary: 'x' }], type: 8 }],
    [4, { i32: column.codec ?? 0 }],
    [5, { i64: column.rows }],
    [6, { i64: column.totalUncompressed ?? column.chunk.length }],
    [7, { i64: column.totalCompressed ?? column.chunk.length }],
    [9, { i64: column.dataPageOffset ?? 4 }],
  ];
  const footer = thrift({
    struct: [
      [1, { i32: 1 }],
      [
        2,
        {
          list: [
            {
              struct: [
                [4, { binary: 'schema' }],
                [5, { i32: 1 }],
              ],
            },
            { struct: element },
          ],
          type: 12,
        },
      ],
      [3, { i64: column.rows }],
      [
        4,
        {
          list: [
            {
              struct: [
                [
                  1,
                  {
                    list: [
                      {
                        struct: [
                          [2, { i64: 4 }],
                          [3, { struct: meta }],
                        ],
                      },
                    ],
                    type: 12,
                  },
                ],
                [2, { i64: column.chunk.length }],
                [3, { i64: column.rows }],
              ],
            },
          ],
          type: 12,
        },
      ],
    ],
  });
  const magic = encoder.encode('PAR1');
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, footer.length, true);
  return concat(magic, column.chunk, footer, length, magic);
}

/** Little-endian INT32 values. */
export function int32s(...values: number[]): Uint8Array {
  return new Uint8Array(Int32Array.from(values).buffer);
}

/** A valid zstd frame holding `data` in one raw block (single segment, content size stated). */
export function zstdRawFrame(data: Uint8Array, statedSize = data.length): Uint8Array {
  // Frame header descriptor: single segment, 4-byte Frame_Content_Size.
  const header = [0x28, 0xb5, 0x2f, 0xfd, 0xa0];
  const size = new Uint8Array(4);
  new DataView(size.buffer).setUint32(0, statedSize, true);
  const block = (data.length << 3) | 1; // last block, raw
  return concat(
    Uint8Array.from(header),
    size,
    Uint8Array.from([block & 0xff, (block >> 8) & 0xff, (block >> 16) & 0xff]),
    data,
  );
}
