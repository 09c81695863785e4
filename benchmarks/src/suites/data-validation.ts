// data-validation: 1M rows x 20 columns read from an Arrow IPC file, validated with a
// 40-expectation suite. Compared in the same run with (a) the suite's row-level rules as one
// compiled ajv schema looped over the rows as objects and (b) the same checks in pandas, run
// from python3 in a child process and timed inside Python.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  type DataValidationReport,
  defineSuite,
  type ExpectationSuite,
  readArrowIpc,
  suiteToJsonSchema,
  validate,
} from '@ballast/data-validation';
import { Ajv } from 'ajv';
import {
  Bool,
  Dictionary,
  Float64,
  Int32,
  type RecordBatch,
  Table,
  TimestampMillisecond,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import type { BenchmarkResult, BenchmarkRow } from '../results';

const rows = 1_000_000;
// Runs per measurement (ours and pandas); the median is reported, as the machine is shared.
const repeats = 5;
const columnCount = 20;
const countries = ['FR', 'DE', 'US', 'GB', 'ES', 'IT', 'NL', 'BE', 'XX'];
const tiers = ['gold', 'silver', 'bronze', 'none'];

/** A seeded generator (mulberry32), so every run validates the same data. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    integer: (upper: number) => Math.floor(next() * upper),
    pick: <Value>(values: readonly Value[]) => values[Math.floor(next() * values.length)] as Value,
    normal: (mean: number, spread: number) =>
      mean + spread * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}

function buildTable(): Table {
  const random = seeded(7);
  const floats = (mean: number, spread: number, nullShare: number) =>
    vectorFromArray(
      Array.from({ length: rows }, () =>
        random.next() < nullShare ? null : random.normal(mean, spread),
      ),
      new Float64(),
    );
  const ints = (upper: number) =>
    vectorFromArray(Int32Array.from({ length: rows }, () => random.integer(upper)));
  const categories = (values: string[]) =>
    vectorFromArray(
      Array.from({ length: rows }, () => random.pick(values)),
      new Dictionary(new Utf8(), new Int32()),
    );
  const start = Date.UTC(2026, 0, 1);
  return new Table({
    f0: floats(50, 10, 0.01),
    f1: floats(0, 1, 0.01),
    f2: floats(100, 30, 0),
    f3: floats(5, 2, 0),
    f4: floats(1000, 200, 0.02),
    f5: floats(0.5, 0.2, 0),
    f6: floats(-3, 1, 0),
    f7: floats(10, 3, 0.005),
    i0: ints(100),
    i1: ints(10),
    i2: ints(1000),
    i3: ints(5),
    c0: categories(countries),
    c1: categories(tiers),
    c2: categories(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l']),
    c3: categories(['web', 'ios', 'android']),
    s0: vectorFromArray(
      Array.from({ length: rows }, (_, index) => `id-${index.toString(36).padStart(6, '0')}`),
      new Utf8(),
    ),
    s1: vectorFromArray(
      Array.from({ length: rows }, (_, index) =>
        random.next() < 0.02 ? 'not-an-email' : `user${index}@example.com`,
      ),
      new Utf8(),
    ),
    ts: vectorFromArray(
      Array.from({ length: rows }, () => new Date(start + random.integer(365 * 86_400_000))),
      new TimestampMillisecond(),
    ),
    b0: vectorFromArray(
      Array.from({ length: rows }, () => random.next() < 0.5),
      new Bool(),
    ),
  });
}

/** 27 row-level expectations, then 13 aggregate and table ones: 40 in all. */
export function rowLevelSuite() {
  const builder = defineSuite('benchmark-row-level');
  const floatBounds: Array<[string, number, number]> = [
    ['f0', 20, 80],
    ['f1', -3, 3],
    ['f2', 0, 200],
    ['f3', 0, 10],
    ['f4', 500, 1500],
    ['f5', 0, 1],
    ['f6', -6, 0],
    ['f7', 0, 20],
  ];
  for (const [column, min, max] of floatBounds) {
    builder.expect('expect_column_values_to_be_between', {
      column,
      min_value: min,
      max_value: max,
    });
  }
  for (const column of ['f2', 'f3', 'f5', 'f6']) {
    builder.expect('expect_column_values_to_not_be_null', { column });
  }
  const intBounds: Array<[string, number]> = [
    ['i0', 95],
    ['i1', 9],
    ['i2', 990],
    ['i3', 4],
  ];
  for (const [column, max] of intBounds) {
    builder.expect('expect_column_values_to_be_between', { column, min_value: 0, max_value: max });
  }
  builder
    .expect('expect_column_values_to_be_in_set', {
      column: 'c0',
      value_set: countries.slice(0, -1),
    })
    .expect('expect_column_values_to_be_in_set', {
      column: 'c1',
      value_set: ['gold', 'silver', 'bronze'],
    })
    .expect('expect_column_values_to_be_in_set', {
      column: 'c2',
      value_set: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
    })
    .expect('expect_column_values_to_be_in_set', {
      column: 'c3',
      value_set: ['web', 'ios', 'android'],
    })
    .expect('expect_column_values_to_not_be_in_set', { column: 'c0', value_set: ['XX'] })
    .expect('expect_column_values_to_not_be_in_set', { column: 'c2', value_set: ['l'] })
    .expect('expect_column_values_to_match_regex', { column: 's0', regex: '^id-[0-9a-z]{6}$' })
    .expect('expect_column_value_lengths_to_be_between', {
      column: 's0',
      min_value: 9,
      max_value: 9,
    })
    .expect('expect_column_values_to_match_regex', {
      column: 's1',
      regex: '^[^@]+@[^@]+\\.[a-z]+$',
    })
    .expect('expect_column_values_to_not_be_null', { column: 'ts' })
    .expect('expect_column_values_to_not_be_null', { column: 'b0' });
  return builder;
}

export function fullSuite(): ExpectationSuite {
  return rowLevelSuite()
    .expect('expect_column_mean_to_be_between', { column: 'f0', min_value: 49, max_value: 51 })
    .expect('expect_column_mean_to_be_between', { column: 'f2', min_value: 99, max_value: 101 })
    .expect('expect_column_mean_to_be_between', { column: 'i0', min_value: 45, max_value: 55 })
    .expect('expect_column_stdev_to_be_between', { column: 'f1', min_value: 0.9, max_value: 1.1 })
    .expect('expect_column_stdev_to_be_between', { column: 'f4', min_value: 150, max_value: 250 })
    .expect('expect_column_min_to_be_between', { column: 'f5', min_value: -2 })
    .expect('expect_column_max_to_be_between', { column: 'f6', max_value: 3 })
    .expect('expect_column_median_to_be_between', { column: 'f3', min_value: 4, max_value: 6 })
    .expect('expect_column_quantile_values_to_be_between', {
      column: 'f2',
      quantile_ranges: {
        quantiles: [0.05, 0.5, 0.95],
        value_ranges: [
          [40, 60],
          [90, 110],
          [140, 160],
        ],
      },
    })
    .expect('expect_column_sum_to_be_between', { column: 'i1', min_value: 0 })
    .expect('expect_column_distinct_values_to_be_in_set', {
      column: 'c3',
      value_set: ['web', 'ios', 'android'],
    })
    .expect('expect_column_proportion_of_unique_values_to_be_between', {
      column: 'c1',
      max_value: 0.01,
    })
    .expect('expect_table_row_count_to_be_between', { min_value: rows, max_value: rows })
    .build();
}

const pandasScript = `
import json, sys, time
import pyarrow.ipc as ipc
path, row_suite = sys.argv[1], json.loads(sys.argv[2])

def run_checks(df):
    counts = []
    for e in row_suite:
        k = e["kwargs"]; t = e["type"]; c = df[k.get("column")]
        present = c[c.notna()]
        if t == "expect_column_values_to_be_between":
            counts.append(int((~present.between(k["min_value"], k["max_value"])).sum()))
        elif t == "expect_column_values_to_not_be_null":
            counts.append(int(c.isna().sum()))
        elif t == "expect_column_values_to_be_in_set":
            counts.append(int((~present.isin(k["value_set"])).sum()))
        elif t == "expect_column_values_to_not_be_in_set":
            counts.append(int(present.isin(k["value_set"]).sum()))
        elif t == "expect_column_values_to_match_regex":
            counts.append(int((~present.str.contains(k["regex"], regex=True)).sum()))
        elif t == "expect_column_value_lengths_to_be_between":
            counts.append(int((~present.str.len().between(k["min_value"], k["max_value"])).sum()))
    observed = [
        df["f0"].mean(), df["f2"].mean(), df["i0"].mean(), df["f1"].std(), df["f4"].std(),
        df["f5"].min(), df["f6"].max(), df["f3"].median(),
        df["f2"].quantile([0.05, 0.5, 0.95], interpolation="nearest").tolist(), int(df["i1"].sum()),
        sorted(df["c3"].dropna().unique().tolist()), df["c1"].nunique() / df["c1"].notna().sum(), len(df),
    ]
    return counts, observed

# End to end, several times: read the IPC file, convert to pandas, run the checks.
loads, checks, totals = [], [], []
for _ in range(int(sys.argv[3])):
    t0 = time.perf_counter()
    df = ipc.open_file(path).read_all().to_pandas()
    t1 = time.perf_counter()
    counts, observed = run_checks(df)
    t2 = time.perf_counter()
    loads.append(t1 - t0); checks.append(t2 - t1); totals.append(t2 - t0)
    del df
import pandas
median = lambda values: sorted(values)[len(values) // 2]
print(json.dumps({"load_seconds": median(loads), "check_seconds": median(checks),
                  "end_to_end_seconds": median(totals), "counts": counts,
                  "pandas": pandas.__version__, "mean_f0": float(observed[0])}))
`;

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timeValidation(suite: ExpectationSuite, source: string | Table, repeats: number) {
  let report: DataValidationReport | undefined;
  const timings: number[] = [];
  for (let run = 0; run < repeats; run++) {
    const started = performance.now();
    report = await validate(
      suite,
      typeof source === 'string' ? readArrowIpc(source, { reuseBuffers: true }) : source,
    );
    timings.push((performance.now() - started) / 1000);
  }
  return { seconds: median(timings), report: report as DataValidationReport };
}

/** Plain row objects for one batch, as a program looping over the rows as objects builds them. */
function rowObjects(batch: RecordBatch, names: string[]): Record<string, unknown>[] {
  const columns = names.map(name => batch.getChild(name)!.toArray() as ArrayLike<unknown>);
  const objects = new Array<Record<string, unknown>>(batch.numRows);
  for (let index = 0; index < batch.numRows; index++) {
    const row: Record<string, unknown> = {};
    for (let column = 0; column < names.length; column++) {
      const value = columns[column]![index];
      row[names[column]!] = typeof value === 'number' && Number.isNaN(value) ? null : value;
    }
    objects[index] = row;
  }
  return objects;
}

function compileAjv(suite: ExpectationSuite) {
  return new Ajv({ allErrors: false, strict: false }).compile(suiteToJsonSchema(suite).schema);
}

/**
 * ajv over row objects already built (pure validation): the objects are built batch by batch,
 * so memory stays bounded, and only the validation loop is timed.
 */
function timeAjvOnObjects(table: Table, suite: ExpectationSuite) {
  const check = compileAjv(suite);
  let materialiseSeconds = 0;
  let validateSeconds = 0;
  let invalid = 0;
  const names = table.schema.fields.map(field => field.name);
  for (const batch of table.batches) {
    const started = performance.now();
    const objects = rowObjects(batch, names);
    const built = performance.now();
    for (const object of objects) if (!check(object)) invalid++;
    validateSeconds += (performance.now() - built) / 1000;
    materialiseSeconds += (built - started) / 1000;
  }
  return { materialiseSeconds, validateSeconds, invalid };
}

/**
 * ajv end to end from the IPC file: the same streamed read as ours (batch by batch), row
 * objects built from each batch, each object validated. Everything inside the timer.
 */
async function timeAjvFromFile(path: string, suite: ExpectationSuite) {
  const started = performance.now();
  const check = compileAjv(suite);
  let invalid = 0;
  let names: string[] | undefined;
  for await (const batch of readArrowIpc(path, { reuseBuffers: true })) {
    names ??= batch.schema.fields.map(field => field.name);
    for (const object of rowObjects(batch, names)) if (!check(object)) invalid++;
  }
  return { seconds: (performance.now() - started) / 1000, invalid };
}

export async function run(): Promise<BenchmarkResult> {
  const directory = join(tmpdir(), 'ballast-bench');
  mkdirSync(directory, { recursive: true });
  const path = join(directory, 'data-validation-1m-x20.arrow');
  if (!existsSync(path)) {
    // Written in batches of 65,536 rows, as a producer streaming the file would write it.
    const built = buildTable();
    const batches: RecordBatch[] = [];
    for (let start = 0; start < rows; start += 65_536)
      batches.push(...built.slice(start, start + 65_536).batches);
    writeFileSync(path, tableToIPC(new Table(batches), 'file'));
  }
  const table = tableFromIPC(readFileSync(path));
  const full = fullSuite();
  const rowLevel = rowLevelSuite().build();
  if (full.expectations.length !== 40 || table.numCols !== columnCount) {
    throw new Error('the benchmark must use 40 expectations over 20 columns');
  }
  const cells = rows * columnCount;

  const loadBefore = loadavg();
  await validate(full, table); // warm-up
  const ours = await timeValidation(full, table, repeats);
  const oursRowLevel = await timeValidation(rowLevel, table, repeats);
  const oursFromFile = await timeValidation(full, path, repeats);
  const oursRowLevelFromFile = await timeValidation(rowLevel, path, repeats);
  const ajv = timeAjvOnObjects(table, rowLevel);
  const ajvFromFile = await timeAjvFromFile(path, rowLevel);

  const pandasOutput = execFileSync(
    'python3',
    ['-c', pandasScript, path, JSON.stringify(rowLevel.expectations), String(repeats)],
    { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 },
  );
  const pandas = JSON.parse(pandasOutput) as {
    load_seconds: number;
    check_seconds: number;
    end_to_end_seconds: number;
    counts: number[];
    pandas: string;
  };
  const ourCounts = oursRowLevel.report.results.map(result => result.result.unexpected_count);
  const countsAgree = JSON.stringify(ourCounts) === JSON.stringify(pandas.counts);

  const loadAfter = loadavg();
  const seconds = (value: number) => ({ seconds: value, cellsPerSecond: cells / value });
  const resultRows: BenchmarkRow[] = [
    {
      case: '40 expectations, table already loaded from the IPC file',
      subject: '@ballast/data-validation',
      metrics: seconds(ours.seconds),
    },
    {
      case: '40 expectations, end to end from the IPC file (streamed read + validate)',
      subject: '@ballast/data-validation',
      metrics: seconds(oursFromFile.seconds),
    },
    {
      case: '27 row-level expectations, table already loaded',
      subject: '@ballast/data-validation',
      metrics: seconds(oursRowLevel.seconds),
    },
    {
      case: '27 row-level expectations, end to end from the IPC file (streamed read + validate)',
      subject: '@ballast/data-validation',
      metrics: seconds(oursRowLevelFromFile.seconds),
    },
    {
      case: '(i) 27 row-level rules, ajv over pre-built row objects (validation only)',
      subject: 'ajv 8 (compiled schema, allErrors off)',
      metrics: { ...seconds(ajv.validateSeconds), invalidRows: ajv.invalid },
    },
    {
      case: '(i) building those row objects from the loaded table (not in ratio i)',
      subject: 'apache-arrow toArray + object literals',
      metrics: { seconds: ajv.materialiseSeconds },
    },
    {
      case: '(ii) 27 row-level rules, ajv end to end from the IPC file (streamed read + row objects + validate)',
      subject: 'ajv 8 + apache-arrow',
      metrics: { ...seconds(ajvFromFile.seconds), invalidRows: ajvFromFile.invalid },
    },
    {
      case: '40 checks in pandas on a loaded DataFrame (timed in Python)',
      subject: `pandas ${pandas.pandas}`,
      metrics: seconds(pandas.check_seconds),
    },
    {
      case: '40 checks in pandas end to end from the IPC file (pyarrow read + to_pandas + checks, timed in Python)',
      subject: `pyarrow + pandas ${pandas.pandas}`,
      metrics: seconds(pandas.end_to_end_seconds),
    },
    {
      case: 'pandas: of which reading the IPC file to a DataFrame',
      subject: `pyarrow + pandas ${pandas.pandas}`,
      metrics: { seconds: pandas.load_seconds },
    },
  ];
  const ratio = (name: string, value: number, target: string, met: boolean) => ({
    name,
    value,
    target,
    met,
  });
  const ajvRatio = ajv.validateSeconds / oursRowLevel.seconds;
  const ajvEndToEndRatio = ajvFromFile.seconds / oursRowLevelFromFile.seconds;
  const pandasRatio = pandas.check_seconds / ours.seconds;
  const pandasEndToEndRatio = pandas.end_to_end_seconds / oursFromFile.seconds;
  const formatLoad = (load: number[]) => load.map(value => value.toFixed(2)).join(', ');
  return {
    suite: 'data-validation',
    title: 'data-validation: 1M rows x 20 columns, 40 expectations, from an Arrow IPC file',
    notes: [
      `Measured on a 2-core machine shared with other engineers running builds and tests at the same time (load average ${formatLoad(loadBefore)} when the timings started, ${formatLoad(loadAfter)} when they ended); treat absolute figures as noisy.`,
      'Two comparisons with ajv, both over the same 27 row-level rules compiled from suiteToJsonSchema: (i) pure validation, ajv over row objects already built, against ours on the table already loaded; (ii) end to end from the same IPC file, both sides reading it batch by batch with the same reader (readArrowIpc with reuseBuffers, since neither side keeps a batch), ajv then building a plain object per row (the "looped over the rows as objects" approach) and validating it. Building the objects is the bulk of (ii).',
      'Two comparisons with pandas: the 40 checks on a DataFrame already loaded, timed inside Python, against ours on the table already loaded; and end to end from the same IPC file (pyarrow read + to_pandas + checks, timed inside Python) against ours reading and validating the file.',
      'The IPC file holds 16 record batches of 65,536 rows; strings s0/s1 are plain Utf8, c0-c3 dictionary-encoded. pandas (3.x) reads Utf8 as its pyarrow-backed string dtype, so its regex and length checks run in Arrow C++.',
      `Ours and pandas: median of ${repeats} runs (ours after one warm-up); ajv: one pass each.`,
      `Unexpected counts of the 27 row-level checks ${countsAgree ? 'agree exactly' : 'DIFFER'} between us and pandas; ajv (i) and (ii) find ${ajv.invalid === ajvFromFile.invalid ? 'the same number of' : 'DIFFERENT numbers of'} invalid rows.`,
      'ajv stops at the first error per row (allErrors off), so it does fewer comparisons on failing rows than we do.',
    ],
    rows: resultRows,
    ratios: [
      ratio(
        '(i) ajv validation only / ours, loaded table (27 row-level rules)',
        ajvRatio,
        '>= 20',
        ajvRatio >= 20,
      ),
      ratio(
        '(ii) ajv end to end / ours end to end, from the IPC file (27 row-level rules)',
        ajvEndToEndRatio,
        '>= 20',
        ajvEndToEndRatio >= 20,
      ),
      ratio('pandas checks / ours, data loaded (40 checks)', pandasRatio, '> 1', pandasRatio > 1),
      ratio(
        'pandas end to end / ours end to end, from the IPC file (40 checks)',
        pandasEndToEndRatio,
        '> 1',
        pandasEndToEndRatio > 1,
      ),
      { name: 'cells per second, ours (40 checks, loaded table)', value: cells / ours.seconds },
      {
        name: 'cells per second, ours (40 checks, end to end from the file)',
        value: cells / oursFromFile.seconds,
      },
    ],
  };
}
