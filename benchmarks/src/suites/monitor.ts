// monitor: what @ballast/monitor costs. Two measurements, each in this one run:
//   1. serving throughput of the example's ONNX classifier (examples/monitored-service) with and
//      without the monitor attached as the payload sink at full sampling (sampleRate 1), side by
//      side in ABBA rounds, each server in its own child process, loopback only (autocannon);
//   2. the monitor's own ingest rate in payload rows per second for 20 features on one core:
//      `monitor.write` called directly with batches shaped like the payload logger's (100
//      records per call), windows analysed as they close.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InferencePayload } from '@ballast/contracts';
import { createInferenceServer, listen } from '@ballast/serving-core';
import { onnxModel } from '@ballast/serving-core/onnx';
import autocannon from 'autocannon';
import { createMonitor } from '@ballast/monitor';
import type { BenchmarkResult, BenchmarkRow } from '../results';
import { type ChildServer, serveRoleIfChild, startChildServer } from '../child-server';
import { mulberry32 } from '@ballast/kit';

// plain: no payload logging; null-sink: payload logging at sampleRate 1 into a sink that drops
// the records (serving-core's own cost of building them); monitor-1s / monitor-100k: the monitor
// as the sink with windows as a busy service would set them (a window a second, or every 100 000
// rows), analysing windows in its worker thread (the default); monitor-2k: a stress case, the
// example's 2000-row windows (set for its light demo traffic) under full load, i.e. hundreds of
// drift reports a second.
const roles = [
  'plain',
  'null-sink',
  'monitor-1s',
  'monitor-1s-inline',
  'monitor-100k',
  'monitor-2k',
] as const;
type Role = (typeof roles)[number];
const windowRowsOf: Partial<Record<Role, number>> = {
  'monitor-2k': 2000,
  'monitor-100k': 100_000,
};
// Roles whose ratio to plain serving carries the 10% target (realistic windows).
const targetRoles: readonly Role[] = ['monitor-1s', 'monitor-100k'];
// The monitor's window when none is given (`{ rows: 1000 }`, see docs/packages/monitor.md).
const defaultWindowRows = 1000;

const exampleDirectory = fileURLToPath(
  new URL('../../../examples/monitored-service/', import.meta.url),
);
const modelPath = join(exampleDirectory, 'model/default-risk.onnx');
const referencePath = join(exampleDirectory, 'model/reference.csv');
const featureNames = ['income', 'debt_ratio', 'age', 'utilization'];
const roundSeconds = 1;
const warmUpSeconds = 2;
// Identical servers in separate processes differ by up to 15% in throughput on this kind of
// machine (four plain servers measured side by side over 24 rounds: 1.00, 1.07, 1.11, 1.14), and
// a process keeps much of its speed for its life, so rounds do not average it out. One cause
// found: V8 decides per process, from what one scavenge happens to see, to allocate some objects
// in the old generation for good (allocation-site pretenuring), after which that process
// collects garbage several times longer. Each side is therefore served by several processes and
// measured as their mean, and a second set of plain processes is measured like a monitored side:
// its ratio to the first (the A/A control) shows how closely this run can tell two sides apart.
// Six processes per side rather than three, with shorter and fewer rounds (the run takes about 19
// minutes): the spread between processes, not between rounds, decides how far a side's mean can
// be off.
const replicas = 6;
// Rounds in ABBA order over every process (A B C, C B A, ...): a load burst from other jobs on
// the shared machine, or a drift over the run, hits all sides alike. The target's sides get many
// rounds; the stress case, far from the target, fewer.
const rounds = 6;
const stressRounds = 4;
/** A side of a comparison: a role, under a label of its own (two sides may serve one role). */
interface Side {
  label: string;
  role: Role;
}
const plainSide: Side = { label: 'plain', role: 'plain' };
const targetGroup: readonly Side[] = [
  plainSide,
  { label: 'plain-control', role: 'plain' },
  { label: 'null-sink', role: 'null-sink' },
  { label: 'monitor-1s', role: 'monitor-1s' },
  { label: 'monitor-1s-inline', role: 'monitor-1s-inline' },
  { label: 'monitor-100k', role: 'monitor-100k' },
];
const stressGroup: readonly Side[] = [plainSide, { label: 'monitor-2k', role: 'monitor-2k' }];

/** Seeded uniform numbers in (0, 1) (mulberry32). */
function seededRandom(seed: number): () => number {
  const next = mulberry32(seed);
  // Half a step up from [0, 1): never exactly 0, so logarithms of it stay finite.
  return () => next() + 0.5 / 4_294_967_296;
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
}

/** The example's reference CSV as named columns (the `label` column left out). */
function readReference(): Record<string, number[]> {
  const [header, ...lines] = readFileSync(referencePath, 'utf8').trim().split('\n');
  const names = (header ?? '').split(',');
  const columns = names.map(() => [] as number[]);
  for (const line of lines) {
    const cells = line.split(',');
    for (const [index, column] of columns.entries()) column.push(Number(cells[index]));
  }
  const byName = Object.fromEntries(names.map((name, index) => [name, columns[index] ?? []]));
  delete byName.label;
  return byName;
}

async function startServer(role: Role): Promise<number> {
  const model = onnxModel({
    name: 'default-risk',
    version: '1',
    path: modelPath,
    batching: { maxBatchSize: 64, maxQueueSize: 4096 },
  });
  if (role === 'plain' || role === 'null-sink') {
    const server = createInferenceServer({
      models: [model],
      ...(role === 'null-sink'
        ? {
            payloadLogging: {
              sink: { specificationVersion: 'v1', write: () => {} },
              sampleRate: 1,
            },
          }
        : {}),
    });
    await server.waitUntilLoaded();
    return (await listen(server, { port: 0 })).port;
  }
  // As the example configures it, with the state directory (checkpoints) in a temporary folder.
  const directory = mkdtempSync(join(tmpdir(), 'ballast-monitor-bench-'));
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  const monitor = createMonitor({
    model: { name: 'default-risk', version: '1' },
    reference: readReference(),
    features: { x: featureNames, probability: ['probability'] },
    window: role.startsWith('monitor-1s')
      ? { every: '1s' }
      : { rows: windowRowsOf[role] as number },
    ...(role === 'monitor-1s-inline' ? { analysis: 'inline' as const } : {}),
    directory,
    onError: error => console.error('monitor:', error),
  });
  const server = createInferenceServer({
    models: [model],
    metrics: { registry: monitor.registry },
    payloadLogging: { sink: monitor, sampleRate: 1 },
  });
  await server.waitUntilLoaded();
  return (await listen(server, { port: 0 })).port;
}

// The servers run in child processes (startChild), so the load generator never shares their
// event loop.
await serveRoleIfChild<Role>('MONITOR_BENCHMARK_ROLE', startServer);

const startChild = (role: Role): Promise<ChildServer> =>
  startChildServer(import.meta.url, 'MONITOR_BENCHMARK_ROLE', role);

/**
 * CPU seconds (user + system, every thread: the event loop and the ONNX worker) a process used
 * so far, from /proc; NaN where there is no /proc. Throughput on a shared machine depends on what
 * else runs, CPU per request much less.
 */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in 1/100 s (USER_HZ)
  } catch {
    return Number.NaN;
  }
}

type Metrics = Record<string, number>;

/** Request bodies of `rows` applicants each, drawn like the example's training data. */
function requestBodies(rows: number, count: number): string[] {
  const random = seededRandom(rows);
  return Array.from({ length: count }, (_, index) =>
    JSON.stringify({
      id: `bench-${index}`,
      inputs: [
        {
          name: 'x',
          datatype: 'FP32',
          shape: [rows, 4],
          data: Array.from({ length: rows }, () => [
            Math.fround(60 + 15 * normal(random)),
            Math.fround(0.35 + 0.1 * normal(random)),
            Math.fround(42 + 11 * normal(random)),
            Math.fround(0.45 + 0.15 * normal(random)),
          ]),
        },
      ],
    }),
  );
}

async function load(
  server: ChildServer,
  bodies: string[],
  connections: number,
  duration: number,
): Promise<Metrics> {
  const cpuBefore = processCpuSeconds(server.pid);
  const result = await autocannon({
    url: `${server.url}/v2/models/default-risk/infer`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // Each connection cycles through these bodies, so the monitor sees varied rows.
    requests: bodies.map(body => ({ method: 'POST', body })),
    connections,
    duration,
  });
  const cpuSeconds = processCpuSeconds(server.pid) - cpuBefore;
  return {
    requestsPerSecond: result.requests.average,
    serverCpuMicrosPerRequest: (cpuSeconds * 1e6) / Math.max(1, result.requests.total),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** The sum of each key over samples that all carry the same keys. */
function sumOf(samples: readonly Metrics[]): Metrics {
  const result: Metrics = {};
  for (const key of Object.keys(samples[0] ?? {})) {
    result[key] = samples.reduce((sum, sample) => sum + (sample[key] as number), 0);
  }
  return result;
}

/** The mean of each key over samples that all carry the same keys. */
function mean(samples: readonly Metrics[]): Metrics {
  const total = sumOf(samples);
  for (const key of Object.keys(total)) total[key] = (total[key] as number) / samples.length;
  return total;
}

/** Payload records counted by the monitored server, from its /metrics. */
async function payloadCounts(url: string): Promise<Metrics> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    payloadWritten: value(/^ballast_payload_records_total\{[^}]*result="written"[^}]*\} (\S+)$/m),
    payloadDropped: value(/^ballast_payload_records_total\{[^}]*result="dropped"[^}]*\} (\S+)$/m),
    payloadFailed: value(/^ballast_payload_records_total\{[^}]*result="failed"[^}]*\} (\S+)$/m),
    monitorRows: value(/^ballast_monitor_rows_total\{[^}]*\} (\S+)$/m),
    monitorWindows: value(/^ballast_monitor_windows_total\{[^}]*\} (\S+)$/m),
  };
}

/** Sets the CPU affinity of every thread of a process (taskset, util-linux); false where it cannot. */
function pin(pid: number, cpus: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The CPU list a process may run on (`0,1`, `0-3`), or undefined without taskset. */
function affinityOf(pid: number): string | undefined {
  try {
    const output = execFileSync('taskset', ['-p', '-c', String(pid)], { encoding: 'utf8' });
    return output.split(':').pop()?.trim();
  } catch {
    return undefined;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Where the servers and the load generator run: the last core for the servers, the rest for autocannon. */
interface Placement {
  serverCpu: string | undefined;
  generatorCpus: string | undefined;
}

function placement(): Placement {
  const cores = availableParallelism();
  const original = affinityOf(process.pid);
  if (cores < 2 || original === undefined)
    return { serverCpu: undefined, generatorCpus: undefined };
  return { serverCpu: String(cores - 1), generatorCpus: cores === 2 ? '0' : `0-${cores - 2}` };
}

/**
 * Every side under the same load, each served by `replicas` processes, the order over all the
 * processes reversed every round (A B C, C B A, ...). Where taskset exists the servers share one
 * core and autocannon has the others, so a server's throughput is what its own core gives (as on
 * a machine of its own) rather than what is left by the load generator. A side's round is the
 * mean over its processes; reports means over rounds, and each side's ratio to plain serving as
 * the median of its per-round ratios (a round's sides run seconds apart, so a burst of load from
 * elsewhere hits a ratio less than a mean); the payload counters are summed over the processes.
 */
async function compareServing(
  rows: number,
  connections: number,
  where: Placement,
  group: readonly Side[],
  roundCount: number,
): Promise<Record<string, Metrics>> {
  const bodies = requestBodies(rows, 64);
  // Process slots interleaved by side (plain, null-sink, ..., plain, null-sink, ...).
  const slots: { side: number; server: ChildServer }[] = [];
  const original = affinityOf(process.pid);
  try {
    for (let replica = 0; replica < replicas; replica++) {
      for (const [side, { role }] of group.entries()) {
        const server = await startChild(role);
        slots.push({ side, server });
        if (where.serverCpu !== undefined) pin(server.pid, where.serverCpu);
      }
    }
    if (where.generatorCpus !== undefined) pin(process.pid, where.generatorCpus);
    // Warm-up: JIT, onnxruntime, the monitors' analysis workers starting.
    for (const { server } of slots) await load(server, bodies, connections, warmUpSeconds);
    // samples[side][round]: the side's mean over its processes in that round.
    const samples: Metrics[][] = group.map(() => []);
    for (let round = 0; round < roundCount; round++) {
      const order = slots.map((_, index) => index);
      if (round % 2 === 1) order.reverse();
      const measured: Metrics[][] = group.map(() => []);
      for (const index of order) {
        const { side, server } = slots[index] as (typeof slots)[number];
        measured[side]?.push(await load(server, bodies, connections, roundSeconds));
      }
      for (const [side, sideSamples] of measured.entries()) samples[side]?.push(mean(sideSamples));
    }
    const plainSamples = samples[0] as Metrics[];
    const perRound = (side: number, key: string, invert: boolean) =>
      median(
        (samples[side] as Metrics[]).map((sample, round) => {
          const own = sample[key] as number;
          const plain = plainSamples[round]?.[key] as number;
          return invert ? plain / own : own / plain;
        }),
      );
    const result: Record<string, Metrics> = {};
    for (const [side, { label, role }] of group.entries()) {
      const counts: Metrics[] = [];
      if (role !== 'plain') {
        for (const slot of slots)
          if (slot.side === side) counts.push(await payloadCounts(slot.server.url));
      }
      result[label] = {
        ...mean(samples[side] as Metrics[]),
        requestsPerSecondRatio: perRound(side, 'requestsPerSecond', false),
        cpuPerRequestRatio: perRound(side, 'serverCpuMicrosPerRequest', true),
        ...(counts.length > 0 ? sumOf(counts) : {}),
      };
    }
    return result;
  } finally {
    if (original !== undefined && where.generatorCpus !== undefined) pin(process.pid, original);
    for (const { server } of slots) server.stop();
  }
}

/** Payload records of `rowsPerRecord` rows of 20 features plus a score, as serving-core logs them. */
function ingestRecords(rowsPerRecord: number, count: number): InferencePayload[] {
  const random = seededRandom(20 + rowsPerRecord);
  const receivedAt = new Date().toISOString();
  return Array.from({ length: count }, (_, index) => {
    const x = Array.from({ length: rowsPerRecord * 20 }, (_, cell) =>
      Math.fround((cell % 20) + normal(random)),
    );
    const score = Array.from({ length: rowsPerRecord }, () => Math.fround(random()));
    return {
      model: { name: 'ingest', version: '1' },
      requestId: `ingest-${index}`,
      receivedAt,
      latencySeconds: 0.001,
      request: {
        id: `ingest-${index}`,
        inputs: [{ name: 'x', datatype: 'FP32', shape: [rowsPerRecord, 20], data: x }],
        outputs: [{ name: 'score' }],
      },
      response: {
        model_name: 'ingest',
        model_version: '1',
        id: `ingest-${index}`,
        outputs: [{ name: 'score', datatype: 'FP32', shape: [rowsPerRecord, 1], data: score }],
      },
    } as InferencePayload;
  });
}

/**
 * The monitor's ingest rate in this process (one core): `write` with 100 records per call, as the
 * payload logger batches them, until `totalRows` rows went in; windows are analysed on the way.
 * Returns rows per second of wall time and of CPU time, median of `repeats` runs.
 */
// A window longer than any ingest run: nothing is analysed, so the rate is ingestion's alone.
const noWindow = 1_000_000_000;

function windowLabel(windowRows: number | undefined): string {
  if (windowRows === undefined) return `default windows of ${defaultWindowRows}`;
  return windowRows >= noWindow ? 'no window closing' : `windows of ${windowRows}`;
}

async function measureIngest(
  rowsPerRecord: number,
  windowRows: number | undefined,
  analysis: 'inline' | 'worker',
  totalRows: number,
  repeats: number,
): Promise<Metrics> {
  const random = seededRandom(1);
  const reference: Record<string, number[]> = {};
  for (let feature = 0; feature < 20; feature++) {
    reference[`f${feature}`] = Array.from({ length: 5000 }, () => feature + normal(random));
  }
  reference.score = Array.from({ length: 5000 }, () => random());
  const features = {
    x: Array.from({ length: 20 }, (_, feature) => `f${feature}`),
    score: ['score'],
  };
  const batch = ingestRecords(rowsPerRecord, 100);
  const rowsPerBatch = rowsPerRecord * 100;
  const wall: number[] = [];
  const cpu: number[] = [];
  let windows = 0;
  for (let repeat = 0; repeat < repeats; repeat++) {
    const monitor = createMonitor({
      model: { name: 'ingest', version: '1' },
      reference,
      features,
      // Without a window: the monitor's default (1000 rows).
      ...(windowRows === undefined ? {} : { window: { rows: windowRows } }),
      directory: false,
      analysis,
      onWindow: () => {
        windows += 1;
      },
    });
    // Warm-up: JIT, first pane, and (analysis 'worker') the worker started and through its first
    // window, so the clock measures the steady state rather than the worker's start-up.
    await monitor.write(batch);
    await monitor.idle();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let rows = 0;
    while (rows < totalRows) {
      await monitor.write(batch);
      rows += rowsPerBatch;
    }
    // write resolves once ingested: the clock stops when the windows closed are analysed too.
    await monitor.idle();
    const seconds = (performance.now() - started) / 1000;
    const cpuUsed = process.cpuUsage(cpuBefore);
    wall.push(rows / seconds);
    cpu.push(rows / ((cpuUsed.user + cpuUsed.system) / 1e6));
    await monitor.close();
  }
  return {
    rowsPerSecond: median(wall),
    rowsPerCpuSecond: median(cpu),
    rowsPerRecord,
    windowRows: windowRows ?? defaultWindowRows,
    rowsPerRun: totalRows,
    windowsPerRun: windows / repeats,
  };
}

/** Payload records of the example's shape: `rows` applicants ([rows, 4] FP32) and their scores. */
function exampleRecords(rows: number, count: number): InferencePayload[] {
  const random = seededRandom(1000 + rows);
  const receivedAt = new Date().toISOString();
  return requestBodies(rows, count).map((body, index) => {
    const request = JSON.parse(body) as { inputs: [{ data: number[][] }] };
    return {
      model: { name: 'default-risk', version: '1' },
      requestId: `cost-${index}`,
      receivedAt,
      latencySeconds: 0.001,
      request: {
        id: `cost-${index}`,
        inputs: [
          { name: 'x', datatype: 'FP32', shape: [rows, 4], data: request.inputs[0].data.flat() },
        ],
        outputs: [{ name: 'probability' }],
      },
      response: {
        model_name: 'default-risk',
        model_version: '1',
        id: `cost-${index}`,
        outputs: [
          {
            name: 'probability',
            datatype: 'FP32',
            shape: [rows, 1],
            data: Array.from({ length: rows }, () => Math.fround(random())),
          },
        ],
      },
    } as InferencePayload;
  });
}

/**
 * What the monitor of the serving benchmark spends per request of 100 rows, in this process:
 * `monitor.write` with 100 records per call (as the payload logger), configured as on the
 * monitored servers. One run: process CPU (every thread) per record, and the windows analysed.
 */
async function measureExampleCost(
  windowRows: number,
  persist: boolean,
  analysis: 'inline' | 'worker',
  records: InferencePayload[],
  requests: number,
): Promise<{ cpuMicrosPerRequest: number; windows: number }> {
  let windows = 0;
  const directory = persist ? mkdtempSync(join(tmpdir(), 'ballast-monitor-cost-')) : false;
  const monitor = createMonitor({
    model: { name: 'default-risk', version: '1' },
    reference: readReference(),
    features: { x: featureNames, probability: ['probability'] },
    window: { rows: windowRows },
    analysis,
    directory,
    onWindow: () => {
      windows += 1;
    },
    onError: error => console.error('monitor:', error),
  });
  await monitor.write(records.slice(0, 100)); // warm-up
  const cpuBefore = process.cpuUsage();
  for (let written = 0; written < requests; written += 100) {
    const start = written % records.length;
    await monitor.write(records.slice(start, start + 100));
  }
  await monitor.flush();
  const cpuUsed = process.cpuUsage(cpuBefore);
  await monitor.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
  return { cpuMicrosPerRequest: (cpuUsed.user + cpuUsed.system) / requests, windows };
}

export async function run(): Promise<BenchmarkResult> {
  const loadBefore = loadavg().map(value => value.toFixed(2));
  const rows: BenchmarkRow[] = [];

  const subjects: Record<string, string> = {
    plain: 'serving-core, no payload logging',
    'plain-control':
      'serving-core, no payload logging: a second set of processes (A/A control, the resolution of this run)',
    'null-sink': 'payload logging (sampleRate 1) into a no-op sink',
    'monitor-1s': 'monitor attached (sampleRate 1), windows of 1 s, analysis in its worker',
    'monitor-1s-inline':
      "monitor attached (sampleRate 1), windows of 1 s, analysis on the serving thread (analysis: 'inline')",
    'monitor-2k':
      'monitor attached (sampleRate 1), windows of 2000 rows (stress: hundreds of windows a second), analysis in its worker',
    'monitor-100k':
      'monitor attached (sampleRate 1), windows of 100 000 rows, analysis in its worker',
  };
  const servingCases = [
    { rows: 1, connections: 32, name: 'ONNX classifier, 1 row/request, 32 connections' },
    { rows: 100, connections: 8, name: 'ONNX classifier, 100 rows/request, 8 connections' },
  ];
  const where = placement();
  const serving: Record<string, Metrics>[] = [];
  for (const servingCase of servingCases) {
    const target = await compareServing(
      servingCase.rows,
      servingCase.connections,
      where,
      targetGroup,
      rounds,
    );
    const stress = await compareServing(
      servingCase.rows,
      servingCase.connections,
      where,
      stressGroup,
      stressRounds,
    );
    const measured: Record<string, Metrics> = {
      ...target,
      'monitor-2k': stress['monitor-2k'] as Metrics,
    };
    serving.push(measured);
    for (const [label, metrics] of Object.entries(measured)) {
      rows.push({ case: servingCase.name, subject: subjects[label] ?? label, metrics });
    }
  }

  // One core: the analysis on the monitor's thread. A case adds the worker for comparison.
  const ingestCases: {
    rowsPerRecord: number;
    windowRows: number | undefined;
    analysis: 'inline' | 'worker';
  }[] = [
    { rowsPerRecord: 10, windowRows: 10_000, analysis: 'inline' },
    { rowsPerRecord: 10, windowRows: undefined, analysis: 'inline' },
    { rowsPerRecord: 10, windowRows: 100_000, analysis: 'inline' },
    { rowsPerRecord: 100, windowRows: 100_000, analysis: 'inline' },
    { rowsPerRecord: 1, windowRows: 10_000, analysis: 'inline' },
    { rowsPerRecord: 10, windowRows: undefined, analysis: 'worker' },
    // No window closes within a run: ingestion alone, without any analysis.
    { rowsPerRecord: 10, windowRows: noWindow, analysis: 'inline' },
  ];
  const ingest: Metrics[] = [];
  for (const { rowsPerRecord, windowRows, analysis } of ingestCases) {
    const measured = await measureIngest(rowsPerRecord, windowRows, analysis, 400_000, 3);
    ingest.push(measured);
    rows.push({
      case: `monitor.write, 20 features + score, ${rowsPerRecord} rows/record, 100 records/call`,
      subject: `${windowLabel(windowRows)}, analysis ${analysis}`,
      metrics: measured,
    });
  }

  // The monitor's cost at 100 rows/request taken apart (see the notes): ingest alone (windows
  // of 100 000), plus the analysis of 2000-row windows, plus their persistence, and in the worker.
  const costCases = [
    { windowRows: 100_000, persist: false, analysis: 'inline', what: 'ingest only' },
    { windowRows: 2000, persist: false, analysis: 'inline', what: 'ingest + window analysis' },
    {
      windowRows: 2000,
      persist: true,
      analysis: 'inline',
      what: 'ingest + window analysis + persistence (directory)',
    },
    {
      windowRows: 2000,
      persist: true,
      analysis: 'worker',
      what: 'the same, analysis in the worker',
    },
  ] as const;
  // Rounds in ABBA order (A B C D, D C B A, ...), the median per case: the differences between
  // cases are what the breakdown reports, so a load burst must hit every case alike.
  const costRecords = exampleRecords(100, 600);
  const costRequests = 40_000;
  const costRounds = 5;
  const costSamples: number[][] = costCases.map(() => []);
  const costWindows: number[] = costCases.map(() => 0);
  for (let round = 0; round < costRounds; round++) {
    const order = costCases.map((_, index) => index);
    if (round % 2 === 1) order.reverse();
    for (const index of order) {
      const costCase = costCases[index] as (typeof costCases)[number];
      const measured = await measureExampleCost(
        costCase.windowRows,
        costCase.persist,
        costCase.analysis,
        costRecords,
        costRequests,
      );
      costSamples[index]?.push(measured.cpuMicrosPerRequest);
      costWindows[index] = measured.windows;
    }
  }
  const cost: Metrics[] = costCases.map((costCase, index) => {
    const samples = [...(costSamples[index] as number[])].sort((a, b) => a - b);
    const measured = {
      cpuMicrosPerRequest: samples[Math.floor(samples.length / 2)] as number,
      rowsPerRecord: 100,
      windowRows: costCase.windowRows,
      windowsPerRun: costWindows[index] as number,
    };
    rows.push({
      case: "monitor.write, the example's records (100 rows of 4 features + score), 100 records/call",
      subject: `windows of ${costCase.windowRows} rows, ${costCase.what}`,
      metrics: measured,
    });
    return measured;
  });
  const costOf = (index: number) => cost[index]?.cpuMicrosPerRequest as number;
  const requestsPerWindow = 2000 / 100;
  const plainCpu = serving[1]?.plain?.serverCpuMicrosPerRequest as number;
  const loggingCpu = (serving[1]?.['null-sink']?.serverCpuMicrosPerRequest as number) - plainCpu;
  const costRatios = [
    { name: 'monitor CPU per request of 100 rows, ingest only (µs)', value: costOf(0) },
    {
      name: 'monitor CPU per 2000-row window, analysis (µs, 4 features + score vs 5000 reference rows)',
      value: (costOf(1) - costOf(0)) * requestsPerWindow,
    },
    {
      name: 'monitor CPU per 2000-row window, persistence (µs: report appends with fsync, checkpoints)',
      value: (costOf(2) - costOf(1)) * requestsPerWindow,
    },
    {
      name: 'monitor CPU per 2000-row window, worker hand-off (µs, worker minus inline)',
      value: (costOf(3) - costOf(2)) * requestsPerWindow,
    },
    {
      // What the serving ratio can be at best on a saturated machine: plain serving CPU over
      // plain + payload logging + the monitor's own CPU per request (measured in this process).
      name: 'CPU-bound ceiling of req/s monitor, windows of 2000 / without, 100 rows per request',
      value: plainCpu / (plainCpu + loggingCpu + costOf(3)),
    },
  ];

  const servingRatios = servingCases.flatMap((servingCase, index) => {
    const measured = serving[index] as Record<string, Metrics>;
    // Each compared side, in the order of the results, and what its ratio is called.
    const ratioNames: Record<string, string> = {
      'monitor-1s': 'monitor, windows of 1 s',
      'monitor-1s-inline': 'monitor, windows of 1 s, analysis inline',
      'monitor-100k': `monitor, windows of ${windowRowsOf['monitor-100k']} rows`,
      'monitor-2k': `monitor, windows of ${windowRowsOf['monitor-2k']} rows (stress)`,
      'null-sink': 'payload logging alone',
      'plain-control': 'plain, second set of processes (A/A control)',
    };
    return Object.entries(ratioNames).flatMap(([label, what]) => {
      const value = measured[label]?.requestsPerSecondRatio as number;
      return [
        {
          name: `req/s ${what} / without, ${servingCase.rows} row(s) per request`,
          value,
          ...(targetRoles.includes(label as Role) ? { target: '>= 0.9', met: value >= 0.9 } : {}),
        },
        {
          name: `server CPU per request without / ${what}, ${servingCase.rows} row(s) per request`,
          value: measured[label]?.cpuPerRequestRatio as number,
        },
      ];
    });
  });
  const ingestRate = ingest[0]?.rowsPerSecond as number;
  return {
    suite: 'monitor',
    title: 'monitor: serving cost of the monitor, and its ingest rate',
    notes: [
      `Serving: autocannon; each side served by ${replicas} child processes of its own (identical servers in separate processes differ by up to 15% here, and a process keeps its speed), plus a second set of plain processes measured like a monitored side (the A/A control: its ratio shows how closely this run tells sides apart); ${rounds} rounds (the stress case: ${stressRounds}, against its own plain processes), each giving every process ${roundSeconds} s in ABBA order over the processes, after a ${warmUpSeconds} s warm-up per process; a side's round is the mean over its processes, means over rounds reported, and each ratio to plain serving as the median of its per-round ratios; loopback only; where taskset exists the servers run on the last core and autocannon on the others (here: servers on CPU ${where.serverCpu ?? 'any'}, autocannon on CPU ${where.generatorCpus ?? 'any'}). Model: examples/monitored-service/model/default-risk.onnx (logistic regression, input [batch, 4]) in one onnxruntime worker, dynamic batching up to 64. Requests cycle through 64 bodies drawn like the training data.`,
      "Monitored sides: createMonitor as in the example (reference = the example's 5000-row reference.csv, default sampleSize 5000, state directory with checkpoints every second in a temporary folder, analysis in the monitor's worker thread), attached with payloadLogging { sink: monitor, sampleRate: 1 } and the default logger bounds (1000 buffered records, 100 per write). Windows as a busy service sets them: a window a second (`{ every: '1s' }`) or every 100 000 rows; these carry the 10% target. A second 1 s side analyses on the serving thread (analysis: 'inline'), to tell the worker's share of the cost. Stress case: the example's 2000-row windows (set for its light demo traffic) under full load, i.e. 15-300 drift reports a second, reported without a target. The monitor ingests on the serving process's event loop. payloadDropped > 0 means the monitor fell behind and missed that share of the traffic (the logger drops rather than slowing serving further).",
      'Null-sink side: the same payload logging into a sink that discards the records, a sink with `write` only, for which serving-core builds the records with their tensors as JSON arrays: what payload logging costs by itself. The monitor has `writeTyped`, so serving-core hands it the numeric tensors as copies of their typed arrays and skips that conversion.',
      'Ingest: monitor.write called directly in this process (one core), 100 records per call as the payload logger batches them, each record a [rows, 20] FP32 input and a [rows, 1] score as serving-core logs them (tensors as JSON arrays); reference 5000 rows; directory false; windows of 10 000 rows, of 100 000 rows, the default (no window option: 1000 rows), or none closing within the run (ingestion alone), analysed as they close (write resolves after their analysis). Median of 3 runs of 400 000 rows after a warm-up batch and its analysis (in the worker case: the worker is up); rows/s of wall time and of process CPU time.',
      "Cost breakdown: monitor.write called in this process with the example's records (100 rows: a [100, 4] FP32 input and a [100, 1] score, tensors as JSON arrays), 100 records per call, the serving benchmark's monitor options; process CPU (all threads) per record, median of 5 runs of 40 000 records per case, the cases in ABBA order. Per-window figures are differences between cases times 20 requests per window; the ceiling divides plain serving CPU per request by plain + payload logging (null-sink minus plain) + the monitor's CPU per request (worker case), all from this run.",
      `Load average (1, 5, 15 min) at start ${loadBefore.join(', ')}, at end ${loadavg()
        .map(value => value.toFixed(2))
        .join(', ')}.`,
      'Measured on a shared 2-core machine with other jobs running: absolute figures are noisy; the ratios within this run are what matter.',
    ],
    rows,
    ratios: [
      ...servingRatios,
      ...costRatios,
      {
        name: 'monitor ingest, rows/s (20 features, 10 rows/record, windows of 10 000, inline)',
        value: ingestRate,
        target: '>= 500000',
        met: ingestRate >= 500_000,
      },
      ...ingest.slice(1).map((measured, index) => {
        const ingestCase = ingestCases[index + 1];
        const inline = ingestCase?.analysis === 'inline';
        return {
          name: `monitor ingest, rows/s (20 features, ${measured.rowsPerRecord} rows/record, ${windowLabel(ingestCase?.windowRows)}, ${ingestCase?.analysis})`,
          value: measured.rowsPerSecond as number,
          // The one-core target applies to the monitor's own thread (inline analysis).
          ...(inline
            ? { target: '>= 500000', met: (measured.rowsPerSecond as number) >= 500_000 }
            : {}),
        };
      }),
    ],
  };
}
