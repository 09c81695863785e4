// One profiling run, in its own process so its RSS is its own: `node child.mjs FILE THREADS OUT`.
// The main thread samples RSS every 500 ms; THREADS worker threads each open the IPC file,
// read every THREADS-th record batch (random access through the file footer, one batch in
// memory at a time), profile it with fixed histogram edges and merge it into their partition
// profile. The main thread then merges the partition profiles and compares the merged profile
// with one batch of the file through detectDrift. Results go to OUT as JSON.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { detectDrift, mergeProfiles, profile } from '@ballast/drift-stats';
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

if (!isMainThread) {
  const { file, index, threads, edges } = workerData;
  const { reader, handle } = await openReader(file);
  let partition;
  for (let batchIndex = index; batchIndex < reader.numRecordBatches; batchIndex += threads) {
    const batch = await reader.readRecordBatch(batchIndex);
    const batchProfile = profile(new Table(batch), { edges, createdAt });
    partition = partition ? mergeProfiles(partition, batchProfile) : batchProfile;
    parentPort.postMessage({ kind: 'progress', rows: batch.numRows });
  }
  await handle.close();
  parentPort.postMessage({ kind: 'done', profile: partition });
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
  const { reader, handle } = await openReader(file);
  const current = new Table(await reader.readRecordBatch(reader.numRecordBatches - 1));
  await handle.close();
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
      fileBytes: statSync(file).size,
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
