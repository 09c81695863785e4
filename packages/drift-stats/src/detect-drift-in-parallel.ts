import type { ColumnDrift, DriftReport } from '@ballast/contracts';
import { compareOnCpu } from './column-drift/compare-on-cpu';
import type { DetectDriftOptions } from './column-drift/detect-drift-options';
import { type DriftColumnTask, driftWorkerUrl } from './column-drift/drift-column-task';
import { finishReport, planColumns } from './column-drift/plan-columns';
import { type ParallelOptions, resolveParallel } from './parallel/parallel-options';
import { runInWorkers } from './parallel/worker-pool';
import type { TableInput } from './table/read-table';

/**
 * {@link detectDrift} with its columns compared on worker threads when the tables are large:
 * each column is typed and reduced to its finite values or category counts on the calling
 * thread, then sorted and tested in a worker with exactly the code `detectDrift` runs, so the
 * report is identical. Below `parallel.threshold` cells (rows × columns, default 1 000 000),
 * or with a single column, it runs on the calling thread. `parallel.workerUrl` defaults to the
 * built `drift-worker.js` / `.cjs` next to the package bundle.
 *
 * @example
 * ```ts
 * const report = await detectDriftInParallel(referenceTable, currentTable, {
 *   parallel: { workers: 4 },
 * });
 * ```
 */
export async function detectDriftInParallel(
  reference: TableInput,
  current: TableInput,
  options: Omit<DetectDriftOptions, 'backend'> & { parallel?: ParallelOptions } = {},
): Promise<DriftReport> {
  const { parallel = {}, ...rest } = options;
  const planned = planColumns(reference, current, rest, 'detectDriftInParallel options');
  const rows = Math.max(planned.referenceRows, planned.currentRows);
  const threads = resolveParallel(
    { ...parallel, workerUrl: parallel.workerUrl ?? driftWorkerUrl() },
    rows,
    planned.columns.length,
  );
  if (!threads) {
    return finishReport(
      planned,
      planned.columns.map(column => compareOnCpu(column.reduce(), planned.options)),
    );
  }
  const tasks: DriftColumnTask[] = planned.columns.map(column => ({
    column: column.reduce(),
    options: planned.options,
  }));
  return finishReport(planned, await runInWorkers<DriftColumnTask, ColumnDrift>(tasks, threads));
}
