// Times readParquetTable on flights-3m.parquet (all 5 columns) with the native engine and with
// parquet-wasm, in one process, warm (a first read of each is discarded). Not a unit test:
//   npx tsx packages/kit/scripts/bench-parquet-engines.mts [runs]
import { fileURLToPath } from 'node:url';
import { decompressPage, loadZstd } from '../src/columnar/parquet/native/decompress-page';
import { chunkRange, openNativeParquet } from '../src/columnar/parquet/native/native-parquet-file';
import { readPageHeader } from '../src/columnar/parquet/native/page-header';
import { readParquetTable } from '../src/columnar/parquet/read-parquet';

const file = fileURLToPath(
  new URL(
    '../../../benchmarks/node_modules/vega-datasets/data/flights-3m.parquet',
    import.meta.url,
  ),
);
const runs = Number(process.argv[2] ?? 7);
const parquetWasm = () => import('parquet-wasm/node') as never;
const cases = {
  'native keep': { engine: 'native', dictionaries: 'keep' },
  'keep + worker': { engine: 'native', dictionaries: 'keep', workerThread: true },
  'native decode': { engine: 'native', dictionaries: 'decode' },
  'parquet-wasm': { engine: 'parquet-wasm', parquetWasm },
} as const;
/** Decompressing every page of the file, nothing else: the floor under the native reader. */
async function zstdOnly(): Promise<number> {
  const opened = await openNativeParquet(file);
  await loadZstd();
  let bytes = 0;
  for (const group of opened.metadata.rowGroups) {
    for (const chunk of group.columns) {
      const [start, end] = chunkRange(opened, chunk);
      const data = await opened.bytes.read(start, end);
      for (let at = 0; at < data.length; ) {
        const header = readPageHeader(data, at);
        const body = data.subarray(header.dataStart, header.dataStart + header.compressedSize);
        bytes += decompressPage(chunk.codec, body, header.uncompressedSize).length;
        at = header.dataStart + header.compressedSize;
      }
    }
  }
  await opened.bytes.close();
  return bytes;
}
const times: Record<string, number[]> = {};
// CPU time of the process (all threads): steadier than wall time on a shared machine.
const cpuTimes: Record<string, number[]> = {};
await zstdOnly();
const read = (options: (typeof cases)[keyof typeof cases]) => readParquetTable(file, options);
for (const options of Object.values(cases)) await read(options);
for (let run = 0; run < runs; run++) {
  for (const [name, options] of Object.entries(cases)) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const table = await read(options);
    (times[name] ??= []).push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    (cpuTimes[name] ??= []).push((used.user + used.system) / 1000);
    if (table.numRows !== 3_000_000) throw new Error(`${name}: ${table.numRows} rows`);
  }
  const start = performance.now();
  const cpu = process.cpuUsage();
  await zstdOnly();
  (times['read + unzstd'] ??= []).push(performance.now() - start);
  const used = process.cpuUsage(cpu);
  (cpuTimes['read + unzstd'] ??= []).push((used.user + used.system) / 1000);
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[values.length >> 1] as number;
for (const [name, values] of Object.entries(times))
  console.log(
    `${name.padEnd(14)} wall median ${median(values).toFixed(1)} ms (${values.map(v => v.toFixed(0)).join(' ')}); cpu median ${median(cpuTimes[name] ?? []).toFixed(1)} ms`,
  );
