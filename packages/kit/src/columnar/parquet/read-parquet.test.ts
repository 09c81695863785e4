import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CMemory } from '../__fixtures__/c-memory';
import { badFrameParquetFiles, parquetFixture } from '../__fixtures__/parquet/parquet-fixtures';
import { readNumbers } from '../read-numbers';
import {
  checkParquetFrame,
  collectBatches,
  type ParquetWasmLike,
  readParquetBatches,
  readParquetTable,
} from './read-parquet';

/** A parquet-wasm stand-in whose tables are int64 batches laid out in a fake wasm memory. */
function fakeParquetWasm(batches: bigint[][], failRead = false) {
  const memory = new CMemory();
  const schema = memory.schema('+s', '', [memory.schema('l', 'delay')]);
  const arrays = batches.map(values =>
    memory.array(
      values.length,
      0,
      0,
      [0],
      [memory.array(values.length, 0, 0, [0, memory.bytesOf(BigInt64Array.from(values))])],
    ),
  );
  const freed = { file: 0, ffi: 0 };
  const seen: unknown[] = [];
  const ffiOf = (address: number) => ({
    arrayAddr: () => address,
    schemaAddr: () => schema,
    free: () => freed.ffi++,
  });
  const module: ParquetWasmLike = {
    ParquetFile: {
      fromFile: async () => ({
        read: async options => {
          seen.push(options);
          if (failRead) throw new Error('column "nope" not found');
          return {
            intoFFI: () => ({
              arrayAddrs: () => Uint32Array.from(arrays),
              schemaAddr: () => schema,
              free: () => freed.ffi++,
            }),
          };
        },
        stream: async options => {
          seen.push(options);
          return new ReadableStream({
            start(controller) {
              for (const address of arrays) controller.enqueue({ intoFFI: () => ffiOf(address) });
              controller.close();
            },
          });
        },
        metadata: () => ({ numRowGroups: () => 3, free: () => undefined }),
        schema: () => ({
          indexOf: (name: string) => (name === 'delay' ? 0 : -1),
          free: () => undefined,
        }),
        free: () => freed.file++,
      }),
    },
    wasmMemory: () => ({ buffer: memory.buffer }),
  };
  return { module, freed, seen };
}

// The smallest frame that passes the magic and footer-length checks (the fake ignores it).
const bytes = new Uint8Array([0x50, 0x41, 0x52, 0x31, 0, 0, 0, 0, 0x50, 0x41, 0x52, 0x31]);

describe('readParquetTable', () => {
  it('reads the batches through the C Data Interface and frees the wasm side', async () => {
    const { module, freed, seen } = fakeParquetWasm([[1n, 2n], [3n]]);
    const table = await readParquetTable(bytes, {
      columns: ['delay'],
      rowGroups: [0, 2],
      engine: 'parquet-wasm',
      parquetWasm: module,
    });
    expect(table.numRows).toBe(3);
    expect(table.schema.fields.map(field => field.name)).toEqual(['delay']);
    expect(Array.from(readNumbers(table.getChild('delay') as never).values)).toEqual([1, 2, 3]);
    expect(table.getChild('other')).toBeNull();
    expect(seen).toEqual([{ batchSize: 1 << 20, columns: ['delay'], rowGroups: [0, 2] }]);
    expect(freed).toEqual({ file: 1, ffi: 1 });
  });

  it('turns a reader failure into INVALID_PARQUET and still frees the file', async () => {
    const { module, freed } = fakeParquetWasm([[1n]], true);
    await expect(
      readParquetTable(bytes, { engine: 'parquet-wasm', parquetWasm: module }),
    ).rejects.toMatchObject({
      code: 'INVALID_PARQUET',
      message: expect.stringContaining('nope'),
    });
    expect(freed.file).toBe(1);
  });

  it('loads the module through a loader once per call', async () => {
    const { module } = fakeParquetWasm([[7n]]);
    const loader = vi.fn(async () => module);
    await readParquetTable(bytes, { engine: 'parquet-wasm', parquetWasm: loader });
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('refuses a path that cannot be opened with a typed error', async () => {
    const { module } = fakeParquetWasm([[7n]]);
    await expect(
      readParquetTable('/nonexistent/ballast.parquet', {
        engine: 'parquet-wasm',
        parquetWasm: module,
      }),
    ).rejects.toMatchObject({ code: 'FILE_NOT_READABLE' });
  });
});

describe('readParquetBatches', () => {
  it('streams one batch at a time and collects into a table', async () => {
    const { module, freed } = fakeParquetWasm([[1n, 2n], [3n]]);
    const table = await collectBatches(
      readParquetBatches(bytes, { engine: 'parquet-wasm', parquetWasm: module }),
    );
    expect(table.batches.map(batch => batch.numRows)).toEqual([2, 1]);
    expect(Array.from(readNumbers(table.getChild('delay') as never).values)).toEqual([1, 2, 3]);
    expect(freed).toEqual({ file: 1, ffi: 2 });
  });
});

describe('hostile files and options never reach parquet-wasm', () => {
  // parquet-wasm 0.8 panics in a detached promise (the process dies, nothing can catch it) on
  // a footer length past the file, on a row group past the end and on an unknown streamed
  // column; these inputs must be refused before it sees them.
  const fixture = parquetFixture;

  it.each(badFrameParquetFiles)(
    'refuses %s with INVALID_PARQUET before opening it in wasm',
    async name => {
      const { module, seen } = fakeParquetWasm([[1n]]);
      const fromFile = vi.spyOn(module.ParquetFile, 'fromFile');
      await expect(
        readParquetTable(fixture(name), { engine: 'parquet-wasm', parquetWasm: module }),
      ).rejects.toMatchObject({
        code: 'INVALID_PARQUET',
      });
      const bytes = new Uint8Array(readFileSync(fixture(name)));
      await expect(
        collectBatches(readParquetBatches(bytes, { engine: 'parquet-wasm', parquetWasm: module })),
      ).rejects.toMatchObject({ code: 'INVALID_PARQUET' });
      expect(fromFile).not.toHaveBeenCalled();
      expect(seen).toEqual([]);
    },
  );

  it('checks the frame of a Blob from its ends only', async () => {
    await expect(checkParquetFrame(new Blob([bytes]))).resolves.toBeUndefined();
    await expect(checkParquetFrame(new Blob([bytes.subarray(0, 11)]))).rejects.toMatchObject({
      code: 'INVALID_PARQUET',
    });
  });

  it.each([
    [{ rowGroups: [3] }, 'INVALID_OPTION'],
    [{ rowGroups: [-1] }, 'INVALID_OPTION'],
    [{ rowGroups: [0.5] }, 'INVALID_OPTION'],
    [{ batchSize: 0 }, 'INVALID_OPTION'],
    [{ batchSize: 2.5 }, 'INVALID_OPTION'],
    [{ columns: ['delay', 'nope'] }, 'COLUMN_NOT_FOUND'],
  ] as const)('refuses %j with %s and frees the file', async (options, code) => {
    const { module, seen, freed } = fakeParquetWasm([[1n]]);
    await expect(
      readParquetTable(bytes, { ...options, engine: 'parquet-wasm', parquetWasm: module }),
    ).rejects.toMatchObject({ code });
    await expect(
      collectBatches(
        readParquetBatches(bytes, { ...options, engine: 'parquet-wasm', parquetWasm: module }),
      ),
    ).rejects.toMatchObject({ code });
    expect(seen).toEqual([]);
    expect(freed.file).toBe(2);
  });
});
