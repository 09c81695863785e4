import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError } from '@ballast/contracts';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readArrowIpc } from './read-arrow-ipc';
import { readCsv } from './read-csv';
import { readDatasetFile } from './read-dataset-file';
import { readJsonLines } from './read-json-lines';

const directory = mkdtempSync(join(tmpdir(), 'ballast-dv-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
};

async function collect(batches: AsyncIterable<{ numRows: number; toArray(): unknown[] }>) {
  const rows: unknown[] = [];
  for await (const batch of batches)
    rows.push(...batch.toArray().map(row => (row as { toJSON(): unknown }).toJSON()));
  return rows;
}

describe('file readers', () => {
  it('reads Arrow IPC in both the file and the stream format', async () => {
    const table = tableFromArrays({ n: Int32Array.of(1, 2, 3) });
    expect(await collect(readArrowIpc(file('t.arrow', tableToIPC(table, 'file'))))).toHaveLength(3);
    expect(await collect(readArrowIpc(file('t.arrows', tableToIPC(table, 'stream'))))).toHaveLength(
      3,
    );
  });

  it('parses RFC 4180 CSV: quotes, embedded newlines and delimiters, typed cells, nulls', async () => {
    const path = file(
      'q.csv',
      'id,name,score,flag\n1,"Smith, J",2.5,true\n2,"multi\nline ""quoted""",,false\n',
    );
    expect(await collect(readCsv(path))).toEqual([
      { id: 1, name: 'Smith, J', score: 2.5, flag: true },
      { id: 2, name: 'multi\nline "quoted"', score: null, flag: false },
    ]);
  });

  it('streams in batches with the schema of the first batch', async () => {
    const lines = Array.from({ length: 10 }, (_, index) =>
      JSON.stringify({ n: index, s: `v${index}` }),
    ).join('\n');
    const sizes: number[] = [];
    for await (const batch of readJsonLines(file('b.jsonl', lines), { batchSize: 4 }))
      sizes.push(batch.numRows);
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('names the line of a malformed JSON line or CSV row', async () => {
    await expect(
      collect(readJsonLines(file('bad.jsonl', '{"a":1}\n{oops\n'))),
    ).rejects.toMatchObject({
      code: 'INVALID_JSON_LINE',
      details: { line: 2 },
    });
    await expect(collect(readCsv(file('bad.csv', 'a,b\n1,2\n3\n')))).rejects.toMatchObject({
      code: 'INVALID_CSV_ROW',
      details: { line: 3 },
    });
    await expect(collect(readCsv(file('open.csv', 'a\n"never closed\n')))).rejects.toMatchObject({
      code: 'INVALID_CSV_ROW',
    });
  });

  it('reports a value that does not fit the inferred type with the column and rows', async () => {
    const path = file('types.jsonl', ['{"n":1}', '{"n":2}', '{"n":{"x":1}}'].join('\n'));
    await expect(collect(readJsonLines(path, { batchSize: 2 }))).rejects.toMatchObject({
      code: 'TYPE_MISMATCH',
      details: { path: 'n', row: 2 },
    });
  });

  it('raises NotFoundError for a missing file and refuses unknown extensions', async () => {
    const error = await collect(readArrowIpc(join(directory, 'missing.arrow'))).catch(
      caught => caught,
    );
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(() => readDatasetFile('data.xlsx')).toThrowError(
      expect.objectContaining({ code: 'UNSUPPORTED_FILE_TYPE' }),
    );
    const csv = await collect(readDatasetFile(file('x.csv', 'a\n1\n')));
    expect(csv).toEqual([{ a: 1 }]);
  });
});

describe('empty and multi-batch Arrow IPC', () => {
  it('yields one empty batch for a file without batches, keeping the schema', async () => {
    const empty = tableFromArrays({ n: new Int32Array(0) });
    const batches = [];
    for await (const batch of readArrowIpc(file('empty.arrows', tableToIPC(empty, 'stream'))))
      batches.push(batch);
    expect(
      batches.map(batch => [batch.numRows, batch.schema.fields.map(field => field.name)]),
    ).toEqual([[0, ['n']]]);
  });
});
