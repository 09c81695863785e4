import { mkdtempSync, openAsBlob, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Int64,
  type RecordBatch,
  Table,
  tableFromIPC,
  tableToIPC,
  Uint64,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { InvalidInputError } from '@ballast/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSuite } from '../suite/parse-suite';
import { validate } from '../validate';
import { readArrowIpc } from './read-arrow-ipc';
import { readDatasetFile } from './read-dataset-file';
import { readParquet } from './read-parquet';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));
const suite = parseSuite(readFileSync(fixture('parity-suite.json'), 'utf8'));

async function columnsRead(
  batches: AsyncIterable<{ schema: { fields: Array<{ name: string }> } }>,
) {
  const names = new Set<string>();
  for await (const batch of batches) for (const field of batch.schema.fields) names.add(field.name);
  return [...names];
}

describe('readParquet projection', () => {
  it('decodes only the columns a suite uses, struct parents of dot paths included', async () => {
    const partial = parseSuite({
      name: 'p',
      expectations: [
        {
          type: 'expect_column_values_to_be_between',
          kwargs: { column: 'user.age', min_value: 0 },
        },
        {
          type: 'expect_column_values_to_not_be_null',
          kwargs: { column: 'email', row_condition: 'amount > 5', condition_parser: 'pandas' },
        },
        { type: 'expect_column_values_to_be_unique', kwargs: { column: 'not_in_file' } },
      ],
    });
    expect(await columnsRead(readParquet(fixture('parity.parquet'), { suite: partial }))).toEqual([
      'amount',
      'email',
      'user',
    ]);
  });

  it('reads every column for a suite that checks the column list', async () => {
    const listing = parseSuite({
      name: 'l',
      expectations: [{ type: 'expect_table_column_count_to_equal', kwargs: { value: 11 } }],
    });
    const names = await columnsRead(readParquet(fixture('parity.parquet'), { suite: listing }));
    expect(names).toHaveLength(11);
    const counts = parseSuite({
      name: 'c',
      expectations: [{ type: 'expect_table_row_count_to_be_between', kwargs: { min_value: 1 } }],
    });
    // No column needed: one is still read, for the row count.
    expect(
      await columnsRead(readParquet(fixture('parity.parquet'), { suite: counts })),
    ).toHaveLength(1);
  });

  it('reads flat columns through kit’s columnar reader with the file’s own types and results', async () => {
    // Without the struct column every column read is flat, so batches come from kit's reader.
    const flat = {
      ...suite,
      expectations: suite.expectations.filter(
        expectation => !JSON.stringify(expectation).includes('user'),
      ),
    };
    const columns = ['id', 'amount', 'quantity', 'country', 'email', 'start', 'end'];
    const batches: RecordBatch[] = [];
    for await (const batch of readParquet(fixture('parity.parquet'), { columns, batchSize: 300 }))
      batches.push(batch);
    const arrowBatches: RecordBatch[] = [];
    for await (const batch of readArrowIpc(fixture('parity.arrow'))) arrowBatches.push(batch);
    const types = (batch: RecordBatch) =>
      batch.schema.fields.map(field => `${field.name}:${field.type}:${field.nullable}`);
    // String columns dictionary-encoded in the file stay dictionary-encoded.
    const dictionaryEncoded = ['country', 'email'];
    expect(types(batches[0]!)).toEqual(
      types(arrowBatches[0]!)
        .filter(type => columns.includes(type.split(':')[0]!))
        .map(type => {
          const [name, valueType, nullable] = type.split(':');
          return dictionaryEncoded.includes(name!)
            ? `${name}:Dictionary<Int32, ${valueType}>:${nullable}`
            : type;
        }),
    );
    const summary = (report: Awaited<ReturnType<typeof validate>>) =>
      report.results.map(result => [
        result.expectation.id,
        result.success,
        result.result.unexpected_count,
        result.result.missing_count,
        // Batches of another size sum in another order: the last bits of a mean may differ.
        JSON.stringify(result.result.observed_value ?? null, (_, value) =>
          typeof value === 'number' ? Number(value.toPrecision(12)) : value,
        ),
      ]);
    const projected = await validate(
      flat,
      readParquet(fixture('parity.parquet'), { suite: flat, batchSize: 300 }),
    );
    expect(summary(projected)).toEqual(
      summary(await validate(flat, readArrowIpc(fixture('parity.arrow')))),
    );
  });

  it('gives the same results with projection as the full Arrow file', async () => {
    const projected = await validate(
      suite,
      readParquet(fixture('parity.parquet'), { suite, batchSize: 300 }),
    );
    const full = await validate(suite, readArrowIpc(fixture('parity.arrow')));
    const summary = (report: typeof full) =>
      report.results.map(result => [
        result.expectation.id,
        result.success,
        result.result.unexpected_count,
        result.result.missing_count,
      ]);
    expect(summary(projected)).toEqual(summary(full));
  });
});

describe('readParquet on hostile files (kit/src/columnar/__fixtures__/parquet/generate.py)', () => {
  // kit's Parquet fixtures (written by its generate.py); every one but the readable files is corrupt.
  const directory = new URL('../../../kit/src/columnar/__fixtures__/parquet/', import.meta.url);
  const hostile = (name: string) => fileURLToPath(new URL(name, directory));
  const readable = ['typed.parquet', 'exotic.parquet', 'zero-rows.parquet'];
  const corruptParquetFiles = readdirSync(directory)
    .filter(name => name.endsWith('.parquet') && !readable.includes(name))
    .sort();
  const drain = async (batches: AsyncIterable<RecordBatch>) => {
    let rows = 0;
    for await (const batch of batches) rows += batch.numRows;
    return rows;
  };

  // footer-too-long.parquet killed the process: parquet-wasm panics in a detached promise.
  it.each(corruptParquetFiles)('refuses %s with INVALID_PARQUET', async name => {
    await expect(drain(readParquet(hostile(name)))).rejects.toMatchObject({
      code: 'INVALID_PARQUET',
    });
    await expect(drain(readDatasetFile(hostile(name)))).rejects.toMatchObject({
      code: 'INVALID_PARQUET',
    });
  });

  it('refuses a projection naming a missing column with COLUMN_NOT_FOUND', async () => {
    await expect(
      drain(readParquet(hostile('typed.parquet'), { columns: ['i64', 'nope'] })),
    ).rejects.toMatchObject({
      code: 'COLUMN_NOT_FOUND',
      message: expect.stringContaining('"nope"'),
    });
  });

  it('reads a file without rows as no rows', async () => {
    expect(await drain(readParquet(hostile('zero-rows.parquet')))).toBe(0);
  });

  it.each(['typed.parquet', 'exotic.parquet'])(
    'reads every column of %s as the Arrow IPC path does (int64 past 2^53, uint64 near 2^64, timestamps of every unit, float16, dictionaries; decimals, binary and lists through the fallback)',
    async name => {
      const parquet = await import('parquet-wasm/node');
      const file = await parquet.ParquetFile.fromFile(await openAsBlob(hostile(name)));
      const reference = tableFromIPC((await file.read()).intoIPCStream());
      file.free();
      const plain = (value: unknown): unknown => {
        if (typeof value === 'bigint') return Number(value);
        if (ArrayBuffer.isView(value)) return Array.from(value as Uint8Array);
        if (value !== null && typeof value === 'object' && 'toArray' in value)
          return Array.from((value as { toArray(): ArrayLike<unknown> }).toArray(), plain);
        return value;
      };
      // Odd batch sizes put batch edges inside row groups, so slices with offsets are read.
      for (const batchSize of [3, 4, 1024]) {
        const batches: RecordBatch[] = [];
        for await (const batch of readParquet(hostile(name), { batchSize })) batches.push(batch);
        for (const field of reference.schema.fields) {
          const got = batches.flatMap(batch => [...batch.getChild(field.name)!].map(plain));
          expect(got, `${field.name} at batchSize ${batchSize}`).toEqual(
            [...reference.getChild(field.name)!].map(plain),
          );
        }
      }
    },
  );

  it('validates typed.parquet as pandas does (int64 past 2^53, uint64 near 2^64, strings, dictionaries)', async () => {
    // Expected from pandas 3.0 on pd.read_parquet('typed.parquet'), where int64/uint64 columns
    // with nulls become float64 (so values past 2^53 compare rounded, as Ballast reads them).
    const column = (type: string, kwargs: Record<string, unknown>) => ({ type, kwargs });
    const suite = parseSuite({
      name: 'typed',
      expectations: [
        // (d.i64 < -2**53) | (d.i64 > 2**53) -> 4 (2**53 + 1 rounds to 2**53)
        column('expect_column_values_to_be_between', {
          column: 'i64',
          min_value: -(2 ** 53),
          max_value: 2 ** 53,
        }),
        // d.u64 > 2**63 -> 2 (2**64 - 1 and 2**64 - 2049)
        column('expect_column_values_to_be_between', {
          column: 'u64',
          min_value: 0,
          max_value: 2 ** 63,
        }),
        // d.s.nunique() -> 5, d.ls.nunique() -> 4, d['dict'].nunique() -> 3
        column('expect_column_unique_value_count_to_be_between', {
          column: 's',
          min_value: 5,
          max_value: 5,
        }),
        column('expect_column_unique_value_count_to_be_between', {
          column: 'ls',
          min_value: 4,
          max_value: 4,
        }),
        column('expect_column_unique_value_count_to_be_between', {
          column: 'dict',
          min_value: 3,
          max_value: 3,
        }),
        // (d.s.dropna().str.len() != 2).sum() -> 5; (d.ls.dropna().str.len() != 1).sum() -> 3
        column('expect_column_value_lengths_to_equal', { column: 's', value: 2 }),
        column('expect_column_value_lengths_to_equal', { column: 'ls', value: 1 }),
        // d.allnull.isna().sum() -> 10, d['dict'].isna().sum() -> 2
        column('expect_column_values_to_not_be_null', { column: 'allnull' }),
        column('expect_column_values_to_not_be_null', { column: 'dict' }),
      ],
    });
    for (const batchSize of [3, 1024]) {
      const report = await validate(
        suite,
        readParquet(hostile('typed.parquet'), { suite, batchSize }),
      );
      const observed = report.results.map(result => {
        const value = result.result as { unexpected_count?: number; observed_value?: unknown };
        return value.observed_value ?? value.unexpected_count;
      });
      expect(observed).toEqual([4, 2, 5, 4, 3, 5, 3, 10, 2]);
    }
  });
});

describe('readParquet round trip (property)', () => {
  it('reads back what parquet-wasm wrote: int64/uint64 at any magnitude, nulls, strings, at any batch size', async () => {
    const parquet = await import('parquet-wasm/node');
    const directory = mkdtempSync(join(tmpdir(), 'ballast-parquet-'));
    const int64 = fc.oneof(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
    );
    const row = fc.record({
      i: fc.option(int64),
      u: fc.option(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
      s: fc.option(fc.string({ unit: 'grapheme', maxLength: 4 })),
    });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(row, { minLength: 0, maxLength: 40 }),
          fc.integer({ min: 1, max: 17 }),
          async (rows, batchSize) => {
            const table = new Table({
              i: vectorFromArray(
                rows.map(entry => entry.i),
                new Int64(),
              ),
              u: vectorFromArray(
                rows.map(entry => entry.u),
                new Uint64(),
              ),
              s: vectorFromArray(
                rows.map(entry => entry.s),
                new Utf8(),
              ),
            });
            const path = join(directory, 'round-trip.parquet');
            const wasmTable = parquet.Table.fromIPCStream(tableToIPC(table, 'stream'));
            writeFileSync(path, parquet.writeParquet(wasmTable));
            const read: Array<Record<string, unknown>> = [];
            for await (const batch of readParquet(path, { batchSize })) {
              for (let index = 0; index < batch.numRows; index++) {
                read.push({
                  i: batch.getChild('i')!.get(index),
                  u: batch.getChild('u')!.get(index),
                  s: batch.getChild('s')!.get(index),
                });
              }
            }
            expect(read).toEqual(rows);
          },
        ),
        { numRuns: 25 },
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

/** A parquet-wasm loader that fails: readParquet must not call it. */
const noParquetWasm = () => Promise.reject(new Error('parquet-wasm must not be loaded'));

describe('readParquet engines', () => {
  it('reads flat columns with kit’s native reader, never loading parquet-wasm', async () => {
    let rows = 0;
    for await (const batch of readParquet(fixture('columnar.parquet'), {
      parquetWasm: noParquetWasm,
    }))
      rows += batch.numRows;
    expect(rows).toBe(4000);
    const report = await validate(
      suite,
      readParquet(fixture('parity.parquet'), {
        columns: ['amount', 'country', 'email', 'id'],
        parquetWasm: noParquetWasm,
      }),
    );
    expect(report.results.length).toBeGreaterThan(0);
  });

  it('reads a nested selection through parquet-wasm', async () => {
    await expect(
      columnsRead(
        readParquet(fixture('parity.parquet'), { columns: ['user'], parquetWasm: noParquetWasm }),
      ),
    ).rejects.toThrow('parquet-wasm must not be loaded');
    expect(
      await columnsRead(readParquet(fixture('parity.parquet'), { columns: ['user'] })),
    ).toEqual(['user']);
  });

  it('lists the file’s columns when a projection names a missing one', async () => {
    await expect(
      columnsRead(
        readParquet(fixture('columnar.parquet'), {
          columns: ['delay', 'nope'],
          parquetWasm: noParquetWasm,
        }),
      ),
    ).rejects.toMatchObject({
      code: 'COLUMN_NOT_FOUND',
      message: expect.stringContaining(
        'has no column "nope"; it has "date", "delay", "big", "distance", "origin", "destination".',
      ),
    });
  });

  it('keeps dictionary-encoded strings as Dictionary columns, one dictionary per column chunk', async () => {
    const dictionaries = new Set<unknown>();
    let batches = 0;
    for await (const batch of readParquet(fixture('columnar.parquet'), {
      columns: ['origin'],
      batchSize: 300,
    })) {
      batches++;
      const data = batch.getChild('origin')!.data[0]!;
      expect(String(data.type)).toBe('Dictionary<Int32, LargeUtf8>');
      dictionaries.add(data.dictionary);
    }
    // 4 row groups of 1000 rows cut into batches of 300: 16 batches, 4 dictionaries.
    expect(batches).toBe(16);
    expect(dictionaries.size).toBe(4);
  });
});

describe('readParquet on a pandas fixture (scripts/generate-columnar-fixtures.py)', () => {
  // ZSTD, dictionary strings with PLAIN fallback pages, int64 past 2^53, nulls, empty strings.
  const columnarSuite = parseSuite(readFileSync(fixture('columnar-suite.json'), 'utf8'));
  const expected = JSON.parse(readFileSync(fixture('columnar-expected.json'), 'utf8')) as {
    pandas: Record<string, { unexpected_count?: number; observed_value?: number }>;
  };

  it.each([7, 1000, 65_536])(
    'gives pandas’ counts and statistics at batch size %i',
    async batchSize => {
      const report = await validate(
        columnarSuite,
        readParquet(fixture('columnar.parquet'), { suite: columnarSuite, batchSize }),
        { resultFormat: 'COMPLETE' },
      );
      expect(report.results).toHaveLength(Object.keys(expected.pandas).length);
      for (const result of report.results) {
        const want = expected.pandas[result.expectation.id!]!;
        const got = result.result as { unexpected_count?: number; observed_value?: number };
        if (want.unexpected_count !== undefined)
          expect(got.unexpected_count, result.expectation.id).toBe(want.unexpected_count);
        if (want.observed_value !== undefined) {
          // Sums of 4,000 values near 2^62 depend on the order of addition in their last bits.
          const tolerance = Math.abs(want.observed_value) * 1e-12;
          expect(
            Math.abs((got.observed_value as number) - want.observed_value),
            result.expectation.id,
          ).toBeLessThanOrEqual(tolerance);
        }
      }
    },
  );
});

describe('readParquet on hostile input', () => {
  it('reads a string column holding invalid UTF-8 the same dictionary-encoded or plain', async () => {
    const stringSuite = parseSuite({
      name: 'utf8',
      expectations: [
        { type: 'expect_column_values_to_match_regex', kwargs: { column: 'text', regex: '^ok$' } },
        { type: 'expect_column_value_lengths_to_equal', kwargs: { column: 'text', value: 2 } },
        { type: 'expect_column_unique_value_count_to_be_between', kwargs: { column: 'text' } },
        {
          type: 'expect_column_values_to_be_in_set',
          kwargs: { column: 'text', value_set: ['ok', '', '€'] },
        },
        { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'text' } },
      ],
    });
    const results = async (name: string) => {
      const report = await validate(stringSuite, readParquet(fixture(name), { batchSize: 4 }), {
        resultFormat: 'COMPLETE',
      });
      return report.results.map(result => [result.success, result.result]);
    };
    const plain = await results('invalid-utf8-plain.parquet');
    expect(await results('invalid-utf8.parquet')).toEqual(plain);
    // Bad bytes decode to U+FFFD (as TextDecoder does) and are counted as decoded: 7 distinct
    // byte strings, 6 distinct values ("\xff\xfe" and "\xc0\xaf" both read "\uFFFD\uFFFD").
    expect((plain[2]![1] as { observed_value: number }).observed_value).toBe(6);
    const values: unknown[] = [];
    for await (const batch of readParquet(fixture('invalid-utf8-plain.parquet')))
      values.push(...batch.getChild('text')!.toArray());
    const decoder = new TextDecoder();
    const raw = [
      [0x6f, 0x6b],
      [0xff, 0xfe],
      [],
      null,
      [0x61, 0xc3],
      [0xe2, 0x82, 0xac],
      [0x6f, 0x6b],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
    ];
    expect(values).toEqual(
      Array.from({ length: 3 }, () =>
        raw.map(bytes => (bytes === null ? null : decoder.decode(new Uint8Array(bytes)))),
      ).flat(),
    );
  });

  it('ends every cut or bit-flipped file in a result or a typed error, never a crash', async () => {
    const original = readFileSync(fixture('columnar.parquet'));
    const directory = mkdtempSync(join(tmpdir(), 'ballast-hostile-'));
    const path = join(directory, 'mutated.parquet');
    const columnarSuite = parseSuite(readFileSync(fixture('columnar-suite.json'), 'utf8'));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.record({ cut: fc.integer({ min: 0, max: original.length - 1 }) }),
            fc.record({
              flips: fc.array(
                fc.record({
                  at: fc.integer({ min: 0, max: original.length - 1 }),
                  bit: fc.integer({ min: 0, max: 7 }),
                }),
                { minLength: 1, maxLength: 8 },
              ),
            }),
          ),
          async mutation => {
            const bytes =
              'cut' in mutation ? original.subarray(0, mutation.cut) : Buffer.from(original);
            if ('flips' in mutation)
              for (const { at, bit } of mutation.flips) bytes[at]! ^= 1 << bit;
            writeFileSync(path, bytes);
            try {
              await validate(columnarSuite, readParquet(path, { suite: columnarSuite }));
            } catch (error) {
              // A flipped bit can also name a real codec or encoding that no reader decodes here.
              expect(InvalidInputError.isInstance(error), String(error)).toBe(true);
              expect(['INVALID_PARQUET', 'PARQUET_UNSUPPORTED'], String(error)).toContain(
                (error as InvalidInputError).code,
              );
            }
          },
        ),
        {
          numRuns: 150,
          // A flipped bit in the footer's Arrow schema once reached parquet-wasm, which aborted.
          examples: [[{ flips: [{ at: 112_802, bit: 0 }] }]],
        },
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses, before parquet-wasm reads a file with a nested column, a corrupt page of its flat columns', async () => {
    // parity.parquet has a struct column (`user`), so it is read through parquet-wasm; this byte
    // of the `email` dictionary page makes its values invalid UTF-8, on which parquet-wasm traps
    // with an exception no caller can catch (the process ended).
    const bytes = Buffer.from(readFileSync(fixture('parity.parquet')));
    bytes[11_894] = 175;
    const directory = mkdtempSync(join(tmpdir(), 'ballast-hostile-'));
    const path = join(directory, 'bad-email.parquet');
    writeFileSync(path, bytes);
    try {
      const read = async () => {
        for await (const _batch of readParquet(path)) {
        }
      };
      await expect(read()).rejects.toMatchObject({
        code: 'INVALID_PARQUET',
        message: expect.stringContaining('"email"'),
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('readParquet dictionary pages (property)', () => {
  it('reports on dictionary-encoded files exactly as on plain-encoded ones', async () => {
    const parquet = await import('parquet-wasm/node');
    const directory = mkdtempSync(join(tmpdir(), 'ballast-dictionary-'));
    const properties = (dictionary: boolean) =>
      new parquet.WriterPropertiesBuilder()
        .setDictionaryEnabled(dictionary)
        .setMaxRowGroupSize(16)
        .build();
    const int64 = fc.oneof(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
      fc.bigInt({ min: -50n, max: 50n }),
    );
    const text = fc.oneof(
      fc.constantFrom('', 'a', 'ab', 'abc', 'AB', 'é', 'ZZZ', '€€'),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    );
    const row = fc.record({
      s: fc.option(text, { nil: null }),
      i: fc.option(int64, { nil: null }),
    });
    const column = (type: string, kwargs: Record<string, unknown>) => ({ type, kwargs });
    const checks = parseSuite({
      name: 'dictionary',
      expectations: [
        column('expect_column_values_to_match_regex', { column: 's', regex: '^[a-z]{2}' }),
        column('expect_column_values_to_not_match_regex', { column: 's', regex: 'b' }),
        column('expect_column_value_lengths_to_equal', { column: 's', value: 2 }),
        column('expect_column_value_lengths_to_be_between', {
          column: 's',
          min_value: 1,
          max_value: 2,
        }),
        column('expect_column_values_to_be_in_set', { column: 's', value_set: ['', 'a', 'é'] }),
        column('expect_column_values_to_not_be_null', { column: 's' }),
        column('expect_column_unique_value_count_to_be_between', { column: 's' }),
        column('expect_column_distinct_values_to_be_in_set', {
          column: 's',
          value_set: ['a', 'ab'],
        }),
        column('expect_column_values_to_be_between', {
          column: 'i',
          min_value: -(2 ** 53),
          max_value: 2 ** 53,
        }),
        column('expect_column_values_to_be_between', { column: 'i', min_value: -10 }),
        column('expect_column_values_to_be_in_set', { column: 'i', value_set: [0, 1, 2 ** 60] }),
        column('expect_column_max_to_be_between', { column: 'i' }),
        column('expect_column_unique_value_count_to_be_between', { column: 'i' }),
      ],
    });
    const report = async (path: string, batchSize: number) => {
      const result = await validate(checks, readParquet(path, { batchSize }), {
        resultFormat: 'COMPLETE',
      });
      return result.results.map(entry => [entry.success, entry.code, entry.result]);
    };
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(row, { maxLength: 60 }),
          fc.integer({ min: 1, max: 40 }),
          async (rows, batchSize) => {
            const table = new Table({
              s: vectorFromArray(
                rows.map(entry => entry.s),
                new Utf8(),
              ),
              i: vectorFromArray(
                rows.map(entry => entry.i),
                new Int64(),
              ),
            });
            const written = (dictionary: boolean) => {
              const path = join(directory, `${dictionary ? 'dictionary' : 'plain'}.parquet`);
              const wasmTable = parquet.Table.fromIPCStream(tableToIPC(table, 'stream'));
              writeFileSync(path, parquet.writeParquet(wasmTable, properties(dictionary)));
              return path;
            };
            const plain = await report(written(false), batchSize);
            const encoded = written(true);
            for await (const batch of readParquet(encoded, { columns: ['s'] }))
              expect(String(batch.getChild('s')!.type)).toBe('Dictionary<Int32, Utf8>');
            expect(await report(encoded, batchSize)).toEqual(plain);
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
