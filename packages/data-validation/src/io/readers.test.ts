import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError, NotFoundError } from '@ballast/contracts';
import {
  Dictionary,
  Int32,
  Table,
  tableFromArrays,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { readArrowIpc } from './read-arrow-ipc';
import { readCsv } from './read-csv';
import { readDatasetFile } from './read-dataset-file';
import { readJsonLines } from './read-json-lines';

const directory = mkdtempSync(join(tmpdir(), 'ballast-dv-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
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

describe('CSV through csv-parse and JSON Lines', () => {
  it('drops a UTF-8 byte-order mark, so the first column keeps its name', async () => {
    const path = file('excel.csv', '\uFEFForder_id,amount\r\n1,2.5\r\n2,3\r\n');
    expect(await collect(readCsv(path))).toEqual([
      { order_id: 1, amount: 2.5 },
      { order_id: 2, amount: 3 },
    ]);
  });

  it('reads quoted newlines, another delimiter, and keeps quoted numbers as text', async () => {
    const path = file('semi.csv', 'id;note\n1;"two\r\nlines; one cell"\n2;"007"\n');
    expect(await collect(readCsv(path, { delimiter: ';' }))).toEqual([
      { id: 1, note: 'two\r\nlines; one cell' },
      { id: 2, note: '007' },
    ]);
  });

  it('reads a file without a header row, or with names given by the caller', async () => {
    const path = file('bare.csv', '1,a\n2,b\n');
    expect(await collect(readCsv(path, { header: false }))).toEqual([
      { 0: 1, 1: 'a' },
      { 0: 2, 1: 'b' },
    ]);
    expect(await collect(readCsv(path, { header: false, columns: ['n', 's'] }))).toEqual([
      { n: 1, s: 'a' },
      { n: 2, s: 'b' },
    ]);
    const named = file('named.csv', 'x,y\n1,a\n');
    expect(await collect(readCsv(named, { columns: ['n', 's'] }))).toEqual([{ n: 1, s: 'a' }]);
  });

  it('reads JSON Lines with CRLF endings, a byte-order mark and a trailing newline', async () => {
    const path = file('crlf.jsonl', '\uFEFF{"a":1}\r\n{"a":2}\r\n\r\n');
    expect(await collect(readJsonLines(path))).toEqual([{ a: 1 }, { a: 2 }]);
    const broken = file('crlf-bad.jsonl', '{"a":1}\r\n{"a":2}\r\n{"a":\r\n');
    await expect(collect(readJsonLines(broken))).rejects.toMatchObject({
      code: 'INVALID_JSON_LINE',
      details: { line: 3 },
    });
  });

  it('names the line of a CSV row with a stray quote', async () => {
    const path = file('stray.csv', 'a,b\n1,2\n3,x"y"z\n');
    await expect(collect(readCsv(path))).rejects.toMatchObject({
      code: 'INVALID_CSV_ROW',
      details: { line: 3 },
    });
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

describe('Arrow IPC file format, block by block', () => {
  const rows = 5_000;
  const source = new Table({
    n: vectorFromArray(
      Array.from({ length: rows }, (_, index) => (index % 7 === 0 ? null : index)),
      new Int32(),
    ),
    x: vectorFromArray(Float64Array.from({ length: rows }, (_, index) => index / 3)),
    c: vectorFromArray(
      Array.from({ length: rows }, (_, index) => ['a', 'b', null, 'é'][index % 4]!),
      new Dictionary(new Utf8(), new Int32()),
    ),
    s: vectorFromArray(
      Array.from({ length: rows }, (_, index) => `row-${index}`),
      new Utf8(),
    ),
  });
  // Batches of different sizes, as a streaming producer writes them.
  const batched = new Table(
    [0, 1_000, 1_100, 4_000].flatMap(
      (start, index, starts) => source.slice(start, starts[index + 1] ?? rows).batches,
    ),
  );
  const path = file('blocks.arrow', tableToIPC(batched, 'file'));
  const expected = batched.batches.map(batch => batch.toArray().map(row => row.toJSON()));

  it('yields every batch as written, with and without reused buffers', async () => {
    for (const reuseBuffers of [false, true]) {
      const seen: unknown[] = [];
      // Read each batch before asking for the next, as reuseBuffers requires.
      for await (const batch of readArrowIpc(path, { reuseBuffers }))
        seen.push(batch.toArray().map(row => row.toJSON()));
      expect(seen, `reuseBuffers ${reuseBuffers}`).toEqual(expected);
    }
  });

  it('reads a file written by pyarrow (schema message inside the file)', async () => {
    const fromPyarrow = fileURLToPath(new URL('../__fixtures__/parity.arrow', import.meta.url));
    // Deep copies, so nothing read lazily (struct rows) outlives a reused buffer.
    const plain = (value: unknown) =>
      JSON.parse(
        JSON.stringify(value, (_, item) => (typeof item === 'bigint' ? item.toString() : item)),
      );
    const expectedRows = plain(tableFromIPC(readFileSync(fromPyarrow)).toArray());
    for (const reuseBuffers of [false, true]) {
      const rowsRead: unknown[] = [];
      for await (const batch of readArrowIpc(fromPyarrow, { reuseBuffers }))
        rowsRead.push(...plain(batch.toArray()));
      expect(rowsRead, `reuseBuffers ${reuseBuffers}`).toEqual(expectedRows);
    }
  });

  it('stops early without leaving a read behind, and reads again', async () => {
    for await (const batch of readArrowIpc(path, { reuseBuffers: true })) {
      expect(batch.numRows).toBe(1_000);
      break;
    }
    expect(await collect(readArrowIpc(path))).toHaveLength(rows);
  });

  it('rejects truncated and corrupt files with a typed error naming the file', async () => {
    const bytes = readFileSync(path);
    const corrupt = {
      truncated: bytes.subarray(0, bytes.length - 20),
      badFooterLength: (() => {
        const copy = Uint8Array.from(bytes);
        new DataView(copy.buffer).setInt32(copy.length - 10, 1 << 30, true);
        return copy;
      })(),
      noBody: (() => {
        // A footer that points past the end: magic, the footer and nothing else.
        const footerLength = new DataView(bytes.buffer, bytes.byteOffset).getInt32(
          bytes.length - 10,
          true,
        );
        const tail = bytes.subarray(bytes.length - 10 - footerLength);
        return Buffer.concat([bytes.subarray(0, 8), tail]);
      })(),
    };
    for (const [name, content] of Object.entries(corrupt)) {
      const corruptPath = file(`${name}.arrow`, content);
      const error = await collect(readArrowIpc(corruptPath)).catch(caught => caught);
      expect(InvalidInputError.isInstance(error), name).toBe(true);
      expect(error, name).toMatchObject({
        code: 'INVALID_ARROW_FILE',
        details: { path: corruptPath },
      });
    }
  });
});
