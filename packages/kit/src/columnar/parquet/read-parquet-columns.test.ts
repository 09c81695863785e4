import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corruptParquetFiles, parquetFixture } from '../__fixtures__/parquet/parquet-fixtures';
import { readParquetColumns } from './read-parquet-columns';

describe('readParquetColumns', () => {
  it('lists the top-level columns in file order, marking the nested ones', async () => {
    const columns = await readParquetColumns(parquetFixture('exotic.parquet'));
    expect(columns).toEqual([
      { name: 'f16', nested: false },
      { name: 'u8', nested: false },
      { name: 'i16', nested: false },
      { name: 'u32', nested: false },
      { name: 'd64', nested: false },
      { name: 't64', nested: false },
      { name: 'dec', nested: false },
      { name: 'bin', nested: false },
      { name: 'bad_utf8', nested: false },
      { name: 'list', nested: true },
    ]);
  });

  it('reads bytes and Blobs like paths', async () => {
    const path = parquetFixture('typed.parquet');
    const fromPath = await readParquetColumns(path);
    const bytes = readFileSync(path);
    expect(await readParquetColumns(bytes)).toEqual(fromPath);
    expect(await readParquetColumns(new Blob([bytes]))).toEqual(fromPath);
    expect(fromPath.length).toBeGreaterThan(0);
  });

  it.each(corruptParquetFiles)('refuses %s with INVALID_PARQUET', async name => {
    await expect(readParquetColumns(parquetFixture(name))).rejects.toMatchObject({
      code: 'INVALID_PARQUET',
    });
  });

  it('refuses a missing path with FILE_NOT_READABLE', async () => {
    await expect(readParquetColumns(parquetFixture('no-such.parquet'))).rejects.toMatchObject({
      code: 'FILE_NOT_READABLE',
    });
  });
});
