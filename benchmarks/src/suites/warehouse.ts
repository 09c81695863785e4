// warehouse: the same validation suite and the same profile, side by side in one run, through
// DuckDB pushdown (`profile(sqlTable(...))`, `validate(suite, sqlTable(...))`), through the
// in-process Arrow engine (parquet-wasm read + profile/validate), and through pandas, on
// flights-3m.parquet (vega-datasets); then out of core: a generated Parquet file about ten times
// DuckDB's memory limit (200 MB), profiled and validated by DuckDB in a fresh child process that
// samples its own RSS, next to the same run on a tenth of the rows (peak RSS must not grow with
// the rows). The data is generated with pyarrow under /tmp and deleted afterwards
// (WAREHOUSE_BENCH_KEEP=1 keeps it). WAREHOUSE_BENCH_ROWS overrides the out-of-core row count.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type SqlEngine, sqlTable } from '@ballast/contracts';
import { defineSuite, validate } from '@ballast/data-validation';
import { profile } from '@ballast/drift-stats';
import { createDuckDbEngine } from '@ballast/warehouse/duckdb';
import { tableFromIPC } from 'apache-arrow';
import type { BenchmarkResult, BenchmarkRow } from '../results';

const benchmarksRoot = fileURLToPath(new URL('../../', import.meta.url));
const flights = join(benchmarksRoot, 'node_modules/vega-datasets/data/flights-3m.parquet');
const scratch = '/tmp/ballast-warehouse-bench';
// About a tenth of the generated file (2.1 GiB at the default 100M rows).
const memoryLimit = '200MB';
/** DuckDB reads MB as 1000^2 bytes. */
const memoryLimitBytes = 200 * 1000 ** 2;
const outOfCoreRows = Number(process.env.WAREHOUSE_BENCH_ROWS ?? 100_000_000);
const rounds = 3;

const flightsColumns = ['delay', 'distance', 'origin', 'destination'];
const airports = ['ATL', 'ORD', 'DFW', 'LAX', 'DEN', 'PHX', 'IAH', 'LAS', 'DTW', 'SFO'];

/** The flights suite: one expectation of each kind the pushdown compiles (counts, sets, patterns, aggregates). */
function flightsSuite() {
  return defineSuite('flights')
    .expect('expect_table_row_count_to_be_between', { min_value: 1, max_value: 10_000_000 })
    .expect('expect_column_values_to_not_be_null', { column: 'delay' })
    .expect('expect_column_values_to_be_between', {
      column: 'distance',
      min_value: 0,
      max_value: 3000,
    })
    .expect('expect_column_values_to_be_in_set', {
      column: 'origin',
      value_set: airports,
      mostly: 0.1,
    })
    .expect('expect_column_values_to_match_regex', { column: 'destination', regex: '^[A-Z]{3}$' })
    .expect('expect_column_mean_to_be_between', { column: 'delay', min_value: -10, max_value: 30 })
    .build();
}

/** The out-of-core suite, on the generated columns. */
function generatedSuite() {
  return defineSuite('generated')
    .expect('expect_column_values_to_not_be_null', { column: 'x', mostly: 0.95 })
    .expect('expect_column_values_to_be_between', {
      column: 'k',
      min_value: 0,
      max_value: 1_000_000,
    })
    .expect('expect_column_values_to_be_in_set', {
      column: 'c',
      value_set: ['c0', 'c1', 'c2'],
      mostly: 0.1,
    })
    .expect('expect_column_mean_to_be_between', { column: 'y', min_value: 0, max_value: 10 })
    .build();
}

const pandasPeer = `
import json, re, sys, time
import numpy as np, pandas as pd
path, runs = sys.argv[1], int(sys.argv[2])
numeric, categorical = ['delay', 'distance'], ['origin', 'destination']
airports = ${JSON.stringify(airports)}

def profile(df):
    out = {}
    for name in numeric:
        values = df[name].to_numpy(dtype='float64', na_value=np.nan)
        finite = values[np.isfinite(values)]
        mean = finite.mean()
        edges = np.histogram_bin_edges(finite, bins='sturges')
        counts, _ = np.histogram(finite, edges)
        ordered = np.sort(finite)
        step = max(1, len(ordered) // 1500)
        summary = ordered[step - 1::step]
        distinct = int((np.diff(ordered) != 0).sum() + 1)
        out[name] = dict(count=len(values), missing=int(len(values) - len(finite)), mean=float(mean),
                         m2=float(((finite - mean) ** 2).sum()), min=float(ordered[0]), max=float(ordered[-1]),
                         bins=len(counts), summary=len(summary), lower=ordered[:1000].size, upper=ordered[-1000:].size,
                         distinct=distinct)
    for name in categorical:
        counts = df[name].value_counts()
        out[name] = dict(count=len(df), missing=int(df[name].isna().sum()), kept=int(min(len(counts), 1000)),
                         distinct=int(len(counts)))
    return out

def validate(df):
    delay, distance = df['delay'], df['distance']
    present = distance.dropna()
    origin, destination = df['origin'].dropna(), df['destination'].dropna()
    return dict(
        rows=len(df),
        delay_nulls=int(delay.isna().sum()),
        distance_outside=int(((present < 0) | (present > 3000)).sum()),
        origin_outside=int((~origin.isin(airports)).sum()),
        destination_mismatch=int((~destination.str.match(r'^[A-Z]{3}$')).sum()),
        delay_mean=float(delay.mean()),
    )

results = []
for _ in range(runs):
    start = time.perf_counter()
    df = pd.read_parquet(path, columns=numeric + categorical)
    read = time.perf_counter()
    summary = profile(df)
    profiled = time.perf_counter()
    checks = validate(df)
    validated = time.perf_counter()
    results.append(dict(readMs=(read - start) * 1e3, profileMs=(profiled - read) * 1e3,
                        validateMs=(validated - profiled) * 1e3))
print(json.dumps(dict(runs=results, profile=summary, validation=checks)))
`;

const generator = `
import sys
import numpy as np, pyarrow as pa, pyarrow.parquet as pq
path, rows = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(0)
chunk = 2_000_000
schema = pa.schema([('x', pa.float64()), ('y', pa.float64()), ('k', pa.int64()), ('c', pa.dictionary(pa.int32(), pa.string()))])
labels = pa.array([f'c{i}' for i in range(50)])
weights = 1 / np.arange(1, 51); weights /= weights.sum()
with pq.ParquetWriter(path, schema, compression='snappy') as writer:
    done = 0
    while done < rows:
        n = min(chunk, rows - done)
        x = rng.normal(10, 2, n)
        mask = rng.random(n) < 0.01
        codes = rng.choice(50, n, p=weights).astype(np.int32)
        table = pa.table({
            'x': pa.array(x, mask=mask),
            'y': rng.lognormal(0, 1, n),
            'k': rng.integers(0, 1_000_001, n),
            'c': pa.DictionaryArray.from_arrays(pa.array(codes), labels),
        }, schema=schema)
        writer.write_table(table, row_group_size=1_000_000)
        done += n
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function parquetSource(engine: SqlEngine, path: string, columns: readonly string[]) {
  // The path is ours (not user input); single quotes are doubled as SQL string literals need.
  const list = columns.map(column => `"${column}"`).join(', ');
  return sqlTable(engine, {
    query: `SELECT ${list} FROM read_parquet('${path.replaceAll("'", "''")}')`,
  });
}

/** Runs `work` and reports its milliseconds. */
async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** Validation pushdown lands separately: when `validate` does not take a SqlTable yet, say why. */
async function validatePushdown(
  engine: SqlEngine,
  path: string,
  suite: object,
  columns: readonly string[],
) {
  try {
    return {
      ok: true as const,
      ...(await timed(() => validate(suite, parquetSource(engine, path, columns) as never))),
    };
  } catch (error) {
    return { ok: false as const, reason: error instanceof Error ? error.message : String(error) };
  }
}

interface OutOfCoreResult {
  rows: number;
  fileBytes: number;
  profileSeconds: number;
  validateSeconds: number | null;
  validateNote?: string;
  peakRssMiB: number;
  baselineRssMiB: number;
  profiledColumns: number;
  curve: { seconds: number; rssMiB: number }[];
}

/** Child mode: profile and validate one generated file under the memory limit, sampling RSS. */
async function outOfCoreChild(path: string, out: string): Promise<void> {
  const baselineRssMiB = process.memoryUsage.rss() / 2 ** 20;
  const started = performance.now();
  const curve: { seconds: number; rssMiB: number }[] = [];
  let peak = 0;
  const sample = () => {
    const rss = process.memoryUsage.rss() / 2 ** 20;
    peak = Math.max(peak, rss);
    curve.push({ seconds: (performance.now() - started) / 1000, rssMiB: rss });
  };
  const timer = setInterval(sample, 200);
  mkdirSync(join(scratch, 'spill'), { recursive: true });
  const engine = await createDuckDbEngine({
    memoryLimit,
    threads: 2,
    tempDirectory: join(scratch, 'spill'),
  });
  const columns = ['x', 'y', 'k', 'c'];
  const profiled = await timed(() =>
    profile(parquetSource(engine, path, columns), { createdAt: new Date(0) }),
  );
  const validated = await validatePushdown(engine, path, generatedSuite(), columns);
  sample();
  clearInterval(timer);
  await engine.close();
  const result: OutOfCoreResult = {
    rows: profiled.value.rowCount,
    fileBytes: statSync(path).size,
    profileSeconds: profiled.ms / 1000,
    validateSeconds: validated.ok ? validated.ms / 1000 : null,
    ...(validated.ok ? {} : { validateNote: validated.reason }),
    peakRssMiB: peak,
    baselineRssMiB,
    profiledColumns: profiled.value.columns.length,
    curve,
  };
  writeFileSync(out, JSON.stringify(result));
}

function generatedFile(rows: number): string {
  const file = join(scratch, `generated-${rows}.parquet`);
  if (!existsSync(file)) {
    mkdirSync(scratch, { recursive: true });
    const script = join(scratch, 'generate.py');
    writeFileSync(script, generator);
    execFileSync('python3', [script, file, String(rows)], { stdio: 'inherit' });
  }
  return file;
}

function outOfCoreRun(file: string): OutOfCoreResult {
  const out = `${file}.result.json`;
  execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'child', file, out],
    {
      stdio: 'inherit',
      cwd: benchmarksRoot,
    },
  );
  return JSON.parse(readFileSync(out, 'utf8')) as OutOfCoreResult;
}

async function flightsSideBySide() {
  const suite = flightsSuite();
  const parquetWasm = await import('parquet-wasm');
  const engine = await createDuckDbEngine({ threads: 2 });
  const ours = {
    profileMs: [] as number[],
    validateMs: [] as number[],
    readMs: [] as number[],
    arrowProfileMs: [] as number[],
    arrowValidateMs: [] as number[],
  };
  let validateNote: string | undefined;
  let pushedRows = 0;
  let agree = true;
  for (let round = 0; round < rounds; round += 1) {
    const pushed = await timed(() =>
      profile(parquetSource(engine, flights, flightsColumns), { createdAt: new Date(0) }),
    );
    ours.profileMs.push(pushed.ms);
    pushedRows = pushed.value.rowCount;
    const pushedValidation = await validatePushdown(engine, flights, suite, flightsColumns);
    if (pushedValidation.ok) ours.validateMs.push(pushedValidation.ms);
    else validateNote = pushedValidation.reason;

    // parquet-wasm decodes the file; its Arrow IPC stream becomes an apache-arrow Table for both engines.
    const read = await timed(() => {
      const wasmTable = parquetWasm.readParquet(readFileSync(flights), { columns: flightsColumns });
      return tableFromIPC(wasmTable.intoIPCStream());
    });
    ours.readMs.push(read.ms);
    const local = await timed(() =>
      profile(read.value, { columns: flightsColumns, createdAt: new Date(0) }),
    );
    ours.arrowProfileMs.push(local.ms);
    const localValidation = await timed(() => validate(suite, read.value));
    ours.arrowValidateMs.push(localValidation.ms);
    // The two profiles agree on every exact figure (the equality tests check this in detail).
    for (const column of local.value.columns) {
      const other = pushed.value.columns.find(candidate => candidate.name === column.name);
      agree &&=
        JSON.stringify([other?.count, other?.missing, other?.histogram, other?.categories]) ===
        JSON.stringify([column.count, column.missing, column.histogram, column.categories]);
    }
    if (pushedValidation.ok) {
      const counts = (report: typeof localValidation.value) =>
        report.results.map(result => [
          result.success,
          (result.result as { unexpected_count?: number } | undefined)?.unexpected_count ?? null,
        ]);
      agree &&=
        JSON.stringify(counts(pushedValidation.value)) ===
        JSON.stringify(counts(localValidation.value));
    }
  }
  await engine.close();
  mkdirSync(scratch, { recursive: true });
  const script = join(scratch, 'pandas-peer.py');
  writeFileSync(script, pandasPeer);
  const pandas = JSON.parse(
    execFileSync('python3', [script, flights, String(rounds)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    }),
  ) as {
    runs: { readMs: number; profileMs: number; validateMs: number }[];
  };
  return {
    rows: pushedRows,
    agree,
    validateNote,
    duckdb: {
      profileMs: median(ours.profileMs),
      validateMs: ours.validateMs.length ? median(ours.validateMs) : null,
    },
    arrow: {
      readMs: median(ours.readMs),
      profileMs: median(ours.arrowProfileMs),
      validateMs: median(ours.arrowValidateMs),
    },
    pandas: {
      readMs: median(pandas.runs.map(run => run.readMs)),
      profileMs: median(pandas.runs.map(run => run.profileMs)),
      validateMs: median(pandas.runs.map(run => run.validateMs)),
    },
  };
}

export async function run(): Promise<BenchmarkResult> {
  const side = await flightsSideBySide();
  const tenthFile = generatedFile(Math.round(outOfCoreRows / 10));
  const fullFile = generatedFile(outOfCoreRows);
  const tenth = outOfCoreRun(tenthFile);
  const full = outOfCoreRun(fullFile);
  if (process.env.WAREHOUSE_BENCH_KEEP !== '1') rmSync(scratch, { recursive: true, force: true });

  const flightsCase = `flights-3m.parquet (${side.rows.toLocaleString('en')} rows, ${flightsColumns.join(', ')})`;
  const rows: BenchmarkRow[] = [
    {
      case: flightsCase,
      subject:
        'DuckDB pushdown (profile(sqlTable), validate(suite, sqlTable)); rows never leave DuckDB',
      metrics: {
        profileMs: side.duckdb.profileMs,
        ...(side.duckdb.validateMs === null ? {} : { validateMs: side.duckdb.validateMs }),
      },
    },
    {
      case: flightsCase,
      subject:
        'in-process Arrow (parquet-wasm → Arrow IPC → apache-arrow Table, then profile / validate)',
      metrics: {
        readMs: side.arrow.readMs,
        profileMs: side.arrow.profileMs,
        validateMs: side.arrow.validateMs,
      },
    },
    {
      case: flightsCase,
      subject: 'pandas (read_parquet + the same summaries / checks)',
      metrics: {
        readMs: side.pandas.readMs,
        profileMs: side.pandas.profileMs,
        validateMs: side.pandas.validateMs,
      },
    },
    ...[tenth, full].map(result => ({
      case: `out of core: ${result.rows.toLocaleString('en')} rows, ${(result.fileBytes / 2 ** 30).toFixed(2)} GiB Parquet`,
      subject: `DuckDB pushdown, memory_limit ${memoryLimit}, 2 threads`,
      metrics: {
        rows: result.rows,
        fileGiB: result.fileBytes / 2 ** 30,
        profileSeconds: result.profileSeconds,
        ...(result.validateSeconds === null ? {} : { validateSeconds: result.validateSeconds }),
        peakRssMiB: result.peakRssMiB,
        baselineRssMiB: result.baselineRssMiB,
      },
    })),
  ];
  writeFileSync(
    join(benchmarksRoot, 'results', 'warehouse.curve.json'),
    `${JSON.stringify({ tenth: tenth.curve, full: full.curve })}\n`,
  );
  const pushedProfile = side.duckdb.profileMs;
  const validateNote = side.validateNote ?? full.validateNote;
  return {
    suite: 'warehouse',
    title:
      'Warehouse pushdown: the same profile and suite through DuckDB, the Arrow engine and pandas; out of core under a memory limit',
    notes: [
      `Median of ${rounds} rounds in one run; DuckDB and the Arrow engine in this process, pandas in a python3 child (pandas/pyarrow/numpy versions of the machine).`,
      'Profile: counts, nulls, moments, Sturges histograms, category counts (cap 1000) and the quantile summary (exact ranks + 1000 exact tail values per side) of delay, distance, origin, destination. pandas computes the same summaries (np.sort for quantiles, value_counts).',
      `Pushed-down and in-process profiles ${side.agree ? 'agree' : 'DISAGREE'} on counts, nulls, histograms and categories${side.duckdb.validateMs === null ? '' : ', and the two validation reports on every success and unexpected_count'}.`,
      ...(validateNote ? [`Validation pushdown not measured: ${validateNote}`] : []),
      `Out of core: data generated with pyarrow (x normal with 1% nulls, y lognormal, k int64 uniform, c dictionary of 50 Zipf labels; snappy), profiled in a fresh child process with DuckDB memory_limit=${memoryLimit}; peak RSS of the whole Node process (DuckDB included) sampled every 200 ms.`,
    ],
    rows,
    ratios: [
      {
        name: 'profile: in-process Arrow (read + profile) / DuckDB pushdown',
        value: (side.arrow.readMs + side.arrow.profileMs) / pushedProfile,
      },
      {
        name: 'profile: pandas (read + profile) / DuckDB pushdown',
        value: (side.pandas.readMs + side.pandas.profileMs) / pushedProfile,
      },
      ...(side.duckdb.validateMs === null
        ? []
        : [
            {
              name: 'validate: in-process Arrow (read + validate) / DuckDB pushdown',
              value: (side.arrow.readMs + side.arrow.validateMs) / side.duckdb.validateMs,
            },
            {
              name: 'validate: pandas (read + validate) / DuckDB pushdown',
              value: (side.pandas.readMs + side.pandas.validateMs) / side.duckdb.validateMs,
            },
          ]),
      {
        name: 'out of core: file size / DuckDB memory limit',
        value: full.fileBytes / memoryLimitBytes,
      },
      {
        name: 'out of core: peak RSS full / peak RSS one tenth of the rows',
        value: full.peakRssMiB / tenth.peakRssMiB,
        target: '< 1.25 (does not grow with rows)',
        met: full.peakRssMiB / tenth.peakRssMiB < 1.25,
      },
    ],
  };
}

if (process.argv[2] === 'child' && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await outOfCoreChild(process.argv[3] as string, process.argv[4] as string);
}
