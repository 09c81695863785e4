// ZSTD pages inflated on worker threads must give exactly what the in-thread codec gives, and
// hostile pages the same typed errors.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { columnarTable } from '../../columnar-table';
import { tableRows } from '../../__fixtures__/parquet/table-rows';
import {
  concat,
  int32s,
  page,
  tinyParquet,
  zstdRawFrame,
} from '../../__fixtures__/parquet/tiny-parquet';
import type { ParquetSource } from '../parquet-source';
import { readParquetTable } from '../read-parquet';
import { planColumns } from './column-plan';
import { openNativeParquet } from './native-parquet-file';
import { readNativeBatches } from './read-native-batches';
import { closeZstdPool, zstdPool } from './zstd-pool';

const directory = fileURLToPath(new URL('../../__fixtures__/parquet/native/', import.meta.url));
const zstdFixtures = readdirSync(directory).filter(name => name.startsWith('matrix-zstd-'));

async function read(
  source: ParquetSource,
  parallel: boolean | 'always',
  dictionaries: 'keep' | 'decode',
) {
  const file = await openNativeParquet(source);
  const rowGroups = file.metadata.rowGroups.map((_, index) => index);
  const plan = planColumns(file.metadata, undefined, rowGroups, dictionaries);
  if (!('plans' in plan)) throw new Error('not native');
  const batches = [];
  for await (const batch of readNativeBatches(
    file,
    plan.plans,
    plan.fields,
    rowGroups,
    50,
    parallel,
  ))
    batches.push(batch);
  return columnarTable(plan.fields, batches);
}

afterAll(() => closeZstdPool());

describe('zstd pages inflated on workers', () => {
  it.each(zstdFixtures)('%s: the same rows as in-thread', async name => {
    for (const dictionaries of ['keep', 'decode'] as const) {
      const inThread = await read(`${directory}${name}`, false, dictionaries);
      const pooled = await read(`${directory}${name}`, 'always', dictionaries);
      expect(tableRows(pooled)).toEqual(tableRows(inThread));
      expect(pooled.batches.map(batch => batch.numRows)).toEqual(
        inThread.batches.map(batch => batch.numRows),
      );
    }
  });

  it('serves concurrent reads (one worker, jobs of both interleaved)', async () => {
    const names = zstdFixtures.slice(0, 4);
    const alone = await Promise.all(names.map(name => read(`${directory}${name}`, false, 'keep')));
    const together = await Promise.all(
      names.map(name => read(`${directory}${name}`, true, 'keep')),
    );
    expect(together.map(tableRows)).toEqual(alone.map(tableRows));
  });

  it('readParquetTable with workerThread: true reads the same rows (and checks the option)', async () => {
    const path = `${directory}${zstdFixtures[0]}`;
    const plain = await readParquetTable(path, { engine: 'native', dictionaries: 'keep' });
    const threaded = await readParquetTable(path, {
      engine: 'native',
      dictionaries: 'keep',
      workerThread: true,
      batchSize: 40,
    });
    expect(tableRows(threaded)).toEqual(tableRows(plain));
    await expect(
      readParquetTable(path, { engine: 'native', workerThread: 'yes' as never }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });

  it('hostile zstd pages fail the same way with and without workers', async () => {
    const garbage = Uint8Array.from({ length: 64 }, (_, index) => (index * 73 + 11) & 0xff);
    const files = [
      // A frame that is not zstd, then one whose blocks are garbage.
      tinyParquet({
        type: 1,
        rows: 3,
        codec: 6,
        chunk: page({ numValues: 3, uncompressed: 12 }, garbage),
      }),
      tinyParquet({
        type: 1,
        rows: 3,
        codec: 6,
        chunk: page(
          { numValues: 3, uncompressed: 12 },
          concat(Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, 12]), garbage),
        ),
      }),
      // A frame stating 12 bytes in a page claiming 16, and a bomb refused before allocating.
      tinyParquet({
        type: 1,
        rows: 3,
        codec: 6,
        chunk: page({ numValues: 3, uncompressed: 16 }, zstdRawFrame(int32s(1, 2, 3))),
      }),
      tinyParquet({
        type: 1,
        rows: 3,
        codec: 6,
        totalUncompressed: 2 ** 30,
        chunk: page({ numValues: 3, uncompressed: 2 ** 29 }, zstdRawFrame(int32s(1, 2, 3))),
      }),
      // A frame stating the page's 16 bytes but holding 12: only inflating it finds out.
      tinyParquet({
        type: 1,
        rows: 3,
        codec: 6,
        chunk: page({ numValues: 3, uncompressed: 16 }, zstdRawFrame(int32s(1, 2, 3), 16)),
      }),
    ];
    for (const bytes of files) {
      const inThread = await read(bytes, false, 'decode').catch(error => error);
      const pooled = await read(bytes, 'always', 'decode').catch(error => error);
      expect(inThread).toMatchObject({ code: 'INVALID_PARQUET' });
      expect(pooled).toMatchObject({ code: 'INVALID_PARQUET', message: inThread.message });
    }
  });

  it('inflates pages on a worker, null for one it cannot inflate to its size', async () => {
    const pool = zstdPool();
    expect(pool).toBeDefined();
    const outputs = await pool?.inflate(
      [zstdRawFrame(int32s(1, 2, 3)), zstdRawFrame(int32s(1, 2, 3), 16), zstdRawFrame(int32s(9))],
      [12, 16, 4],
    ).result;
    expect(
      outputs?.map(output => (output ? Array.from(new Int32Array(output.buffer)) : null)),
    ).toEqual([[1, 2, 3], null, [9]]);
  });

  it('a cancelled job resolves, its skipped pages null, and the pool goes on', async () => {
    const pool = zstdPool();
    const pages = Array.from({ length: 200 }, (_, index) => zstdRawFrame(int32s(index, index + 1)));
    const job = pool?.inflate(
      pages,
      pages.map(() => 8),
    );
    job?.cancel();
    const outputs = (await job?.result) ?? [];
    expect(job?.done).toBe(true);
    expect(outputs).toHaveLength(200);
    outputs.forEach((output, index) => {
      if (output) expect(Array.from(new Int32Array(output.buffer))).toEqual([index, index + 1]);
    });
    const next = await pool?.inflate([zstdRawFrame(int32s(7))], [4]).result;
    expect(next?.map(output => output && Array.from(new Int32Array(output.buffer)))).toEqual([[7]]);
  });

  it('reads a valid zstd page through a worker, and again after the pool was closed', async () => {
    const bytes = tinyParquet({
      type: 1,
      rows: 3,
      codec: 6,
      chunk: page({ numValues: 3, uncompressed: 12 }, zstdRawFrame(int32s(4, 5, 6))),
    });
    expect(tableRows(await read(bytes, 'always', 'decode'))).toEqual({ x: [4, 5, 6] });
    await closeZstdPool();
    expect(tableRows(await read(bytes, 'always', 'decode'))).toEqual({ x: [4, 5, 6] });
    expect(zstdPool()).toBeDefined();
  });
});
