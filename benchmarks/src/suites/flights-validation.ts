// flights-validation: real data. vega-datasets' flights-3m.parquet (3M rows: a timestamp, two
// int64 columns, two LargeUtf8 columns of about 230 airport codes) validated with a 7-expectation
// suite, end to end from the file, against pyarrow + pandas doing the same checks in a child
// process (timed inside Python, reading the file included). Rounds alternate between the two.
// Ours reads through readParquet, i.e. kit's native Parquet reader (TypeScript, ZSTD pages through
// zstddec's wasm, one thread) with dictionary-encoded strings kept as Arrow Dictionary columns, so
// the string checks test each airport code once; int64 checks read the values in place. A column
// whose every expectation the file's footer statistics answer exactly is not decoded at all
// (readParquet's `statistics`, on by default); the run also measures `statistics: false`.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  type DataValidationReport,
  defineSuite,
  type ExpectationSuite,
  readParquet,
  suiteColumns,
  validate,
} from '@ballast/data-validation';
import { type RecordBatch, Table } from 'apache-arrow';
import type { BenchmarkResult, BenchmarkRow } from '../results';

const rounds = 7;
// vega-datasets exports no file paths; its data folder sits in the benchmarks' node_modules.
const path = fileURLToPath(
  new URL('../../node_modules/vega-datasets/data/flights-3m.parquet', import.meta.url),
);

/** The workload of issue 16: nulls, two int64 ranges, a regex, a length, a mean, a distinct count. */
export function flightsSuite(): ExpectationSuite {
  return defineSuite('flights')
    .expect('expect_column_values_to_not_be_null', { column: 'date' })
    .expect('expect_column_values_to_be_between', {
      column: 'delay',
      min_value: -120,
      max_value: 1000,
    })
    .expect('expect_column_values_to_be_between', {
      column: 'distance',
      min_value: 1,
      max_value: 5000,
    })
    .expect('expect_column_values_to_match_regex', { column: 'origin', regex: '^[A-Z]{3}$' })
    .expect('expect_column_value_lengths_to_equal', { column: 'destination', value: 3 })
    .expect('expect_column_mean_to_be_between', {
      column: 'distance',
      min_value: 500,
      max_value: 1500,
    })
    .expect('expect_column_unique_value_count_to_be_between', {
      column: 'origin',
      min_value: 100,
      max_value: 400,
    })
    .build();
}

// Each check as pandas writes it; the first five give unexpected counts, the last two observed
// values. The file is read as users read it (pyarrow's default threads, pandas 3 string dtype).
const pandasScript = `
import json, sys, time
import pyarrow.parquet as pq
import pandas
path, repeats = sys.argv[1], int(sys.argv[2])
def run():
    c0 = time.process_time()
    t0 = time.perf_counter()
    df = pq.read_table(path).to_pandas()
    t1 = time.perf_counter()
    counts = [
        int(df["date"].isna().sum()),
        int((~df["delay"].between(-120, 1000)).sum()),
        int((~df["distance"].between(1, 5000)).sum()),
        int((~df["origin"].dropna().str.contains("^[A-Z]{3}$", regex=True)).sum()),
        int((df["destination"].dropna().str.len() != 3).sum()),
    ]
    observed = [float(df["distance"].mean()), int(df["origin"].nunique())]
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, t2 - t0, time.process_time() - c0, counts, observed
for _ in range(repeats):
    read, checks, total, cpu, counts, observed = run()
print(json.dumps({"read": read, "checks": checks, "total": total, "cpu": cpu, "counts": counts,
                  "observed": observed, "pandas": pandas.__version__}))
`;

interface PandasRound {
  read: number;
  checks: number;
  total: number;
  /** CPU seconds of the end-to-end run, every thread (pyarrow reads with several). */
  cpu: number;
  counts: number[];
  observed: [number, number];
  pandas: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Wall-clock and CPU seconds (every thread of the process) of one piece of work. */
async function seconds<T>(
  work: () => Promise<T>,
): Promise<{ seconds: number; cpu: number; value: T }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    seconds: (performance.now() - started) / 1000,
    cpu: (cpu.user + cpu.system) / 1e6,
    value,
  };
}

async function readAll(suite: ExpectationSuite, statistics = true): Promise<Table> {
  const batches: RecordBatch[] = [];
  for await (const batch of readParquet(path, { suite, statistics })) batches.push(batch);
  return new Table(batches);
}

function pandasRound(): PandasRound {
  // Two runs in one interpreter; the second (warm) is reported, as ours run warm too.
  const output = execFileSync('python3', ['-c', pandasScript, path, '2'], {
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  return JSON.parse(output) as PandasRound;
}

export async function run(): Promise<BenchmarkResult> {
  const suite = flightsSuite();
  const loadBefore = loadavg();
  // Warm-up: the wasm module, the suite's compiled checks, V8's optimised kernels.
  await validate(suite, readParquet(path, { suite }));
  await validate(suite, readParquet(path, { suite, statistics: false }));

  const endToEnd: number[] = [];
  const endToEndCpu: number[] = [];
  const decodedEndToEnd: number[] = [];
  const decodedEndToEndCpu: number[] = [];
  const reads: number[] = [];
  const decodedReads: number[] = [];
  const checks: number[] = [];
  const pandasRounds: PandasRound[] = [];
  let report: DataValidationReport | undefined;
  let reportsEqual = true;
  let typesRead = '';
  let answered: string[] = [];
  // Reports are compared without their creation time.
  const comparable = (value: DataValidationReport) => JSON.stringify({ ...value, createdAt: '' });
  for (let round = 0; round < rounds; round++) {
    // The two ways alternate which goes first, so neither always runs right after pandas.
    const withStatistics = () => seconds(() => validate(suite, readParquet(path, { suite })));
    const withoutStatistics = () =>
      seconds(() => validate(suite, readParquet(path, { suite, statistics: false })));
    let whole: Awaited<ReturnType<typeof withStatistics>>;
    let decoded: Awaited<ReturnType<typeof withStatistics>>;
    if (round % 2 === 0) {
      whole = await withStatistics();
      decoded = await withoutStatistics();
    } else {
      decoded = await withoutStatistics();
      whole = await withStatistics();
    }
    endToEnd.push(whole.seconds);
    endToEndCpu.push(whole.cpu);
    report = whole.value;
    decodedEndToEnd.push(decoded.seconds);
    decodedEndToEndCpu.push(decoded.cpu);
    reportsEqual &&= comparable(decoded.value) === comparable(whole.value);
    const read = await seconds(() => readAll(suite));
    reads.push(read.seconds);
    const names = new Set(read.value.schema.fields.map(field => field.name));
    answered = (suiteColumns(suite) ?? []).filter(column => !names.has(column));
    // The checks alone run on every column decoded, as the statistics-free path sees them.
    const decodedRead = await seconds(() => readAll(suite, false));
    decodedReads.push(decodedRead.seconds);
    typesRead = decodedRead.value.schema.fields
      .map(field => `${field.name} ${field.type}`)
      .join(', ');
    checks.push((await seconds(() => validate(suite, decodedRead.value))).seconds);
    pandasRounds.push(pandasRound());
  }
  // Each expectation alone on the loaded table: where the validation time goes.
  const perExpectation: Array<{ label: string; seconds: number }> = [];
  for (const expectation of suite.expectations) {
    const single = { ...suite, expectations: [expectation] };
    const timings: number[] = [];
    for (let round = 0; round < 3; round++) {
      // A freshly read table each time: nothing computed for the previous run carries over.
      const fresh = await readAll(suite, false);
      timings.push((await seconds(() => validate(single, fresh))).seconds);
    }
    const column = (expectation.kwargs as { column?: string }).column;
    perExpectation.push({ label: `${expectation.type} (${column})`, seconds: median(timings) });
  }
  const loadAfter = loadavg();

  const results = (report as DataValidationReport).results;
  const ours = {
    counts: results.slice(0, 5).map(result => result.result.unexpected_count),
    observed: results.slice(5).map(result => result.result.observed_value as number),
  };
  const pandas = pandasRounds.at(-1) as PandasRound;
  const countsAgree = JSON.stringify(ours.counts) === JSON.stringify(pandas.counts);
  const meanAgrees = Math.abs((ours.observed[0] as number) - pandas.observed[0]) < 1e-9;
  const distinctAgrees = ours.observed[1] === pandas.observed[1];
  if (!reportsEqual) throw new Error('the reports with and without footer statistics differ');
  if (!countsAgree || !meanAgrees || !distinctAgrees) {
    throw new Error(
      `results differ from pandas: ours ${JSON.stringify(ours)}, pandas ${JSON.stringify(pandas)}`,
    );
  }

  const oursTotal = median(endToEnd);
  const decodedTotal = median(decodedEndToEnd);
  const oursSubject = '@ballast/data-validation (kit native Parquet reader)';
  const answeredText = answered.length === 0 ? 'none' : answered.join(', ');
  const pandasTotal = median(pandasRounds.map(round => round.total));
  const subject = `pyarrow + pandas ${pandas.pandas}`;
  const rows: BenchmarkRow[] = [
    {
      case: `7 expectations, end to end from the Parquet file (read + validate; footer statistics answer: ${answeredText})`,
      subject: oursSubject,
      metrics: {
        seconds: oursTotal,
        cpuSeconds: median(endToEndCpu),
        rowsPerSecond: 3e6 / oursTotal,
      },
    },
    {
      case: '7 expectations, end to end, every suite column decoded (readParquet statistics: false)',
      subject: oursSubject,
      metrics: {
        seconds: decodedTotal,
        cpuSeconds: median(decodedEndToEndCpu),
        rowsPerSecond: 3e6 / decodedTotal,
      },
    },
    {
      case: 'of which: reading the suite’s columns (readParquet with projection and statistics), alone',
      subject: oursSubject,
      metrics: { seconds: median(reads) },
    },
    {
      case: 'of which: reading the suite’s columns, every one decoded (statistics: false), alone',
      subject: oursSubject,
      metrics: { seconds: median(decodedReads) },
    },
    {
      case: 'of which: the 7 expectations on the loaded table (every column decoded), alone',
      subject: '@ballast/data-validation',
      metrics: { seconds: median(checks) },
    },
    ...perExpectation.map(({ label, seconds: value }) => ({
      case: `  one expectation alone on the loaded table: ${label}`,
      subject: '@ballast/data-validation',
      metrics: { seconds: value },
    })),
    {
      case: '7 checks, end to end from the Parquet file (read_table + to_pandas + checks, timed in Python)',
      subject,
      metrics: {
        seconds: pandasTotal,
        cpuSeconds: median(pandasRounds.map(round => round.cpu)),
        rowsPerSecond: 3e6 / pandasTotal,
      },
    },
    {
      case: 'of which: pq.read_table(path).to_pandas()',
      subject,
      metrics: { seconds: median(pandasRounds.map(round => round.read)) },
    },
    {
      case: 'of which: the 7 checks on the DataFrame',
      subject,
      metrics: { seconds: median(pandasRounds.map(round => round.checks)) },
    },
  ];
  const ratio = pandasTotal / oursTotal;
  const formatLoad = (load: number[]) => load.map(value => value.toFixed(2)).join(', ');
  return {
    suite: 'flights-validation',
    title:
      'flights-validation: vega-datasets flights-3m.parquet (3M rows), 7 expectations, read + validate',
    notes: [
      `Measured on a 2-core machine shared with other sessions (load average ${formatLoad(loadBefore)} at the start, ${formatLoad(loadAfter)} at the end); absolute figures are noisy, the ratio is taken within the same rounds.`,
      `${rounds} rounds, each: ours end to end with footer statistics (the default) and with statistics: false (alternating which goes first), ours read alone both ways, ours validate alone (every column decoded), then pandas in a child process (two runs in one interpreter, the second reported). Medians.`,
      `Answered from the footer statistics, not decoded: ${answeredText} (not null, and the footer counts no null in any row group). The other columns are decoded: delay's row-group min/max lie outside [-120, 1000], and the other checks need the values. Reports with and without statistics are ${reportsEqual ? 'identical' : 'DIFFERENT'}.`,
      'Suite: not null (date), between on int64 delay and distance, regex ^[A-Z]{3}$ on origin, value lengths equal 3 on destination, mean of distance, unique value count of origin.',
      'Ours reads only the columns the suite uses (readParquet with `suite`; here all five, four with statistics) with kit’s native Parquet reader (parquet-wasm is not loaded): pages are inflated, decoded and checked on the main thread (kit’s default; its opt-in `workerThread` ZSTD worker is not used here). pyarrow reads with its default thread pool (2 cores here). CPU seconds count every thread of each process.',
      `Column types as readParquet hands them to the checks: ${typesRead} (the string columns stay dictionary-encoded, as in the file).`,
      `Unexpected counts ${countsAgree ? 'equal' : 'DIFFER from'} pandas' (${JSON.stringify(ours.counts)}); mean ${meanAgrees ? 'equal' : 'DIFFERS'} (${ours.observed[0]}), distinct count ${distinctAgrees ? 'equal' : 'DIFFERS'} (${ours.observed[1]}).`,
    ],
    rows,
    ratios: [
      {
        name: 'pyarrow + pandas end to end / ours end to end (7 expectations, 3M rows)',
        value: ratio,
        target: '>= 1.5',
        met: ratio >= 1.5,
      },
      {
        name: 'pyarrow + pandas end to end / ours end to end with statistics: false (every suite column decoded)',
        value: pandasTotal / decodedTotal,
      },
      {
        name: 'CPU seconds, pyarrow + pandas / ours (end to end; every thread counted)',
        value: median(pandasRounds.map(round => round.cpu)) / median(endToEndCpu),
      },
      {
        name: 'pandas checks alone / ours checks alone (loaded data)',
        value: median(pandasRounds.map(round => round.checks)) / median(checks),
      },
      {
        name: 'pyarrow read + to_pandas / ours read alone',
        value: median(pandasRounds.map(round => round.read)) / median(reads),
      },
    ],
  };
}
