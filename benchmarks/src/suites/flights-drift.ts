// flights-drift: real data. flights-3m.parquet (vega-datasets: 3M rows; date timestamp, delay
// and distance int64, origin and destination LargeUtf8 airport codes), January 2001 against
// February 2001 (~500k rows each), read from the file + a drift report with Evidently's
// defaults (above 1000 rows: Wasserstein/std for numeric columns with more than 5 values,
// Jensen-Shannon for categorical ones). Ballast (kit's readParquetRange) reads the footer's
// row-group statistics, decodes the four columns plus date of the overlapping row groups with
// kit's native Parquet reader (engine 'auto'; parquet-wasm is passed but not needed for these
// flat columns), cuts the month out of each batch, and runs detectDrift. The peer is
// pyarrow (read_table with the same projection and date filter) + scipy, which is what
// Evidently calls. Each side runs in its own child process, imports excluded, and times runs
// 1..N: run 1 is reported as cold (code and wasm still being tiered up), the median of
// runs 2..N as warm. A third child reads the same month through embedded DuckDB's public API.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchmarkResult, BenchmarkRow } from '../results';

const benchmarksRoot = fileURLToPath(new URL('../../', import.meta.url));
const file = join(benchmarksRoot, 'node_modules/vega-datasets/data/flights-3m.parquet');
const columns = ['delay', 'distance', 'origin', 'destination'];
const runsPerChild = 6;
const rounds = 3;

const python = `
import datetime, json, sys, time
import numpy as np
import pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq
from scipy import stats
from scipy.spatial import distance

path, runs = sys.argv[1], int(sys.argv[2])
columns = ${JSON.stringify(columns)}
months = [(datetime.datetime(2001, 1, 1), datetime.datetime(2001, 2, 1)),
          (datetime.datetime(2001, 2, 1), datetime.datetime(2001, 3, 1))]

def read(month):
    low, high = months[month]
    return pq.read_table(path, columns=columns, filters=[('date', '>=', low), ('date', '<', high)])

def drift(reference, current):
    results, seconds = {}, {}
    for name in columns:
        start = time.perf_counter()
        r, c = reference[name].drop_null(), current[name].drop_null()
        # Evidently's default selection: distinct values over both sides, then the test.
        unique = pc.count_distinct(pa.chunked_array(r.chunks + c.chunks)).as_py()
        if (pa.types.is_integer(r.type) or pa.types.is_floating(r.type)) and unique > 5:
            rv = r.to_numpy().astype(np.float64); cv = c.to_numpy().astype(np.float64)
            score = stats.wasserstein_distance(rv, cv) / max(float(np.std(rv)), 0.001)
            results[name] = {'method': 'wasserstein', 'statistic': float(score)}
        else:
            rc, cc = pc.value_counts(r), pc.value_counts(c)
            rd = dict(zip(rc.field('values').to_pylist(), rc.field('counts').to_numpy()))
            cd = dict(zip(cc.field('values').to_pylist(), cc.field('counts').to_numpy()))
            keys = list(set(rd) | set(cd))
            rp = np.array([rd.get(k, 0) for k in keys]) / len(r)
            cp = np.array([cd.get(k, 0) for k in keys]) / len(c)
            results[name] = {'method': 'jensenshannon', 'statistic': float(distance.jensenshannon(rp, cp))}
        seconds[name] = time.perf_counter() - start
    return results, seconds

out = []
for _ in range(runs):
    start = time.perf_counter()
    reference, current = read(0), read(1)
    read_done = time.perf_counter()
    results, seconds = drift(reference, current)
    out.append({'totalMs': (time.perf_counter() - start) * 1000, 'readMs': (read_done - start) * 1000,
                'columnsMs': {k: v * 1000 for k, v in seconds.items()},
                'rows': [reference.num_rows, current.num_rows]})
print(json.dumps({'runs': out, 'results': results}))
`;

const ours = `
import { performance } from 'node:perf_hooks';
import { readParquetFileFooter, readParquetRange } from '@ballast/kit';
import { detectDrift } from '@ballast/drift-stats';
const parquetWasm = await import('parquet-wasm');
const [path, runs] = [process.argv[1], Number(process.argv[2])];
const columns = ${JSON.stringify(columns)};
const months = [[Date.UTC(2001, 0, 1), Date.UTC(2001, 1, 1)], [Date.UTC(2001, 1, 1), Date.UTC(2001, 2, 1)]];

function readMonth(footer, [from, to]) {
  // date is a microsecond timestamp: its row-group min/max pick the groups to decode, then the
  // month's rows are cut out of them and copied out of wasm memory.
  return readParquetRange(path, 'date', from * 1000, to * 1000 - 1, { columns, footer, parquetWasm });
}

const out = [];
let report, reference, current;
for (let run = 0; run < runs; run++) {
  const start = performance.now();
  const footer = await readParquetFileFooter(path);
  reference = await readMonth(footer, months[0]);
  current = await readMonth(footer, months[1]);
  const readDone = performance.now();
  report = await detectDrift(reference, current, { columns });
  out.push({ totalMs: performance.now() - start, readMs: readDone - start, rows: [reference.numRows, current.numRows] });
}
// Per column, on the tables already read: reading the column out of Arrow + the statistic.
const columnsMs = {};
for (const name of columns) {
  const times = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await detectDrift(reference, current, { columns: [name] });
    times.push(performance.now() - start);
  }
  columnsMs[name] = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}
const results = Object.fromEntries(report.columns.map(c => [c.column, { method: c.method, statistic: c.statistic }]));
console.log(JSON.stringify({ runs: out, columnsMs, results }));
`;

const duckdb = `
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
const [path, runs] = [process.argv[1], Number(process.argv[2])];
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const months = [['2001-01-01', '2001-02-01'], ['2001-02-01', '2001-03-01']];
const out = [];
for (let run = 0; run < runs; run++) {
  let queryMs = 0, convertMs = 0;
  for (const [from, to] of months) {
    let start = performance.now();
    const result = await connection.run(
      "SELECT delay, distance, origin, destination FROM read_parquet('" + path + "') " +
      "WHERE date >= TIMESTAMP '" + from + "' AND date < TIMESTAMP '" + to + "'");
    const chunks = [];
    let rows = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      chunks.push(chunk);
      rows += chunk.rowCount;
    }
    queryMs += performance.now() - start;
    // The public API hands values out one by one: a BigInt per int64, a string per VARCHAR.
    start = performance.now();
    const delay = new Float64Array(rows), distance = new Float64Array(rows);
    const origin = new Map(), destination = new Map();
    let at = 0;
    for (const chunk of chunks) {
      const [d, s, o, t] = [0, 1, 2, 3].map(i => chunk.getColumnVector(i));
      for (let row = 0; row < chunk.rowCount; row++, at++) {
        delay[at] = Number(d.getItem(row));
        distance[at] = Number(s.getItem(row));
        const a = o.getItem(row), b = t.getItem(row);
        origin.set(a, (origin.get(a) ?? 0) + 1);
        destination.set(b, (destination.get(b) ?? 0) + 1);
      }
    }
    convertMs += performance.now() - start;
  }
  out.push({ queryMs, convertMs, totalMs: queryMs + convertMs });
}
console.log(JSON.stringify({ runs: out }));
`;

interface Run {
  totalMs: number;
  readMs?: number;
  queryMs?: number;
  convertMs?: number;
  columnsMs?: Record<string, number>;
  rows?: number[];
}
interface ChildOutput {
  runs: Run[];
  columnsMs?: Record<string, number>;
  results?: Record<string, { method: string; statistic: number }>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function child(command: string, script: string, directory: string, name: string): ChildOutput {
  let args: string[];
  if (command === 'python3') {
    const path = join(directory, name);
    writeFileSync(path, script);
    args = [path];
  } else {
    // Evaluated from the benchmarks folder, so the workspace packages resolve.
    args = ['--input-type=module', '-e', script];
  }
  const output = execFileSync(command, [...args, file, String(runsPerChild)], {
    cwd: benchmarksRoot,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(output.trim().split('\n').at(-1) as string) as ChildOutput;
}

/** Cold = run 1 of each child (median over rounds); warm = median of runs 2..N over all rounds. */
function summarize(outputs: ChildOutput[], pick: (run: Run) => number) {
  return {
    cold: median(outputs.map(output => pick(output.runs[0] as Run))),
    warm: median(outputs.flatMap(output => output.runs.slice(1).map(pick))),
  };
}

export async function run(): Promise<BenchmarkResult> {
  const directory = mkdtempSync(join(tmpdir(), 'ballast-flights-'));
  try {
    const pythonOutputs: ChildOutput[] = [];
    const ourOutputs: ChildOutput[] = [];
    const duckOutputs: ChildOutput[] = [];
    // Alternate the children so load from elsewhere on the machine hits all of them alike.
    for (let round = 0; round < rounds; round++) {
      pythonOutputs.push(child('python3', python, directory, 'peer.py'));
      ourOutputs.push(child('node', ours, directory, 'ours.mjs'));
      duckOutputs.push(child('node', duckdb, directory, 'duckdb.mjs'));
    }
    const theirs = pythonOutputs[0]?.results ?? {};
    const mine = ourOutputs[0]?.results ?? {};
    let largestDifference = 0;
    for (const name of columns) {
      const a = mine[name];
      const b = theirs[name];
      if (!a || !b || a.method !== b.method) {
        throw new Error(
          `flights-drift: ${name} differs: ours ${JSON.stringify(a)}, scipy ${JSON.stringify(b)}`,
        );
      }
      const difference =
        Math.abs(a.statistic - b.statistic) / Math.max(Math.abs(b.statistic), 1e-300);
      largestDifference = Math.max(largestDifference, difference);
      if (difference > 1e-9) {
        throw new Error(
          `flights-drift: ${name} statistic ${a.statistic} differs from scipy's ${b.statistic}`,
        );
      }
    }
    const rowsRead = ourOutputs[0]?.runs[0]?.rows ?? [];
    const oursTotal = summarize(ourOutputs, run => run.totalMs);
    const oursRead = summarize(ourOutputs, run => run.readMs ?? 0);
    const peerTotal = summarize(pythonOutputs, run => run.totalMs);
    const peerRead = summarize(pythonOutputs, run => run.readMs ?? 0);
    const duckQuery = summarize(duckOutputs, run => run.queryMs ?? 0);
    const duckConvert = summarize(duckOutputs, run => run.convertMs ?? 0);
    const rows: BenchmarkRow[] = [];
    const caseName = `flights-3m.parquet, Jan vs Feb 2001 (${rowsRead.join(' vs ')} rows): read + drift report`;
    rows.push(
      {
        case: caseName,
        subject: '@ballast/drift-stats + kit readParquetRange (warm)',
        metrics: {
          ms: oursTotal.warm,
          readMs: oursRead.warm,
          reportMs: oursTotal.warm - oursRead.warm,
        },
      },
      {
        case: caseName,
        subject: 'pyarrow + scipy (warm)',
        metrics: {
          ms: peerTotal.warm,
          readMs: peerRead.warm,
          reportMs: peerTotal.warm - peerRead.warm,
        },
      },
      {
        case: caseName,
        subject: '@ballast/drift-stats + kit readParquetRange (cold, run 1)',
        metrics: { ms: oursTotal.cold, readMs: oursRead.cold },
      },
      {
        case: caseName,
        subject: 'pyarrow + scipy (cold, run 1)',
        metrics: { ms: peerTotal.cold, readMs: peerRead.cold },
      },
    );
    for (const name of columns) {
      rows.push(
        {
          case: `per column: ${name} (${mine[name]?.method})`,
          subject: '@ballast/drift-stats',
          metrics: {
            ms: median(ourOutputs.map(output => output.columnsMs?.[name] ?? 0)),
            statistic: mine[name]?.statistic ?? 0,
          },
        },
        {
          case: `per column: ${name} (${mine[name]?.method})`,
          subject: 'pyarrow + scipy',
          metrics: {
            ms: median(
              pythonOutputs.flatMap(output =>
                output.runs.slice(1).map(run => run.columnsMs?.[name] ?? 0),
              ),
            ),
            statistic: theirs[name]?.statistic ?? 0,
          },
        },
      );
    }
    rows.push(
      {
        case: 'read the two months only (4 columns + date)',
        subject:
          'kit readParquetRange (native reader; row groups chosen by footer statistics, month cut per batch) (warm)',
        metrics: { ms: oursRead.warm },
      },
      {
        case: 'read the two months only (4 columns + date)',
        subject: 'embedded DuckDB: query + fetch chunks (warm)',
        metrics: { ms: duckQuery.warm },
      },
      {
        case: 'read the two months only (4 columns + date)',
        subject: 'embedded DuckDB: values to JS through the public API (per value)',
        metrics: { ms: duckConvert.warm },
      },
    );
    return {
      suite: 'flights-drift',
      title: 'Real data: flights-3m.parquet, one month against another, read + drift report',
      notes: [
        `Evidently's defaults (more than 1000 reference rows): Wasserstein / std(reference) for delay and distance, Jensen-Shannon for origin and destination; date selects the months. Statistics equal scipy's (largest relative difference ${largestDifference.toExponential(1)}).`,
        `Each side runs in a child process (imports excluded) ${runsPerChild} times per round, ${rounds} rounds alternating; cold = run 1 (JIT and the ZSTD WebAssembly still being compiled to optimised code), warm = median of the later runs.`,
        'Per-column figures are detectDrift on one column of the tables already read (reading it out of Arrow + the statistic) against the same step in Python (drop_null, count_distinct, to_numpy/value_counts, scipy).',
        "DuckDB's query with projection and filter pushdown is fast, but its public Node API (@duckdb/node-api) hands values out one at a time (a BigInt per int64, a JS string per VARCHAR), so its rows add the per-value conversion; kit's native reader decodes pages straight into Arrow-layout typed arrays.",
      ],
      rows,
      ratios: [
        {
          name: 'end-to-end speed vs pyarrow + scipy, warm (median)',
          value: peerTotal.warm / oursTotal.warm,
          target: '>= 1.5',
          met: peerTotal.warm / oursTotal.warm >= 1.5,
        },
        {
          name: 'end-to-end speed vs pyarrow + scipy, cold (run 1)',
          value: peerTotal.cold / oursTotal.cold,
          target: '>= 1.5',
          met: peerTotal.cold / oursTotal.cold >= 1.5,
        },
        { name: 'read speed vs pyarrow, warm', value: peerRead.warm / oursRead.warm },
      ],
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
