// One profiling run, in its own process so its RSS is its own: `node child.mjs FILE THREADS OUT`
// (FILE: an Arrow IPC file, or a Parquet file or directory of part files ending in .parquet).
// The main thread samples RSS every 500 ms; THREADS worker threads each read every THREADS-th
// record batch (IPC: random access through the file footer) or row group (Parquet: kit's
// readParquetBatches), one in memory at a time, and add it to their ProfileBuilder (fixed
// histogram edges); each builds its partition profile once at the end. The main thread then
// merges the partition profiles and compares the merged profile with the last batch of the file
// through detectDrift. Results go to OUT as JSON.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { detectDrift, mergeProfiles, ProfileBuilder } from '@ballast/drift-stats';
import {
  collectBatches,
  columnarTable,
  readParquetBatches,
  readParquetFileFooter,
} from '@ballast/kit';
import { RecordBatchReader, Table } from 'apache-arrow';

const createdAt = new Date('2026-01-01T00:00:00Z');
const bins = 32;

function edgesFor(ranges) {
  return Object.fromEntries(
    Object.entries(ranges).map(([name, [low, high]]) => {
      const width = (high - low) / bins || 1;
      return [
        name,
        Array.from({ length: bins + 1 }, (_, index) =>
          index === bins ? high : low + index * width,
        ),
      ];
    }),
  );
}

async function openReader(file) {
  const handle = await open(file, 'r');
  const reader = await RecordBatchReader.from(handle);
  await reader.open();
  return { reader, handle };
}

const isParquet = file => file.endsWith('.parquet');
const parquetWasm = () => import('parquet-wasm/node');

// A Parquet dataset is a directory of part files (or one file): its row groups, in order.
function parquetParts(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter(name => name.endsWith('.parquet'))
    .sort()
    .map(name => join(path, name));
}

async function parquetRowGroups(path) {
  const groups = [];
  for (const part of parquetParts(path)) {
    const { rowGroups } = await readParquetFileFooter(part);
    for (let group = 0; group < rowGroups.length; group += 1) groups.push({ part, group });
  }
  return groups;
}

function readRowGroup({ part, group }) {
  return collectBatches(
    readParquetBatches(part, { rowGroups: [group], batchSize: 1 << 20, parquetWasm }),
  );
}

function sizeOf(path) {
  return isParquet(path)
    ? parquetParts(path).reduce((sum, part) => sum + statSync(part).size, 0)
    : statSync(path).size;
}

// The record batches (IPC) or row groups (Parquet) from `first` on, every `step`-th, one in
// memory at a time, as tables profile() and detectDrift() accept.
async function* tablesOf(file, first, step) {
  if (isParquet(file)) {
    // One open per part file, streaming this thread's row groups of it batch by batch.
    const mine = (await parquetRowGroups(file)).filter((_, index) => index % step === first);
    for (const part of parquetParts(file)) {
      const rowGroups = mine.filter(entry => entry.part === part).map(entry => entry.group);
      if (rowGroups.length === 0) continue;
      const options = { rowGroups, batchSize: 1 << 20, parquetWasm };
      for await (const batch of readParquetBatches(part, options)) {
        yield columnarTable(batch.schema.fields, [batch]);
      }
    }
    return;
  }
  const { reader, handle } = await openReader(file);
  try {
    for (let batchIndex = first; batchIndex < reader.numRecordBatches; batchIndex += step) {
      yield new Table(await reader.readRecordBatch(batchIndex));
    }
  } finally {
    await handle.close();
  }
}

async function lastTable(file) {
  if (isParquet(file)) {
    const groups = await parquetRowGroups(file);
    return readRowGroup(groups[groups.length - 1]);
  }
  const { reader, handle } = await openReader(file);
  const table = new Table(await reader.readRecordBatch(reader.numRecordBatches - 1));
  await handle.close();
  return table;
}

if (!isMainThread) {
  const { file, index, threads, edges } = workerData;
  const builder = new ProfileBuilder({ edges, createdAt });
  for await (const table of tablesOf(file, index, threads)) {
    builder.add(table);
    parentPort.postMessage({ kind: 'progress', rows: table.numRows });
  }
  parentPort.postMessage({ kind: 'done', profile: builder.finish() });
} else {
  const [file, threadsText, out] = process.argv.slice(2);
  const threads = Number(threadsText);
  const { ranges } = JSON.parse(readFileSync(`${file}.ranges.json`, 'utf8'));
  const edges = edgesFor(ranges);
  const curve = [];
  let rows = 0;
  let peakRss = process.memoryUsage.rss();
  const start = performance.now();
  const sample = () => {
    const rss = process.memoryUsage.rss();
    peakRss = Math.max(peakRss, rss);
    curve.push({ seconds: (performance.now() - start) / 1000, rows, rssMiB: rss / 2 ** 20 });
  };
  const timer = setInterval(sample, 500);
  const workerUrl = new URL(import.meta.url);
  const partitions = await Promise.all(
    Array.from(
      { length: threads },
      (_, index) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(workerUrl, { workerData: { file, index, threads, edges } });
          worker.on('message', message => {
            if (message.kind === 'progress') rows += message.rows;
            else resolve(message.profile);
          });
          worker.on('error', reject);
        }),
    ),
  );
  const profiledSeconds = (performance.now() - start) / 1000;
  // Process-wide CPU time (every thread): the wall time the run would take with both cores to
  // itself is about cpuSeconds / threads, whatever else the machine runs at the time.
  const { user, system } = process.cpuUsage();
  const cpuSeconds = (user + system) / 1e6;
  const mergeStart = performance.now();
  const merged = partitions.reduce((left, right) => mergeProfiles(left, right));
  const mergeSeconds = (performance.now() - mergeStart) / 1000;
  sample();
  // Drift: the merged profile against one record batch of the same file (no drift expected),
  // and against the same batch with every float column shifted by half a standard deviation.
  const current = await lastTable(file);
  const driftStart = performance.now();
  const report = await detectDrift(merged, current);
  const driftSeconds = (performance.now() - driftStart) / 1000;
  sample();
  clearInterval(timer);
  const profileJson = JSON.stringify(merged);
  writeFileSync(
    out,
    JSON.stringify({
      file,
      fileBytes: sizeOf(file),
      threads,
      rows,
      columns: merged.columns.length,
      profiledSeconds,
      cpuSeconds,
      mergeSeconds,
      driftSeconds,
      peakRssMiB: peakRss / 2 ** 20,
      profileBytes: profileJson.length,
      drift: {
        columns: report.columns.length,
        drifted: report.columns.filter(column => column.drifted).length,
        datasetDrifted: report.dataset.drifted,
        currentRows: current.numRows,
      },
      curve,
    }),
  );
}
