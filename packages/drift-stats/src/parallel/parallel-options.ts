import { availableParallelism } from 'node:os';
import { InvalidInputError } from '@ballast/contracts';
import { defaultWorkerUrl } from './worker-pool';

/** When and how `detectDrift` and `profileInParallel` use worker threads. */
export interface ParallelOptions {
  /** Use worker threads only from this many cells (rows × columns); default 1 000 000. */
  threshold?: number;
  /** Worker threads to start (default: available parallelism − 1, at least 1, at most one per column). */
  workers?: number;
  /** The built worker entry; default `worker.js` / `.cjs` next to the package bundle. */
  workerUrl?: URL;
}

/**
 * The worker settings for `columns` columns of `rows` rows, or `undefined` when the work is
 * small enough (or has a single column) to stay on the calling thread.
 */
export function resolveParallel(
  parallel: ParallelOptions,
  rows: number,
  columns: number,
): { workers: number; workerUrl: URL } | undefined {
  const workers = parallel.workers ?? Math.max(1, availableParallelism() - 1);
  if (!(Number.isInteger(workers) && workers >= 1)) {
    throw new InvalidInputError({
      code: 'INVALID_WORKER_COUNT',
      message: `parallel.workers must be a positive integer; received ${String(workers)}.`,
      details: { path: 'parallel.workers', received: workers },
    });
  }
  if (rows * columns < (parallel.threshold ?? 1_000_000) || columns < 2) return undefined;
  return {
    workers: Math.min(workers, columns),
    workerUrl: parallel.workerUrl ?? defaultWorkerUrl(),
  };
}
