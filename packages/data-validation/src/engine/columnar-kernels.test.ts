import {
  type DataType,
  Dictionary,
  Field,
  Float64,
  Int32,
  Int64,
  LargeUtf8,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMicrosecond,
  Uint64,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSuite } from '../suite/parse-suite';
import type { ExpectationSuite } from '../suite/expectation-schemas';
import { validate } from '../validate';
import { createColumnView, type NumberView } from './column-view';
import { ColumnStatistics } from './column-statistics';
import { scanColumn } from './scan-column';
import { resultLimitsFor, UnexpectedTally } from './unexpected-tally';

// The columnar fast paths (64-bit integers read on their halves, dictionary columns tested once
// per entry and counted through entry counts) must give exactly the reports of the general paths.

/** One column cut into batches at `cuts` (0-row batches included), every batch built alone. */
function batched<T>(values: T[], cuts: number[], type: DataType): Table {
  const bounds = [0, ...[...cuts].sort((left, right) => left - right), values.length];
  const field = new Field('value', type, true);
  const schema = new Schema([field]);
  const batches: RecordBatch[] = [];
  for (let part = 0; part + 1 < bounds.length; part++) {
    const slice = values.slice(bounds[part], bounds[part + 1]);
    // Built by hand: apache-arrow's Table drops the column of a 0-row vector.
    const children = [vectorFromArray(slice, type).data[0]!];
    const struct = makeData({
      type: new Struct([field]),
      length: slice.length,
      nullCount: 0,
      children,
    });
    batches.push(new RecordBatch(schema, struct));
  }
  return new Table(schema, batches);
}

/** Results without the run-specific parts, for comparing two inputs. */
async function results(suite: ExpectationSuite, table: Table, limits?: object) {
  const report = await validate(suite, table, {
    resultFormat: 'COMPLETE',
    ...(limits ? { limits } : {}),
  });
  return report.results.map(result => ({
    success: result.success,
    code: result.code,
    result: result.result,
  }));
}

const listCaps = [undefined, { partialUnexpectedCount: 2, unexpectedIndexCount: 3 }];

describe('dictionary string columns', () => {
  const alphabet = ['aa', 'ab', 'ba', 'b', 'é', '', 'aaa', 'ñb', 'ZZZ'];
  const suite = parseSuite({
    name: 'strings',
    expectations: [
      {
        type: 'expect_column_values_to_match_regex',
        kwargs: { column: 'value', regex: '^[a-c]{2}$' },
      },
      {
        type: 'expect_column_values_to_match_regex',
        kwargs: { column: 'value', regex: '^(?:a|é)' },
      },
      { type: 'expect_column_values_to_not_match_regex', kwargs: { column: 'value', regex: 'b' } },
      { type: 'expect_column_value_lengths_to_equal', kwargs: { column: 'value', value: 2 } },
      {
        type: 'expect_column_value_lengths_to_be_between',
        kwargs: { column: 'value', min_value: 1, max_value: 2 },
      },
      {
        type: 'expect_column_values_to_be_in_set',
        kwargs: { column: 'value', value_set: ['aa', 'ab', 'é'] },
      },
      {
        type: 'expect_column_values_to_not_be_in_set',
        kwargs: { column: 'value', value_set: ['ba'] },
      },
      { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'value' } },
      { type: 'expect_column_unique_value_count_to_be_between', kwargs: { column: 'value' } },
      {
        type: 'expect_column_proportion_of_unique_values_to_be_between',
        kwargs: { column: 'value' },
      },
      {
        type: 'expect_column_distinct_values_to_be_in_set',
        kwargs: { column: 'value', value_set: ['aa', 'ab'] },
      },
    ],
  });
  const types: Array<[string, () => DataType]> = [
    ['Dictionary<Utf8>', () => new Dictionary(new Utf8(), new Int32())],
    ['Dictionary<LargeUtf8>', () => new Dictionary(new LargeUtf8(), new Int32())],
  ];

  it('report exactly as plain Utf8 columns, over random values, nulls and batch cuts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.constantFrom(...alphabet), { nil: null }), { maxLength: 60 }),
        fc.array(fc.nat(60), { maxLength: 4 }),
        async (values, rawCuts) => {
          const cuts = rawCuts.map(cut => Math.min(cut, values.length));
          for (const limits of listCaps) {
            const plain = await results(suite, batched(values, cuts, new Utf8()), limits);
            for (const [name, type] of types) {
              const encoded = await results(suite, batched(values, cuts, type()), limits);
              expect(encoded, name).toEqual(plain);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('count distinct values over batches with different dictionaries by value', async () => {
    const type = new Dictionary(new Utf8(), new Int32());
    // Each batch has its own dictionary, in its own order.
    const table = batched(['LAS', 'ATL', 'LAS', null, 'SFO', 'ATL', 'SFO'], [4, 7], type);
    const [unique] = await results(
      parseSuite({
        name: 'u',
        expectations: [
          { type: 'expect_column_unique_value_count_to_be_between', kwargs: { column: 'value' } },
        ],
      }),
      table,
    );
    expect(unique!.result.observed_value).toBe(3);
  });

  it('list unexpected values in row order across batches sharing one dictionary', async () => {
    // Two batches over the same dictionary vector, as kit's reader cuts one column chunk.
    const dictionary = vectorFromArray(['AAA', 'bad', 'CCC'], new Utf8());
    const type = new Dictionary(new Utf8(), new Int32());
    const batch = (indices: number[]) =>
      makeVector(
        makeData({
          type,
          length: indices.length,
          nullCount: 0,
          data: Int32Array.from(indices),
          dictionary,
        }),
      );
    const table = new Table([
      ...new Table({ value: batch([0, 1, 2, 1]) }).batches,
      ...new Table({ value: batch([1, 0]) }).batches,
    ]);
    const [regex] = await results(
      parseSuite({
        name: 'r',
        expectations: [
          {
            type: 'expect_column_values_to_match_regex',
            kwargs: { column: 'value', regex: '^[A-Z]{3}$' },
          },
        ],
      }),
      table,
    );
    expect(regex!.result).toMatchObject({
      unexpected_count: 3,
      unexpected_index_list: [1, 3, 4],
      partial_unexpected_list: ['bad', 'bad', 'bad'],
    });
  });
});

describe('64-bit integer columns', () => {
  const int64 = fc.oneof(
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
    fc.bigInt({ min: -2000n, max: 2000n }),
  );
  const bound = fc.oneof(
    fc.integer({ min: -2500, max: 2500 }),
    fc.constantFrom(2 ** 53, 2 ** 53 + 2, -(2 ** 60), 2 ** 63, 0.5),
  );

  function numericSuite(min: number, max: number, strictMin: boolean, strictMax: boolean) {
    const between = { column: 'value', min_value: min, max_value: max };
    return parseSuite({
      name: 'numbers',
      expectations: [
        {
          type: 'expect_column_values_to_be_between',
          kwargs: { ...between, strict_min: strictMin, strict_max: strictMax },
        },
        { type: 'expect_column_values_to_be_between', kwargs: { column: 'value', min_value: min } },
        { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'value' } },
        { type: 'expect_column_mean_to_be_between', kwargs: between },
        { type: 'expect_column_sum_to_be_between', kwargs: between },
        { type: 'expect_column_min_to_be_between', kwargs: between },
        { type: 'expect_column_max_to_be_between', kwargs: between },
        { type: 'expect_column_stdev_to_be_between', kwargs: between },
        {
          type: 'expect_column_values_to_be_in_set',
          kwargs: { column: 'value', value_set: [min, max] },
        },
      ],
    });
  }

  it('report exactly as float64 columns of the same numbers, beyond 2^53 too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(int64, { nil: null }), { maxLength: 50 }),
        fc.array(fc.nat(50), { maxLength: 3 }),
        bound,
        bound,
        fc.boolean(),
        fc.boolean(),
        async (values, rawCuts, low, high, strictMin, strictMax) => {
          const cuts = rawCuts.map(cut => Math.min(cut, values.length));
          const suite = numericSuite(
            Math.min(low, high),
            Math.max(low, high),
            strictMin,
            strictMax,
          );
          const numbers = values.map(value => (value === null ? null : Number(value)));
          for (const limits of listCaps) {
            const expected = await results(suite, batched(numbers, cuts, new Float64()), limits);
            const actual = await results(suite, batched(values, cuts, new Int64()), limits);
            expect(actual).toEqual(expected);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('read uint64 past 2^63 as the nearest doubles', async () => {
    const values = [2n ** 64n - 1n, 2n ** 63n, 5n, null, 2n ** 53n + 1n];
    const numbers = values.map(value => (value === null ? null : Number(value)));
    const suite = numericSuite(0, 2 ** 63, false, true);
    for (const limits of listCaps) {
      expect(await results(suite, batched(values, [2], new Uint64()), limits)).toEqual(
        await results(suite, batched(numbers, [2], new Float64()), limits),
      );
    }
  });

  it('answer range checks and statistics without converting the batch to float64', () => {
    const table = new Table({
      value: vectorFromArray([-5n, 7n, null, 2n ** 60n], new Int64()),
      at: makeVector(
        makeData({
          type: new TimestampMicrosecond(),
          length: 4,
          nullCount: 1,
          nullBitmap: Uint8Array.of(0b1101),
          data: BigInt64Array.of(1_700_000_000_000_000n, 0n, 0n, -1n),
        }),
      ),
    });
    const batch = table.batches[0]!;
    for (const column of ['value', 'at']) {
      const view = createColumnView(batch, column) as NumberView;
      expect(view.int64).toBeDefined();
      // The float64 values must never be read: the kernels work on the halves.
      Object.defineProperty(view, 'values', {
        get: () => {
          throw new Error('converted to float64');
        },
      });
      const tally = new UnexpectedTally(resultLimitsFor('COMPLETE'));
      scanColumn(view, 0, tally, {
        range: { min: 0, max: 10, strictMin: false, strictMax: false },
      });
      const statistics = new ColumnStatistics({ variance: true });
      statistics.observe(view);
      if (column === 'value') {
        expect(tally.unexpectedIndexList).toEqual([0, 3]);
        expect(tally.unexpectedList).toEqual([-5, 2 ** 60]);
        expect([statistics.min, statistics.max, statistics.sum]).toEqual([
          -5,
          2 ** 60,
          2 + 2 ** 60,
        ]);
      } else {
        // Microseconds read as milliseconds; listed as ISO timestamps.
        expect(tally.unexpectedIndexList).toEqual([0, 3]);
        expect(tally.unexpectedList).toEqual([
          new Date(1_700_000_000_000).toISOString(),
          new Date(-0.001).toISOString(),
        ]);
        expect(statistics.min).toBe(-0.001);
      }
    }
  });
});
