import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ArrowDataLike, ArrowTypeId } from '../arrow-data-like';
import { corruptParquetFiles, parquetFixture } from '../__fixtures__/parquet/parquet-fixtures';
import { fieldShapes, tableRows } from '../__fixtures__/parquet/table-rows';
import { collectBatches, readParquetBatches, readParquetTable } from './read-parquet';
import { readParquetRange } from './read-parquet-range';
import { int32s, page, tinyParquet } from '../__fixtures__/parquet/tiny-parquet';

const parquetWasm = () => import('parquet-wasm/node') as never;
const nativeDirectory = fileURLToPath(new URL('../__fixtures__/parquet/native/', import.meta.url));
const nativeFixture = (name: string) => `${nativeDirectory}${name}`;
const all = readdirSync(nativeDirectory)
  .filter(name => name.endsWith('.parquet'))
  .sort();
// parquet-wasm dies on invalid UTF-8, so that file is read natively only.
const comparable = all.filter(name => name !== 'bad-utf8.parquet');

describe('native engine = parquet-wasm (fixtures of generate_native.py)', () => {
  it.each(comparable)('%s: same fields and values', async name => {
    const bytes = readFileSync(nativeFixture(name));
    const native = await readParquetTable(bytes, { engine: 'native' });
    const wasm = await readParquetTable(bytes, { engine: 'parquet-wasm', parquetWasm });
    expect(fieldShapes(native)).toEqual(fieldShapes(wasm));
    expect(native.numRows).toBe(wasm.numRows);
    expect(tableRows(native)).toEqual(tableRows(wasm));
  });

  it.each(comparable)('%s: dictionaries keep gives the same strings', async name => {
    const bytes = readFileSync(nativeFixture(name));
    const kept = await readParquetTable(bytes, { engine: 'native', dictionaries: 'keep' });
    const decoded = await readParquetTable(bytes, { engine: 'native' });
    expect(tableRows(kept)).toEqual(tableRows(decoded));
  });

  it('reads the typed fixture (int64 past 2^53, uint64, timestamps, dictionary) as parquet-wasm does', async () => {
    const file = parquetFixture('typed.parquet');
    const native = await readParquetTable(file, { engine: 'native', batchSize: 3 });
    const wasm = await readParquetTable(file, {
      engine: 'parquet-wasm',
      parquetWasm,
      batchSize: 3,
    });
    expect(fieldShapes(native)).toEqual(fieldShapes(wasm));
    expect(tableRows(native)).toEqual(tableRows(wasm));
    expect(native.batches.map(batch => batch.numRows)).toEqual([3, 2, 3, 2]);
  });
});

describe('dictionaries: keep', () => {
  it('gives Dictionary chunks sharing one dictionary per column chunk', async () => {
    const table = await readParquetTable(nativeFixture('matrix-zstd-dict-v1.parquet'), {
      engine: 'native',
      dictionaries: 'keep',
      columns: ['s', 'i64'],
      batchSize: 50,
    });
    const s = table.getChild('s');
    expect(s?.type.typeId).toBe(ArrowTypeId.Dictionary);
    expect(s?.type.format).toBe('i');
    expect(s?.type.dictionary?.format).toBe('u');
    // Numeric dictionary columns are materialised.
    expect(table.getChild('i64')?.type.format).toBe('l');
    const chunks = s?.data as readonly ArrowDataLike[];
    expect(chunks[0]?.values).toBeInstanceOf(Int32Array);
    expect(chunks[0]?.dictionary).toBe(chunks[1]?.dictionary);
    expect(chunks[0]?.dictionary?.data[0]?.typeId).toBe(ArrowTypeId.Utf8);
    // Null rows point at entry 0.
    const withNull = chunks.find(chunk => chunk.nullCount > 0) as ArrowDataLike;
    const bitmap = withNull.nullBitmap as Uint8Array;
    for (let row = 0; row < withNull.length; row++) {
      const bit = withNull.offset + row;
      if ((((bitmap[bit >> 3] as number) >> (bit & 7)) & 1) === 0)
        expect(withNull.values[row]).toBe(0);
    }
  });

  it('streams batches of one column chunk with one dictionary object (readParquetBatches)', async () => {
    const dictionaries: unknown[] = [];
    for await (const batch of readParquetBatches(nativeFixture('matrix-zstd-dict-v1.parquet'), {
      engine: 'native',
      dictionaries: 'keep',
      columns: ['s'],
      batchSize: 40,
    }))
      dictionaries.push(batch.columns[0]?.dictionary);
    // Row groups of 120, 120 and 60 rows: 3 + 3 + 2 batches, one dictionary per row group.
    expect(dictionaries).toHaveLength(8);
    expect(dictionaries[0]).toBeDefined();
    expect(dictionaries.slice(0, 3).every(entry => entry === dictionaries[0])).toBe(true);
    expect(dictionaries.slice(3, 6).every(entry => entry === dictionaries[3])).toBe(true);
    expect(new Set(dictionaries).size).toBe(3);
  });

  it('appends PLAIN fallback pages as extra dictionary entries (LargeUtf8 dictionary)', async () => {
    const table = await readParquetTable(nativeFixture('matrix-none-fallback-v2.parquet'), {
      engine: 'native',
      dictionaries: 'keep',
      columns: ['ls'],
    });
    const ls = table.getChild('ls');
    expect(ls?.type.typeId).toBe(ArrowTypeId.Dictionary);
    expect(ls?.type.dictionary?.format).toBe('U');
    const decoded = await readParquetTable(nativeFixture('matrix-none-fallback-v2.parquet'), {
      engine: 'native',
      columns: ['ls'],
    });
    expect(tableRows(table)).toEqual(tableRows(decoded));
  });

  it('keeps plain types for columns not dictionary-encoded in every row group', async () => {
    const table = await readParquetTable(nativeFixture('matrix-snappy-plain-v1.parquet'), {
      engine: 'native',
      dictionaries: 'keep',
      columns: ['s', 'ls'],
    });
    expect(table.schema.fields.map(field => field.type.format)).toEqual(['u', 'U']);
  });
});

describe('native engine', () => {
  it('reads STRING columns holding invalid UTF-8 (bytes kept, decoded with replacement)', async () => {
    const table = await readParquetTable(nativeFixture('bad-utf8.parquet'), { engine: 'native' });
    expect(tableRows(table)).toEqual({
      s: ['ok', '\uFFFD\uFFFD', null, 'café', '\uFFFD'],
      d: ['ok', '\uFFFD\uFFFD', null, 'café', '\uFFFD'],
    });
    const auto = await readParquetTable(nativeFixture('bad-utf8.parquet'));
    expect(tableRows(auto)).toEqual(tableRows(table));
  });

  it('reads only the selected columns, in file order, and the selected row groups', async () => {
    const file = nativeFixture('matrix-gzip-dict-v1.parquet');
    const native = await readParquetTable(file, {
      engine: 'native',
      columns: ['s', 'i64'],
      rowGroups: [2, 0],
    });
    const wasm = await readParquetTable(file, {
      engine: 'parquet-wasm',
      parquetWasm,
      columns: ['s', 'i64'],
      rowGroups: [2, 0],
    });
    expect(native.schema.fields.map(field => field.name)).toEqual(['i64', 's']);
    expect(tableRows(native)).toEqual(tableRows(wasm));
  });

  it('streams batches of at most batchSize rows, row group by row group', async () => {
    const file = nativeFixture('matrix-brotli-dict-v2.parquet');
    const sizes: number[] = [];
    for await (const batch of readParquetBatches(file, { engine: 'native', batchSize: 100 }))
      sizes.push(batch.numRows);
    expect(sizes).toEqual([100, 20, 100, 20, 60]);
    const table = await collectBatches(
      readParquetBatches(file, { engine: 'native', batchSize: 7 }),
    );
    expect(tableRows(table)).toEqual(tableRows(await readParquetTable(file, { engine: 'native' })));
  });

  it('reads a Blob and bytes like a path', async () => {
    const file = nativeFixture('matrix-lz4-dict-v1.parquet');
    const bytes = readFileSync(file);
    const fromPath = tableRows(await readParquetTable(file, { engine: 'native' }));
    expect(tableRows(await readParquetTable(bytes, { engine: 'native' }))).toEqual(fromPath);
    expect(tableRows(await readParquetTable(new Blob([bytes]), { engine: 'native' }))).toEqual(
      fromPath,
    );
  });

  it('reads a range through the native engine (row groups skipped by statistics)', async () => {
    const file = nativeFixture('matrix-zstd-plain-v1.parquet');
    const options = { columns: ['i32', 'u16'] };
    const native = await readParquetRange(file, 'u16', 1000, 30000, {
      ...options,
      engine: 'native',
    });
    const wasm = await readParquetRange(file, 'u16', 1000, 30000, {
      ...options,
      engine: 'parquet-wasm',
      parquetWasm,
    });
    expect(native.numRows).toBeGreaterThan(0);
    expect(tableRows(native)).toEqual(tableRows(wasm));
  });

  it('gives the fields and no batches for a file without rows', async () => {
    const table = await readParquetTable(nativeFixture('zero-rows.parquet'), { engine: 'native' });
    expect(table.numRows).toBe(0);
    expect(table.batches).toEqual([]);
    const wasm = await readParquetTable(nativeFixture('zero-rows.parquet'), {
      engine: 'parquet-wasm',
      parquetWasm,
    });
    expect(fieldShapes(table)).toEqual(fieldShapes(wasm));
  });

  it("refuses what it cannot decode with PARQUET_UNSUPPORTED under engine 'native', and 'auto' hands it to parquet-wasm", async () => {
    const exotic = parquetFixture('exotic.parquet');
    await expect(
      readParquetTable(exotic, { engine: 'native', columns: ['dec'] }),
    ).rejects.toMatchObject({
      code: 'PARQUET_UNSUPPORTED',
      message: expect.stringContaining('"dec"'),
      details: { column: 'dec', feature: expect.stringContaining('DECIMAL') },
    });
    await expect(
      readParquetTable(exotic, { engine: 'native', columns: ['list'] }),
    ).rejects.toMatchObject({
      code: 'PARQUET_UNSUPPORTED',
      message: expect.stringContaining('"list"'),
      details: { column: 'list', feature: 'a nested (group) type' },
    });
    // auto hands a nested column to parquet-wasm (whose columnar path refuses lists as before).
    await expect(
      readParquetTable(exotic, { columns: ['list'], parquetWasm }),
    ).rejects.toMatchObject({ code: 'ARROW_TYPE_UNSUPPORTED' });
    // auto: the narrow types are native; with the decimal column it falls back (and parquet-wasm
    // refuses the decimal as before).
    const narrow = ['f16', 'u8', 'i16', 'u32', 'd64', 't64'];
    const auto = await readParquetTable(exotic, { columns: narrow, parquetWasm });
    const wasm = await readParquetTable(exotic, {
      columns: narrow,
      engine: 'parquet-wasm',
      parquetWasm,
    });
    expect(fieldShapes(auto)).toEqual(fieldShapes(wasm));
    expect(tableRows(auto)).toEqual(tableRows(wasm));
    await expect(readParquetTable(exotic, { columns: ['dec'], parquetWasm })).rejects.toMatchObject(
      {
        code: 'ARROW_TYPE_UNSUPPORTED',
      },
    );
  });

  it.each(corruptParquetFiles)('refuses %s with INVALID_PARQUET (auto and native)', async name => {
    for (const engine of ['auto', 'native'] as const) {
      await expect(readParquetTable(parquetFixture(name), { engine })).rejects.toMatchObject({
        code: 'INVALID_PARQUET',
      });
      await expect(
        collectBatches(readParquetBatches(readFileSync(parquetFixture(name)), { engine })),
      ).rejects.toMatchObject({ code: 'INVALID_PARQUET' });
    }
  });

  it('refuses an Arrow schema with invalid type parameters as INVALID_PARQUET, never handing it to parquet-wasm (which aborts on it)', async () => {
    const bytes = Buffer.from(readFileSync(parquetFixture('typed.parquet')));
    // This bit turns an Int's bitWidth of the ARROW:schema metadata into one that does not exist.
    bytes[5172] = (bytes[5172] as number) ^ 4;
    let loaded = 0;
    const loader = () => {
      loaded++;
      return parquetWasm();
    };
    for (const engine of ['auto', 'native'] as const) {
      await expect(readParquetTable(bytes, { engine, parquetWasm: loader })).rejects.toMatchObject({
        code: 'INVALID_PARQUET',
        message: expect.stringContaining('Arrow schema'),
      });
    }
    expect(loaded).toBe(0);
  });

  it('refuses row groups whose column chunks do not match the schema as INVALID_PARQUET, before parquet-wasm', async () => {
    const bytes = tinyParquet({ type: 1, rows: 3, chunk: page({ numValues: 3 }, int32s(1, 2, 3)) });
    // The footer names column "x" twice: in the schema, then as the chunk's path_in_schema.
    const footerStart =
      bytes.length - 8 - new DataView(bytes.buffer).getUint32(bytes.length - 8, true);
    const pathAt = bytes.lastIndexOf(0x78);
    expect(pathAt).toBeGreaterThan(bytes.indexOf(0x78, footerStart));
    bytes[pathAt] = 0x79;
    let loaded = 0;
    const loader = () => {
      loaded++;
      return parquetWasm();
    };
    for (const engine of ['auto', 'native'] as const) {
      await expect(readParquetTable(bytes, { engine, parquetWasm: loader })).rejects.toMatchObject({
        code: 'INVALID_PARQUET',
        message: expect.stringContaining('"y"'),
      });
    }
    // An encoding the format does not allow for the column's type (DELTA_BYTE_ARRAY on INT32).
    const impossible = tinyParquet({
      type: 1,
      rows: 3,
      encodings: [0, 7],
      chunk: page({ numValues: 3 }, int32s(1, 2, 3)),
    });
    await expect(readParquetTable(impossible, { parquetWasm: loader })).rejects.toMatchObject({
      code: 'INVALID_PARQUET',
      message: expect.stringContaining('DELTA_BYTE_ARRAY'),
    });
    expect(loaded).toBe(0);
  });

  it('does not load parquet-wasm when the native engine reads', async () => {
    let loaded = 0;
    const loader = () => {
      loaded++;
      return parquetWasm();
    };
    await readParquetTable(nativeFixture('matrix-zstd-dict-v2.parquet'), { parquetWasm: loader });
    await readParquetTable(nativeFixture('matrix-zstd-dict-v2.parquet'), {
      engine: 'native',
      parquetWasm: loader,
    });
    expect(loaded).toBe(0);
  });

  it('checks engine, dictionaries, columns, row groups and batchSize', async () => {
    const file = nativeFixture('required.parquet');
    await expect(readParquetTable(file, { engine: 'fast' as never })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
    await expect(readParquetTable(file, { dictionaries: 'all' as never })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
    await expect(
      readParquetTable(file, { engine: 'native', columns: ['a', 'nope'] }),
    ).rejects.toMatchObject({
      code: 'COLUMN_NOT_FOUND',
    });
    await expect(
      readParquetTable(file, { engine: 'native', rowGroups: [1] }),
    ).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
    await expect(readParquetTable(file, { engine: 'native', batchSize: 0 })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
  });
});

// Polars leaves dictionary_page_offset out of its footers; flights-3m is such a file.
const flights = fileURLToPath(
  new URL(
    '../../../../../benchmarks/node_modules/vega-datasets/data/flights-3m.parquet',
    import.meta.url,
  ),
);
describe.skipIf(!existsSync(flights))('a Polars file (flights-3m, first row group)', () => {
  it('reads as parquet-wasm does', async () => {
    const native = await readParquetTable(flights, { engine: 'native', rowGroups: [0] });
    const wasm = await readParquetTable(flights, {
      engine: 'parquet-wasm',
      parquetWasm,
      rowGroups: [0],
    });
    expect(fieldShapes(native)).toEqual(fieldShapes(wasm));
    expect(tableRows(native)).toEqual(tableRows(wasm));
  });
});
