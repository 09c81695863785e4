import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RecordBatch, Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { rows, tempDir, writeArrow, writeCsv, writeJsonLines } from '../testing/cli-harness';
import { totalRowsOf } from './total-rows';

describe('totalRowsOf', () => {
  it('counts the rows of an Arrow IPC file exactly from its footer and batch headers', async () => {
    const directory = await tempDir();
    await writeArrow(join(directory, 'one.arrow'), rows(1234, 0));
    expect(await totalRowsOf(join(directory, 'one.arrow'), 'arrow')).toBe(1234);
    // Several record batches.
    const part = (from: number, count: number) =>
      tableFromArrays({ x: Float64Array.from({ length: count }, (_, i) => from + i) }).batches;
    const table = new Table([...part(0, 300), ...part(300, 200), ...part(500, 7)] as RecordBatch[]);
    expect(table.batches.length).toBe(3);
    await writeFile(join(directory, 'many.arrow'), tableToIPC(table, 'file'));
    expect(await totalRowsOf(join(directory, 'many.arrow'), 'arrow')).toBe(507);
  });

  it('has no count for an Arrow stream, Parquet, or a missing file', async () => {
    const directory = await tempDir();
    const table = tableFromArrays({ x: Float64Array.from([1, 2, 3]) });
    await writeFile(join(directory, 'a.arrows'), tableToIPC(table, 'stream'));
    expect(await totalRowsOf(join(directory, 'a.arrows'), 'arrow')).toBeUndefined();
    expect(await totalRowsOf(join(directory, 'a.parquet'), 'parquet')).toBeUndefined();
    expect(await totalRowsOf(join(directory, 'missing.csv'), 'csv')).toBeUndefined();
  });

  it('estimates CSV and JSON Lines rows from the lines of the first 64 KB', async () => {
    const directory = await tempDir();
    await writeCsv(join(directory, 'small.csv'), rows(200, 0));
    expect(await totalRowsOf(join(directory, 'small.csv'), 'csv')).toBe(200);
    await writeJsonLines(join(directory, 'small.jsonl'), rows(200, 0));
    expect(await totalRowsOf(join(directory, 'small.jsonl'), 'jsonl')).toBe(200);
    // Larger than the sample: an estimate within a few percent for rows of even width.
    await writeCsv(join(directory, 'large.csv'), rows(20_000, 0));
    const estimate = (await totalRowsOf(join(directory, 'large.csv'), 'csv')) ?? 0;
    expect(Math.abs(estimate - 20_000) / 20_000).toBeLessThan(0.05);
  });
});
