import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '@ballast/contracts';
import { readParquetFileFooter } from '@ballast/kit';
import {
  Bool,
  DateDay,
  Dictionary,
  DurationSecond,
  Float32,
  Float64,
  Int16,
  Int32,
  LargeUtf8,
  TimestampMicrosecond,
  TimestampNanosecond,
  TimestampSecond,
  Uint8,
  Uint64,
  Int64,
  type RecordBatch,
  Table,
  TimestampMillisecond,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSuiteOptions } from '../engine/run-suite';
import { readParquet } from '../io/read-parquet';
import { parseSuite } from '../suite/parse-suite';
import { validate } from '../validate';
import {
  columnStatisticsFacts,
  parquetStatisticsMetadataKey,
  statisticsFactsOf,
} from './parquet-statistics';

type ParquetWasm = typeof import('parquet-wasm/node');
let parquet: ParquetWasm;
const directory = mkdtempSync(join(tmpdir(), 'ballast-parquet-statistics-'));
beforeAll(async () => {
  parquet = await import('parquet-wasm/node');
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let written = 0;
/** Writes `table` with row groups of `groupRows` rows, with or without statistics. */
function writeFile(table: Table, groupRows: number, statistics = true): string {
  const path = join(directory, `file-${written++}.parquet`);
  let builder = new parquet.WriterPropertiesBuilder().setMaxRowGroupSize(groupRows);
  if (!statistics) builder = builder.setStatisticsEnabled(parquet.EnabledStatistics.None);
  const wasmTable = parquet.Table.fromIPCStream(tableToIPC(table, 'stream'));
  writeFileSync(path, parquet.writeParquet(wasmTable, builder.build()));
  return path;
}

const rows = 50;
const range = <T>(make: (index: number) => T): T[] =>
  Array.from({ length: rows }, (_, i) => make(i));
const table = new Table({
  i: vectorFromArray(
    range(i => BigInt(i * 2 - 5)),
    new Int64(),
  ),
  n: vectorFromArray(
    range(i => (i % 9 === 4 ? null : i)),
    new Int32(),
  ),
  allnull: vectorFromArray(
    range(() => null),
    new Int64(),
  ),
  s: vectorFromArray(
    range(i => `s${i % 7}`),
    new Utf8(),
  ),
  f: vectorFromArray(
    range(i => (i === 3 ? Number.NaN : i / 2)),
    new Float64(),
  ),
  ts: vectorFromArray(
    range(i => 1_700_000_000_000 + i),
    new TimestampMillisecond(),
  ),
});
const expectation = (type: string, kwargs: Record<string, unknown>, extra = {}) => ({
  type,
  kwargs,
  ...extra,
});
const suiteOf = (...expectations: ReturnType<typeof expectation>[]) =>
  parseSuite({ name: 'statistics', expectations });

async function columnsRead(batches: AsyncIterable<RecordBatch>): Promise<string[]> {
  const names = new Set<string>();
  for await (const batch of batches) for (const field of batch.schema.fields) names.add(field.name);
  return [...names];
}

/** Both reports, from the footer (the default) and decoded; and the columns each read. */
async function bothWays(
  path: string,
  suite: ReturnType<typeof suiteOf>,
  options: RunSuiteOptions = {},
) {
  const run = { createdAt: '2026-01-01T00:00:00.000Z', ...options };
  return {
    pushed: await validate(suite, readParquet(path, { suite }), run),
    decoded: await validate(suite, readParquet(path, { suite, statistics: false }), run),
    read: await columnsRead(readParquet(path, { suite })),
  };
}

describe('expectations answered from Parquet footer statistics', () => {
  let path: string;
  let noStatistics: string;
  beforeAll(() => {
    path = writeFile(table, 7);
    noStatistics = writeFile(table, 7, false);
  });

  it.each([
    [
      'not null on integers, strings and timestamps',
      [
        expectation('expect_column_values_to_not_be_null', { column: 'i' }),
        expectation('expect_column_values_to_not_be_null', { column: 's' }),
        expectation('expect_column_values_to_not_be_null', { column: 'ts', mostly: 0.5 }),
        expectation('expect_table_row_count_to_equal', { value: rows }),
      ],
      [],
    ],
    [
      'null checks that hold',
      [
        expectation('expect_column_values_to_be_null', { column: 'allnull' }),
        expectation('expect_column_values_to_be_between', { column: 'allnull', min_value: 0 }),
      ],
      [],
    ],
    [
      'bounds inside, inclusive, strict outside the extremes, open',
      [
        expectation('expect_column_values_to_be_between', {
          column: 'i',
          min_value: -5,
          max_value: 93,
        }),
        expectation('expect_column_values_to_be_between', {
          column: 'i',
          min_value: -6,
          max_value: 94,
          strict_min: true,
          strict_max: true,
        }),
        expectation('expect_column_values_to_be_between', {
          column: 'i',
          min_value: null,
          max_value: 93,
        }),
        expectation('expect_column_values_to_be_between', { column: 'i', min_value: -5 }),
        expectation('expect_column_values_to_be_between', {
          column: 'i',
          min_value: -5,
          mostly: 0.9,
        }),
      ],
      [],
    ],
  ])('%s: not decoded, same report', async (_, expectations, extra) => {
    const suite = suiteOf(
      ...expectations,
      expectation('expect_column_values_to_not_be_null', { column: 's' }),
    );
    const { pushed, decoded, read } = await bothWays(path, suite);
    expect(pushed).toStrictEqual(decoded);
    expect(pushed.success).toBe(true);
    expect(read).toEqual(extra);
    for (const format of ['BOOLEAN_ONLY', 'COMPLETE'] as const) {
      const again = await bothWays(path, suite, { resultFormat: format, onEmpty: 'fail' });
      expect(again.pushed).toStrictEqual(again.decoded);
    }
  });

  it.each([
    ['nulls present', expectation('expect_column_values_to_not_be_null', { column: 'n' }), 'n'],
    [
      'nulls present, mostly',
      expectation('expect_column_values_to_not_be_null', { column: 'n', mostly: 0.5 }),
      'n',
    ],
    [
      'NaN is missing in a float column',
      expectation('expect_column_values_to_not_be_null', { column: 'f' }),
      'f',
    ],
    ['not all null', expectation('expect_column_values_to_be_null', { column: 'i' }), 'i'],
    [
      'strict bound on the minimum',
      expectation('expect_column_values_to_be_between', {
        column: 'i',
        min_value: -5,
        strict_min: true,
      }),
      'i',
    ],
    [
      'strict bound on the maximum',
      expectation('expect_column_values_to_be_between', {
        column: 'i',
        max_value: 93,
        strict_max: true,
      }),
      'i',
    ],
    [
      'maximum out of bounds, mostly',
      expectation('expect_column_values_to_be_between', {
        column: 'i',
        max_value: 50,
        mostly: 0.1,
      }),
      'i',
    ],
    [
      'integer with nulls out of bounds',
      expectation('expect_column_values_to_be_between', { column: 'n', min_value: 3 }),
      'n',
    ],
    [
      'float range',
      expectation('expect_column_values_to_be_between', { column: 'f', min_value: 0 }),
      'f',
    ],
    [
      'timestamp range',
      expectation('expect_column_values_to_be_between', { column: 'ts', min_value: 0 }),
      'ts',
    ],
    [
      'row condition',
      expectation(
        'expect_column_values_to_not_be_null',
        { column: 'i' },
        { row_condition: 'n > 3', condition_parser: 'pandas' },
      ),
      'i',
    ],
    [
      'another expectation on the column',
      expectation('expect_column_values_to_be_unique', { column: 'i' }),
      'i',
    ],
  ])('decodes the column when the footer cannot answer exactly: %s', async (_, checked, column) => {
    const suite = suiteOf(expectation('expect_column_values_to_not_be_null', { column }), checked);
    const { pushed, decoded, read } = await bothWays(path, suite);
    expect(read).toContain(column);
    expect(pushed).toStrictEqual(decoded);
  });

  it('reads the Arrow type the writer recorded: a duration over an INT64 is no plain integer', async () => {
    const recorded = new Table({
      d: vectorFromArray(
        range(i => BigInt(i + 1)),
        new DurationSecond(),
      ),
      small: vectorFromArray(
        range(i => i - 3),
        new Int16(),
      ),
    });
    const file = writeFile(recorded, 9);
    const footer = await readParquetFileFooter(file);
    expect(footer.rowGroups[0]?.columns.get('d')).toMatchObject({
      physicalType: 'INT64',
      arrowType: 'tDs',
    });
    const suite = suiteOf(
      // Durations are compared in milliseconds by the engine, so 1 s is outside [0, 100].
      expectation('expect_column_values_to_be_between', {
        column: 'd',
        min_value: 0,
        max_value: 100,
      }),
      expectation('expect_column_values_to_be_between', {
        column: 'small',
        min_value: -3,
        max_value: 46,
      }),
    );
    const { pushed, decoded, read } = await bothWays(file, suite);
    expect(read).toEqual(['d']);
    expect(pushed).toStrictEqual(decoded);
    expect(pushed.results[0]?.success).toBe(false);
  });

  it('proves no range from INT64 statistics beyond 2^53 (they arrive rounded)', async () => {
    const big = writeFile(
      new Table({
        v: vectorFromArray([2n ** 53n + 1n, 5n, 2n ** 53n - 7n], new Int64()),
      }),
      2,
    );
    const facts = columnStatisticsFacts(await readParquetFileFooter(big), 'v');
    expect(facts).toMatchObject({ kind: 'integer', nullCount: 0 });
    expect(facts?.min).toBeUndefined();
    const suite = suiteOf(
      expectation('expect_column_values_to_be_between', {
        column: 'v',
        min_value: 0,
        max_value: 2 ** 53,
      }),
    );
    const { pushed, decoded, read } = await bothWays(big, suite);
    expect(read).toEqual(['v']);
    expect(pushed).toEqual(decoded);
  });

  it('tells column names from object properties', async () => {
    const named = new Table({
      toString: vectorFromArray(
        range(i => i % 3),
        new Int32(),
      ),
      constructor: vectorFromArray(
        range(i => i),
        new Int32(),
      ),
    });
    const file = writeFile(named, 20);
    const suite = suiteOf(
      expectation('expect_column_values_to_not_be_null', { column: 'constructor' }),
      expectation('expect_column_values_to_be_unique', { column: 'toString' }),
    );
    const { pushed, decoded, read } = await bothWays(file, suite);
    expect(read).toEqual(['toString']);
    expect(pushed).toStrictEqual(decoded);
  });

  it('decodes every column of a file written without statistics', async () => {
    const suite = suiteOf(
      expectation('expect_column_values_to_not_be_null', { column: 'i' }),
      expectation('expect_column_values_to_be_between', { column: 'i', min_value: -5 }),
    );
    const { pushed, decoded, read } = await bothWays(noStatistics, suite);
    expect(read).toEqual(['i']);
    expect(pushed).toStrictEqual(decoded);
    expect(columnStatisticsFacts(await readParquetFileFooter(noStatistics), 'i')).toBeUndefined();
  });

  it('keeps the facts in the schema, so a Table of the batches validates the same', async () => {
    const suite = suiteOf(
      expectation('expect_column_values_to_not_be_null', { column: 'i' }),
      expectation('expect_column_values_to_match_regex', { column: 's', regex: '^s' }),
    );
    const batches: RecordBatch[] = [];
    for await (const batch of readParquet(path, { suite })) batches.push(batch);
    const collected = new Table(batches);
    expect(collected.schema.fields.map(field => field.name)).toEqual(['s']);
    expect(statisticsFactsOf(collected.schema)).toEqual({
      rows,
      columns: { i: { nullCount: 0, kind: 'integer', min: -5, max: 93 } },
    });
    const createdAt = 'then';
    expect(await validate(suite, collected, { createdAt })).toStrictEqual(
      await validate(suite, readParquet(path, { suite, statistics: false }), { createdAt }),
    );
    // A part of the file is not what the footer describes.
    await expect(validate(suite, collected.slice(0, 10))).rejects.toMatchObject({
      code: 'COLUMN_NOT_DECODED',
    });
  });

  it('refuses, with a typed error naming the option, an expectation the footer cannot answer', async () => {
    const read = suiteOf(expectation('expect_column_values_to_not_be_null', { column: 'i' }));
    for (const other of [
      suiteOf(expectation('expect_column_values_to_be_unique', { column: 'i' })),
      suiteOf(expectation('expect_column_to_exist', { column: 'i' })),
      suiteOf(expectation('expect_table_columns_to_match_set', { column_set: ['i'] })),
      suiteOf(
        expectation(
          'expect_column_values_to_not_be_null',
          { column: 's' },
          {
            row_condition: 'i > 3',
            condition_parser: 'pandas',
          },
        ),
      ),
    ]) {
      const error = await validate(other, readParquet(path, { suite: read })).catch(e => e);
      expect(InvalidInputError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'COLUMN_NOT_DECODED' });
      expect(error.message).toMatch(/statistics: false/);
    }
    // Another suite whose expectations the footer answers too is fine.
    const also = suiteOf(
      expectation('expect_column_values_to_be_between', { column: 'i', min_value: -10 }),
    );
    const createdAt = 'now';
    expect(await validate(also, readParquet(path, { suite: read }), { createdAt })).toStrictEqual(
      await validate(also, readParquet(path), { createdAt }),
    );
  });

  it('answers null checks on columns of every flat type exactly as decoded', async () => {
    const some = <T>(value: T) => range(i => (i % 11 === 3 ? null : value));
    const none = <T>(value: T) => range(() => value);
    const typed = (values: <T>(value: T) => Array<T | null>) =>
      new Table({
        u64: vectorFromArray(values(2n ** 63n + 5n), new Uint64()),
        u8: vectorFromArray(values(200), new Uint8()),
        ts_s: vectorFromArray(values(1_700_000_000_000), new TimestampSecond()),
        ts_us: vectorFromArray(values(1_700_000_000_000), new TimestampMicrosecond()),
        ts_ns: vectorFromArray(values(1_700_000_000_000), new TimestampNanosecond()),
        day: vectorFromArray(values(1_700_000_000_000), new DateDay()),
        f32: vectorFromArray(values(Number.NaN), new Float32()),
        large: vectorFromArray(values('é'), new LargeUtf8()),
        dict: vectorFromArray(values('a'), new Dictionary(new Utf8(), new Int32())),
        b: vectorFromArray(values(true), new Bool()),
      });
    for (const values of [some, none]) {
      const file = writeFile(typed(values), 13);
      for (const column of typed(values).schema.fields.map(field => field.name)) {
        for (const type of [
          'expect_column_values_to_not_be_null',
          'expect_column_values_to_be_null',
        ]) {
          const suite = suiteOf(expectation(type, { column }));
          const { pushed, decoded, read } = await bothWays(file, suite, {
            resultFormat: 'COMPLETE',
          });
          expect(pushed).toStrictEqual(decoded);
          // Without nulls the not-null check is answered by the footer, but on floats (NaN) and
          // on second timestamps (a plain INT64 with only the recorded Arrow type saying so).
          if (values === none && type === 'expect_column_values_to_not_be_null')
            expect(read).toEqual(column === 'f32' || column === 'ts_s' ? [column] : []);
        }
      }
    }
  });

  it('reads no facts from a schema whose metadata is not readable', () => {
    const schema = (text: string) =>
      ({ metadata: new Map([[parquetStatisticsMetadataKey, text]]) }) as never;
    expect(statisticsFactsOf(schema('{'))).toBeUndefined();
    expect(statisticsFactsOf(schema('{"rows":-1,"columns":{}}'))).toBeUndefined();
    expect(statisticsFactsOf(schema('null'))).toBeUndefined();
  });

  it('equals the decoded report on generated files and suites (property)', async () => {
    const value = fc.oneof(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
      fc.bigInt({ min: -20n, max: 20n }),
    );
    const bound = fc.oneof(
      fc.constant(null),
      fc.integer({ min: -25, max: 25 }),
      fc.constantFrom(2 ** 53, -(2 ** 53), 2 ** 63, -(2 ** 63), 2 ** 53 + 2),
    );
    const check = fc.oneof(
      fc
        .record({
          type: fc.constantFrom(
            'expect_column_values_to_not_be_null',
            'expect_column_values_to_be_null',
          ),
          mostly: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        })
        .map(({ type, mostly }) =>
          expectation(type, { column: 'x', ...(mostly === undefined ? {} : { mostly }) }),
        ),
      fc
        .record({
          min_value: bound,
          max_value: bound,
          strict_min: fc.boolean(),
          strict_max: fc.boolean(),
          mostly: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        })
        .map(kwargs =>
          expectation('expect_column_values_to_be_between', {
            column: 'x',
            ...Object.fromEntries(Object.entries(kwargs).filter(([, v]) => v !== undefined)),
          }),
        ),
    );
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // Small values, often all inside the bounds; nulls now and then, or not at all.
          fc.array(fc.bigInt({ min: -20n, max: 20n }), { minLength: 1, maxLength: 40 }),
          fc.array(fc.option(value, { nil: null, freq: 3 }), { minLength: 1, maxLength: 40 }),
          fc.array(fc.constant(null), { minLength: 1, maxLength: 10 }),
        ),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        fc.array(check, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('BOOLEAN_ONLY', 'BASIC', 'SUMMARY', 'COMPLETE'),
        fc.constantFrom('pass', 'fail'),
        async (values, groupRows, int32, checks, resultFormat, onEmpty) => {
          // A fresh vector per column: arrow-js writes one vector shared by two columns badly.
          const column = () =>
            int32
              ? vectorFromArray(
                  values.map(entry => (entry === null ? null : Number(BigInt.asIntN(32, entry)))),
                  new Int32(),
                )
              : vectorFromArray(values, new Int64());
          const file = writeFile(new Table({ x: column(), y: column() }), groupRows);
          const suite = suiteOf(
            ...checks,
            expectation('expect_column_values_to_not_be_null', { column: 'y' }),
          );
          const { pushed, decoded, read } = await bothWays(file, suite, {
            resultFormat: resultFormat as RunSuiteOptions['resultFormat'],
            onEmpty: onEmpty as 'pass' | 'fail',
          });
          expect(pushed).toStrictEqual(decoded);
          if (!read.includes('x')) answered++;
        },
      ),
      { numRuns: 80 },
    );
    // The property is not vacuous: a good share of the runs left the column undecoded.
    expect(answered).toBeGreaterThan(10);
  });
});
