// ZSTD pages inflated on worker threads while the main thread decodes: on flights-3m (5 columns,
// 11 row groups) zstd is ~40% of a read, so overlapping it with decoding takes it off the wall
// time. The workers are started on first use, kept warm and unref'd (they never keep a process
// alive), and released after a few idle seconds. Any failure of the pool (zstddec not loadable
// in a worker, a worker crash) only sends the pages back to the in-thread codec. A job the main
// thread no longer waits for (it inflated the pages itself: the worker was behind, as on a
// loaded machine) is cancelled through a shared flag the worker checks before each page.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { uninitialised } from './uninitialised-bytes';

/** A worker's code (CommonJS, evaluated): inflates each span of a job with zstddec. */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
let decoder;
const ready = import(workerData.zstd).then(async module => {
  const instance = new module.ZSTDDecoder();
  await instance.init();
  decoder = instance;
});
const cancelled = new Int32Array(workerData.cancelled);
parentPort.on('message', job => {
  ready.then(
    () => {
      const input = new Uint8Array(job.data);
      const outputs = [];
      const transfer = [];
      for (let index = 0; index < job.spans.length; index += 3) {
        const size = job.spans[index + 2];
        let output = null;
        if (Atomics.load(cancelled, job.slot) !== 0) {
          outputs.push(null);
          continue;
        }
        try {
          const start = job.spans[index];
          const decoded = decoder.decode(input.subarray(start, start + job.spans[index + 1]), size);
          if (decoded.length === size) output = decoded;
        } catch {}
        outputs.push(output);
        if (output) transfer.push(output.buffer);
      }
      parentPort.postMessage({ id: job.id, outputs }, transfer);
    },
    error => parentPort.postMessage({ id: job.id, failed: String((error && error.message) || error) }),
  );
});
`;

/** How long idle workers stay warm. */
const IDLE_MS = 5_000;

/** Cancellation flags, one per job slot (job id modulo this; far more than jobs in flight). */
const SLOTS = 1024;

interface Pending {
  resolve(outputs: Array<Uint8Array | null> | undefined): void;
}

/** A job handed to the pool. */
export interface ZstdJob {
  /** The outputs (null for a page not inflated to its size), or undefined when the pool failed. */
  readonly result: Promise<Array<Uint8Array | null> | undefined>;
  /** The result has arrived (set when its message is handled). */
  readonly done: boolean;
  /** Tells the worker to skip the job's remaining pages (their outputs come back null). */
  cancel(): void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

let zstdUrl: string | null | undefined;

/** zstddec's entry as a file URL a worker can import, or null when it cannot be found. */
function resolveZstd(): string | null {
  if (zstdUrl !== undefined) return zstdUrl;
  try {
    zstdUrl = pathToFileURL(createRequire(import.meta.url).resolve('zstddec')).href;
  } catch {
    zstdUrl = null;
  }
  return zstdUrl;
}

/** A small pool of zstd workers (see the file comment). */
class ZstdPool {
  private readonly workers: PoolWorker[] = [];
  private next = 0;
  private jobs = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private readonly cancelled = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
  broken = false;

  constructor(
    private readonly size: number,
    private readonly url: string,
  ) {}

  private spawn(): PoolWorker {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { zstd: this.url, cancelled: this.cancelled.buffer },
    });
    worker.unref();
    const entry: PoolWorker = { worker, pending: new Map() };
    worker.on('message', (message: { id: number; outputs?: Array<Uint8Array | null> }) => {
      const pending = entry.pending.get(message.id);
      if (!pending) return;
      entry.pending.delete(message.id);
      this.settled(entry);
      pending.resolve(message.outputs);
      if (!message.outputs) this.fail();
    });
    const lost = () => {
      // A crashed or failed worker: its jobs fall back to the in-thread codec, and the pool is
      // not used again in this process.
      this.fail();
      for (const pending of entry.pending.values()) pending.resolve(undefined);
      entry.pending.clear();
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    return entry;
  }

  private settled(entry: PoolWorker): void {
    if (entry.pending.size === 0) entry.worker.unref();
    this.jobs--;
    if (this.jobs === 0) {
      this.idle = setTimeout(() => this.close(), IDLE_MS);
      this.idle.unref();
    }
  }

  private fail(): void {
    this.broken = true;
    if (pool === this) pool = undefined;
  }

  /**
   * Inflates `bodies` (compressed zstd pages) to `sizes` bytes each on a worker. The job's
   * result never rejects.
   */
  inflate(bodies: readonly Uint8Array[], sizes: readonly number[]): ZstdJob {
    if (this.broken) return settledJob(undefined);
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    if (this.workers.length < this.size) {
      try {
        this.workers.push(this.spawn());
      } catch {
        // No worker threads here (a sandbox, a resource limit): inflate in-thread.
        this.fail();
        if (this.workers.length === 0) return settledJob(undefined);
      }
    }
    const entry = this.workers[this.next++ % this.workers.length] as PoolWorker;
    let total = 0;
    for (const body of bodies) total += body.length;
    // One buffer for the job, transferred: a body may be a view into a larger buffer (the whole
    // file, for bytes passed in), which cloning would copy entirely.
    const data = uninitialised(total);
    const spans = new Array<number>(bodies.length * 3);
    let at = 0;
    bodies.forEach((body, index) => {
      data.set(body, at);
      spans[3 * index] = at;
      spans[3 * index + 1] = body.length;
      spans[3 * index + 2] = sizes[index] as number;
      at += body.length;
    });
    const id = ++jobIds;
    const slot = id % SLOTS;
    const cancelled = this.cancelled;
    Atomics.store(cancelled, slot, 0);
    this.jobs++;
    entry.worker.ref();
    const job = {
      done: false,
      cancel: () => Atomics.store(cancelled, slot, 1),
      result: new Promise<Array<Uint8Array | null> | undefined>(resolve => {
        entry.pending.set(id, {
          resolve: outputs => {
            job.done = true;
            resolve(outputs);
          },
        });
        try {
          entry.worker.postMessage({ id, slot, data: data.buffer, spans }, [
            data.buffer as ArrayBuffer,
          ]);
        } catch {
          entry.pending.delete(id);
          this.settled(entry);
          job.done = true;
          resolve(undefined);
        }
      }),
    };
    return job;
  }

  /** Stops the workers (their pending jobs resolve to undefined). */
  close(): Promise<void> {
    if (pool === this) pool = undefined;
    this.broken = true;
    if (this.idle) clearTimeout(this.idle);
    const stopping = this.workers.map(entry => entry.worker.terminate().then(() => undefined));
    this.workers.length = 0;
    return Promise.all(stopping).then(() => undefined);
  }
}

let jobIds = 0;

function settledJob(outputs: undefined): ZstdJob {
  return { result: Promise.resolve(outputs), done: true, cancel: () => undefined };
}
let pool: ZstdPool | undefined;
let disabled = false;

/**
 * The shared pool, or undefined when worker threads would not help (one core) or zstddec
 * cannot be located for a worker.
 */
export function zstdPool(): ZstdPool | undefined {
  if (pool || disabled) return pool;
  const cores = availableParallelism();
  const url = resolveZstd();
  if (cores < 2 || !url) {
    disabled = true;
    return undefined;
  }
  pool = new ZstdPool(Math.min(2, cores - 1), url);
  return pool;
}

/** Stops the pool's workers now (tests; a process never needs to: they are unref'd). */
export async function closeZstdPool(): Promise<void> {
  await pool?.close();
}

export type { ZstdPool };
