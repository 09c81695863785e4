// The native engine's read loop: row group by row group, the selected column chunks are read
// (the next group's bytes while the current one decodes), decoded, and cut into batches.
import type { ArrowDataLike } from '../../arrow-data-like';
import type { ArrowField } from '../../arrow-c-data';
import type { ColumnarBatch } from '../../columnar-table';
import { sliceChunk } from '../../slice-chunk';
import type { ColumnPlan } from './column-plan';
import { Codec, loadZstd } from './decompress-page';
import type { ColumnChunkMeta } from './file-metadata';
import { chunkRange, type NativeParquetFile } from './native-parquet-file';
import { type CompressedPages, readColumnChunk, zstdPages } from './read-column-chunk';
import { type ZstdJob, type ZstdPool, zstdPool } from './zstd-pool';

/** Compressed bytes of ZSTD chunks a read must hold before inflating them on workers pays. */
const PARALLEL_BYTES = 1 << 20;

/**
 * Decodes the planned columns of `rowGroups` into batches of at most `batchSize` rows (one
 * row group gives one or more batches; empty row groups give none). Closes the file at the end.
 * `parallel`: inflate ZSTD pages on a worker thread (`undefined`: when the read holds over
 * 1 MiB of them and the machine has a second core), the main thread inflating a row group itself when
 * the worker is behind (and the rest of the read too: a worker that falls behind has no core
 * of its own); `'always'`: every row group on the worker, waited for (the tests use it to
 * check the worker's output). The output is the same either way.
 */
export async function* readNativeBatches(
  file: NativeParquetFile,
  plans: readonly ColumnPlan[],
  fields: readonly ArrowField[],
  rowGroups: readonly number[],
  batchSize: number,
  parallel?: boolean | 'always',
): AsyncGenerator<ColumnarBatch> {
  const groups = rowGroups.filter(group => (file.metadata.rowGroups[group]?.numRows ?? 0) > 0);
  let zstdBytes = 0;
  for (const group of groups)
    for (const plan of plans) {
      const meta = file.metadata.rowGroups[group]?.columns[plan.chunkIndex];
      if (meta?.codec === Codec.ZSTD) zstdBytes += meta.totalCompressedSize;
    }
  if (zstdBytes > 0) await loadZstd();
  const pool = (parallel ?? zstdBytes >= PARALLEL_BYTES) && zstdBytes > 0 ? zstdPool() : undefined;
  try {
    yield* decodeGroups(file, plans, fields, groups, batchSize, pool, parallel === 'always');
  } finally {
    await file.bytes.close();
  }
}

type Inflated = Promise<Map<number, Uint8Array> | undefined>;

/** A row group's column chunk bytes, and (with a pool) the job inflating their pages. */
interface FetchedGroup {
  chunks: Uint8Array[];
  job?: ZstdJob;
  /** One map (page start -> inflated bytes) per chunk, from the job. */
  inflated: Inflated[];
}

async function fetchGroup(
  file: NativeParquetFile,
  plans: readonly ColumnPlan[],
  group: number,
  pool: ZstdPool | undefined,
): Promise<FetchedGroup> {
  const meta = file.metadata.rowGroups[group];
  const ranges = plans.map(plan => {
    const chunk = meta?.columns[plan.chunkIndex];
    return chunk ? chunkRange(file, chunk) : undefined;
  });
  const chunks = await readRanges(file, ranges);
  const none = { chunks, inflated: plans.map(() => Promise.resolve(undefined)) };
  if (!pool) return none;
  const pages = plans.map((plan, index) => {
    const found: CompressedPages = { keys: [], bodies: [], sizes: [] };
    const chunk = meta?.columns[plan.chunkIndex];
    if (chunk) zstdPages(chunk, chunks[index] as Uint8Array, meta?.numRows ?? 0, found);
    return found;
  });
  const bodies = pages.flatMap(found => found.bodies);
  if (bodies.length === 0) return none;
  // One job per row group: every selected ZSTD chunk of it.
  const job = pool.inflate(
    bodies,
    pages.flatMap(found => found.sizes),
  );
  let first = 0;
  const inflated = pages.map(found => {
    const from = first;
    first += found.keys.length;
    if (found.keys.length === 0) return Promise.resolve(undefined);
    return job.result.then(outputs => {
      if (!outputs) return undefined;
      const map = new Map<number, Uint8Array>();
      found.keys.forEach((key, page) => {
        const output = outputs[from + page];
        if (output) map.set(key, output);
      });
      return map;
    });
  });
  return { chunks, job, inflated };
}

/**
 * The pages of `fetched` inflated by its job, or undefined when the job is not done by the
 * time the main thread needs it: the worker is behind (on a loaded machine, where it gets no
 * core of its own), and waiting would idle the main thread.
 */
async function takeInflated(fetched: FetchedGroup): Promise<Inflated[] | undefined> {
  const job = fetched.job;
  if (!job) return fetched.inflated;
  // Results that arrived while this thread was decoding, and reads of later row groups (whose
  // jobs then go to the worker), are handled on the next turn of the event loop.
  await new Promise(resolve => setImmediate(resolve));
  if (job.done) return fetched.inflated;
  return undefined;
}

/**
 * The bytes of each range: one read spanning them all when they lie (nearly) back to back, as
 * a row group's selected chunks usually do, else one read each.
 */
async function readRanges(
  file: NativeParquetFile,
  ranges: ReadonlyArray<[number, number] | undefined>,
): Promise<Uint8Array[]> {
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  let total = 0;
  for (const range of ranges) {
    if (!range) continue;
    first = Math.min(first, range[0]);
    last = Math.max(last, range[1]);
    total += range[1] - range[0];
  }
  if (total > 0 && last - first <= total + (total >> 3)) {
    const span = await file.bytes.read(first, last);
    return ranges.map(range =>
      range ? span.subarray(range[0] - first, range[1] - first) : new Uint8Array(0),
    );
  }
  return Promise.all(
    ranges.map(range => (range ? file.bytes.read(range[0], range[1]) : new Uint8Array(0))),
  );
}

/**
 * How far reading (and inflating) runs ahead of decoding: up to 8 row groups while they hold
 * under 32 MiB of column chunks, and always the next one. The worker gets its next jobs only
 * when the main thread is between row groups, so it needs a few queued to stay busy.
 */
const AHEAD_GROUPS = 8;
const AHEAD_BYTES = 32 << 20;

async function* decodeGroups(
  file: NativeParquetFile,
  plans: readonly ColumnPlan[],
  fields: readonly ArrowField[],
  groups: readonly number[],
  batchSize: number,
  pool: ZstdPool | undefined,
  wait: boolean,
): AsyncGenerator<ColumnarBatch> {
  const queue: Array<Promise<FetchedGroup>> = [];
  let queued = 0;
  const sizes = groups.map(group =>
    plans.reduce((sum, plan) => {
      const chunk = file.metadata.rowGroups[group]?.columns[plan.chunkIndex];
      return sum + (chunk ? Math.max(0, chunk.totalCompressedSize) : 0);
    }, 0),
  );
  let aheadBytes = 0;
  // Jobs posted to the worker. A row group whose job is not done when it is needed is
  // inflated here and its job cancelled; after two in a row the worker is taken to have no
  // core of its own (a loaded machine), every job is cancelled and the rest of the read
  // inflates in-thread.
  const jobs: ZstdJob[] = [];
  let offload = pool;
  let behind = 0;
  const fill = () => {
    while (
      queued < groups.length &&
      (queue.length === 0 ||
        (queue.length < AHEAD_GROUPS && aheadBytes + (sizes[queued] as number) <= AHEAD_BYTES))
    ) {
      aheadBytes += sizes[queued] as number;
      // The first row group is inflated here: no worker could be ahead of it.
      const next = fetchGroup(
        file,
        plans,
        groups[queued] as number,
        queued === 0 && !wait ? undefined : offload,
      );
      next.then(
        fetched => {
          if (!fetched.job) return;
          jobs.push(fetched.job);
          if (!offload) fetched.job.cancel();
        },
        () => undefined,
      );
      queued++;
      // A rejected read-ahead must not go unhandled when decoding this group throws first.
      next.catch(() => undefined);
      queue.push(next);
    }
  };
  for (let position = 0; position < groups.length; position++) {
    fill();
    const group = groups[position] as number;
    const fetched = await (queue.shift() as Promise<FetchedGroup>);
    const { chunks } = fetched;
    const inflated = wait ? fetched.inflated : await takeInflated(fetched);
    if (inflated) behind = 0;
    else {
      fetched.job?.cancel();
      behind++;
      if (behind >= 2) {
        offload = undefined;
        for (const job of jobs) job.cancel();
      }
    }
    aheadBytes -= sizes[position] as number;
    fill();
    const meta = file.metadata.rowGroups[group];
    const rows = meta?.numRows ?? 0;
    const columns: ArrowDataLike[] = [];
    for (let index = 0; index < plans.length; index++) {
      const plan = plans[index] as ColumnPlan;
      columns.push(
        readColumnChunk(
          plan,
          meta?.columns[plan.chunkIndex] as ColumnChunkMeta,
          chunks[index] as Uint8Array,
          rows,
          inflated ? await inflated[index] : undefined,
        ),
      );
    }
    for (let start = 0; start < rows; start += batchSize) {
      const length = Math.min(batchSize, rows - start);
      const cut: ArrowDataLike[] =
        length === rows ? columns : columns.map(column => sliceChunk(column, start, length));
      yield { numRows: length, schema: { fields }, columns: cut };
    }
  }
}
