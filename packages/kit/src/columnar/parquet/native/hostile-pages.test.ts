// Attack tests: hand-made pages and footers that lie. Each must end in a typed
// InvalidInputError (INVALID_PARQUET, or PARQUET_UNSUPPORTED), never a crash, a hang or a
// huge allocation.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  type ColumnSpec,
  concat,
  int32s,
  page,
  tinyParquet,
  zstdRawFrame,
} from '../../__fixtures__/parquet/tiny-parquet';
import { tableRows } from '../../__fixtures__/parquet/table-rows';
import { readParquetTable } from '../read-parquet';

const read = (column: ColumnSpec) => readParquetTable(tinyParquet(column), { engine: 'native' });
const rejects = (column: ColumnSpec, code = 'INVALID_PARQUET') =>
  expect(read(column)).rejects.toMatchObject({ code });

/** Definition levels (v1, max level 1): an RLE run of `count` ones, length-prefixed. */
function allValid(count: number): Uint8Array {
  const run = [count * 2, 1];
  return concat(int32s(run.length).subarray(0, 4), Uint8Array.from(run));
}

describe('the tiny writer', () => {
  it('builds files the native reader reads (baseline for the attacks below)', async () => {
    const required = await read({
      type: 1,
      rows: 3,
      chunk: page({ numValues: 3 }, int32s(1, 2, 3)),
    });
    expect(tableRows(required)).toEqual({ x: [1, 2, 3] });
    const optional = await read({
      type: 1,
      repetition: 1,
      rows: 2,
      chunk: page({ numValues: 2 }, concat(allValid(2), int32s(7, 8))),
    });
    expect(tableRows(optional)).toEqual({ x: [7, 8] });
    const zstd = await read({
      type: 1,
      rows: 2,
      codec: 6,
      chunk: page({ numValues: 2, uncompressed: 8 }, zstdRawFrame(int32s(5, 6))),
    });
    expect(tableRows(zstd)).toEqual({ x: [5, 6] });
    const dictionary = await read({
      type: 1,
      rows: 3,
      encodings: [0, 8],
      chunk: concat(
        page({ type: 2, numValues: 2 }, int32s(10, 20)),
        page({ numValues: 3, encoding: 8 }, Uint8Array.from([1, (3 << 1) | 1, 0b00000110, 0])),
      ),
    });
    expect(tableRows(dictionary)).toEqual({ x: [10, 20, 20] });
  });
});

describe('hostile pages', () => {
  it('a compressed size past the column chunk', () =>
    rejects({
      type: 1,
      rows: 3,
      chunk: page({ numValues: 3, compressed: 1000 }, int32s(1, 2, 3)),
    }));

  it('a negative compressed size or value count', async () => {
    await rejects({
      type: 1,
      rows: 3,
      chunk: page({ numValues: 3, compressed: -5 }, int32s(1, 2, 3)),
    });
    await rejects({ type: 1, rows: 3, chunk: page({ numValues: -3 }, int32s(1, 2, 3)) });
  });

  it('more values in a page than rows in the row group', () =>
    rejects({ type: 1, rows: 3, chunk: page({ numValues: 2 ** 31 - 1 }, int32s(1, 2, 3)) }));

  it('uncompressed sizes that lie (bigger or smaller than the data)', async () => {
    await rejects({
      type: 1,
      rows: 3,
      chunk: page({ numValues: 3, uncompressed: 16 }, int32s(1, 2, 3)),
    });
    await rejects({
      type: 1,
      rows: 3,
      chunk: page({ numValues: 3, uncompressed: 8 }, int32s(1, 2, 3)),
    });
    const gzip = gzipSync(int32s(1, 2, 3));
    await rejects({
      type: 1,
      rows: 3,
      codec: 2,
      chunk: page({ numValues: 3, uncompressed: 8 }, gzip),
    });
    await rejects({
      type: 1,
      rows: 3,
      codec: 2,
      chunk: page({ numValues: 3, uncompressed: 20 }, gzip),
    });
    const frame = zstdRawFrame(int32s(1, 2, 3));
    await rejects({
      type: 1,
      rows: 3,
      codec: 6,
      chunk: page({ numValues: 3, uncompressed: 16 }, frame),
    });
    const lying = zstdRawFrame(int32s(1, 2, 3), 16);
    await rejects({
      type: 1,
      rows: 3,
      codec: 6,
      chunk: page({ numValues: 3, uncompressed: 16 }, lying),
    });
  });

  it('a decompression bomb (uncompressed_page_size 2^31 - 1) is refused before allocating', async () => {
    for (const codec of [1, 2, 4, 6, 7]) {
      await rejects({
        type: 1,
        rows: 3,
        codec,
        totalUncompressed: 2 ** 31 - 1,
        chunk: page({ numValues: 3, uncompressed: 2 ** 31 - 1 }, zstdRawFrame(int32s(1, 2, 3))),
      });
      // Under the 1 GiB page cap and the chunk's stated size: refused by what the codec can
      // produce from 24 bytes (zstd, snappy, lz4) or by the capped inflate (gzip, brotli).
      await rejects({
        type: 1,
        rows: 3,
        codec,
        totalUncompressed: 2 ** 30,
        chunk: page({ numValues: 3, uncompressed: 2 ** 29 }, zstdRawFrame(int32s(1, 2, 3))),
      });
    }
  });

  it('zstd, snappy, gzip, brotli and lz4 garbage', async () => {
    const garbage = Uint8Array.from({ length: 64 }, (_, index) => (index * 73 + 11) & 0xff);
    for (const codec of [1, 2, 4, 6, 7]) {
      await rejects({
        type: 1,
        rows: 3,
        codec,
        chunk: page({ numValues: 3, uncompressed: 12 }, garbage),
      });
    }
    const zstdLike = concat(Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, 12]), garbage);
    await rejects({
      type: 1,
      rows: 3,
      codec: 6,
      chunk: page({ numValues: 3, uncompressed: 12 }, zstdLike),
    });
    // Snappy: a copy reaching before the start of the output.
    const snappy = Uint8Array.from([12, 0b000_001_01, 200]);
    await rejects({
      type: 1,
      rows: 3,
      codec: 1,
      chunk: page({ numValues: 3, uncompressed: 12 }, snappy),
    });
  });

  it('a dictionary index past the dictionary', () =>
    rejects({
      type: 1,
      rows: 3,
      encodings: [0, 8],
      chunk: concat(
        page({ type: 2, numValues: 2 }, int32s(10, 20)),
        page({ numValues: 3, encoding: 8 }, Uint8Array.from([2, (3 << 1) | 1, 0b00111001, 0])),
      ),
    }));

  it('an RLE run of a dictionary index past the dictionary', () =>
    rejects({
      type: 1,
      rows: 3,
      encodings: [0, 8],
      chunk: concat(
        page({ type: 2, numValues: 2 }, int32s(10, 20)),
        page({ numValues: 3, encoding: 8 }, Uint8Array.from([2, 3 << 1, 3])),
      ),
    }));

  it('a bit width over 32', () =>
    rejects({
      type: 1,
      rows: 3,
      encodings: [0, 8],
      chunk: concat(
        page({ type: 2, numValues: 2 }, int32s(10, 20)),
        page({ numValues: 3, encoding: 8 }, Uint8Array.from([33, 3 << 1, 0, 0, 0, 0, 0])),
      ),
    }));

  it('dictionary-encoded data without a dictionary page, and two dictionary pages', async () => {
    await rejects({
      type: 1,
      rows: 3,
      encodings: [0, 8],
      chunk: page({ numValues: 3, encoding: 8 }, Uint8Array.from([1, 3 << 1, 0])),
    });
    await rejects({
      type: 1,
      rows: 3,
      encodings: [0, 8],
      chunk: concat(
        page({ type: 2, numValues: 1 }, int32s(10)),
        page({ type: 2, numValues: 1 }, int32s(20)),
        page({ numValues: 3, encoding: 8 }, Uint8Array.from([1, 3 << 1, 0])),
      ),
    });
  });

  it('a BYTE_ARRAY length that is negative or past the page', async () => {
    const huge = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x61]);
    await rejects({ type: 6, converted: 0, rows: 1, chunk: page({ numValues: 1 }, huge) });
    const past = Uint8Array.from([0x10, 0, 0, 0, 0x61]);
    await rejects({ type: 6, converted: 0, rows: 1, chunk: page({ numValues: 1 }, past) });
  });

  it('definition levels that run past their page, or a level over 1', async () => {
    const levels = concat(int32s(100), Uint8Array.from([6, 1]));
    await rejects({ type: 1, repetition: 1, rows: 3, chunk: page({ numValues: 3 }, levels) });
    const two = concat(int32s(2), Uint8Array.from([6, 2]), int32s(1, 2, 3));
    await rejects({ type: 1, repetition: 1, rows: 3, chunk: page({ numValues: 3 }, two) });
  });

  it('a v2 page whose level length or null count lies', async () => {
    const values = int32s(1, 2, 3);
    await rejects({
      type: 1,
      repetition: 1,
      rows: 3,
      chunk: page(
        { numValues: 3, v2: { numNulls: 0, defLength: 50 } },
        concat(Uint8Array.from([6, 1]), values),
      ),
    });
    await rejects({
      type: 1,
      repetition: 1,
      rows: 3,
      chunk: page(
        { numValues: 3, v2: { numNulls: 1, defLength: 2 } },
        concat(Uint8Array.from([6, 1]), values),
      ),
    });
  });

  it('an RLE run claiming 2^31 values ends at the page (no hang)', async () => {
    const run = [0xfe, 0xff, 0xff, 0xff, 0x0f, 1];
    const levels = concat(int32s(run.length), Uint8Array.from(run), int32s(1, 2, 3));
    const table = await read({
      type: 1,
      repetition: 1,
      rows: 3,
      chunk: page({ numValues: 3 }, levels),
    });
    expect(tableRows(table)).toEqual({ x: [1, 2, 3] });
  });

  it('DELTA_BINARY_PACKED headers that lie', async () => {
    // block 128, 4 miniblocks, total 2^31 - 1 (the page has 3 values), first value 0.
    const header = Uint8Array.from([0x80, 0x01, 4, 0xfe, 0xff, 0xff, 0xff, 0x0f, 0]);
    await rejects({
      type: 1,
      rows: 3,
      encodings: [5],
      chunk: page({ numValues: 3, encoding: 5 }, header),
    });
    const zeroBlock = Uint8Array.from([0, 4, 3, 0]);
    await rejects({
      type: 1,
      rows: 3,
      encodings: [5],
      chunk: page({ numValues: 3, encoding: 5 }, zeroBlock),
    });
  });

  it('a BYTE_STREAM_SPLIT page of the wrong length', () =>
    rejects({
      type: 1,
      rows: 3,
      encodings: [9],
      chunk: page({ numValues: 3, encoding: 9 }, new Uint8Array(11)),
    }));

  it('a chunk that ends before its rows, or only unknown page types', async () => {
    await rejects({ type: 1, rows: 4, chunk: page({ numValues: 3 }, int32s(1, 2, 3)) });
    await rejects({ type: 1, rows: 3, chunk: page({ type: 7, numValues: 3 }, int32s(1, 2, 3)) });
  });

  it('a column chunk outside the file', async () => {
    const chunk = page({ numValues: 3 }, int32s(1, 2, 3));
    await rejects({ type: 1, rows: 3, chunk, totalCompressed: 10_000 });
    await rejects({ type: 1, rows: 3, chunk, dataPageOffset: 2 ** 40 });
  });

  it('a page header nested too deeply', async () => {
    const deep = new Uint8Array(5000).fill(0x1c);
    await rejects({ type: 1, rows: 3, chunk: deep });
  });

  it("an encoding it lacks is PARQUET_UNSUPPORTED under 'native' (footer or page)", async () => {
    await rejects(
      { type: 1, rows: 3, encodings: [1], chunk: page({ numValues: 3 }, int32s(1, 2, 3)) },
      'PARQUET_UNSUPPORTED',
    );
    await rejects(
      {
        type: 6,
        converted: 0,
        rows: 1,
        encodings: [0],
        chunk: page({ numValues: 1, encoding: 5 }, int32s(0)),
      },
      'PARQUET_UNSUPPORTED',
    );
    await rejects(
      { type: 1, rows: 3, codec: 3, chunk: page({ numValues: 3 }, int32s(1, 2, 3)) },
      'PARQUET_UNSUPPORTED',
    );
  });

  it('page types, encodings and codecs outside the format are INVALID_PARQUET', async () => {
    const values = int32s(1, 2, 3);
    for (const encoding of [1, 4, 10, 43, -1])
      await rejects({ type: 1, rows: 3, chunk: page({ numValues: 3, encoding }, values) });
    await rejects({ type: 1, rows: 3, chunk: page({ numValues: 3, type: 7 }, values) });
    await rejects({ type: 1, rows: 3, codec: 9, chunk: page({ numValues: 3 }, values) });
  });

  it("LZO is PARQUET_UNSUPPORTED under 'auto' too: parquet-wasm has no LZO either", async () => {
    const file = tinyParquet({
      type: 1,
      rows: 3,
      codec: 3,
      chunk: page({ numValues: 3 }, int32s(1, 2, 3)),
    });
    const loader = () => {
      throw new Error('parquet-wasm must not be loaded');
    };
    await expect(
      readParquetTable(file, { engine: 'auto', parquetWasm: loader }),
    ).rejects.toMatchObject({ code: 'PARQUET_UNSUPPORTED' });
  });
});
