import type { ColumnDrift, DriftReport } from '@ballast/contracts';
import { compareOnCpu } from '../column-drift/compare-on-cpu';
import { finishReport, type PlannedColumns } from '../column-drift/plan-columns';
import type { CompareColumnTask, CompareColumnsTask } from '../parallel/column-task';
import { ownBuffer } from '../parallel/column-task';
import { type ParallelOptions, resolveParallel } from '../parallel/parallel-options';
import { runInWorkers } from '../parallel/worker-pool';
import {
  compareOnThisThread,
  type ProfileComparisonPlan,
} from '../profile/detect-drift-from-profile';

/**
 * Compares the columns of two tables on worker threads when they are large: each column is
 * typed and reduced on the calling thread, then sorted and tested in a worker with exactly the
 * code the calling thread runs, so the report is identical. Below `parallel.threshold` cells
 * (default 1 000 000), or with a single column, it stays on the calling thread.
 */
export async function compareTablesInWorkers(
  planned: PlannedColumns,
  parallel: ParallelOptions,
): Promise<DriftReport> {
  const rows = Math.max(planned.referenceRows, planned.currentRows);
  const threads = resolveParallel(parallel, rows, planned.columns.length);
  if (!threads) {
    return finishReport(
      planned,
      planned.columns.map(column => compareOnCpu(column.reduce(), planned.options)),
    );
  }
  // Each column is reduced only when a worker is free, so at most `workers` copies exist.
  const tasks = planned.columns.map(
    column => (): CompareColumnsTask => ({
      kind: 'compare-columns',
      column: column.reduce(),
      options: planned.options,
    }),
  );
  return finishReport(planned, await runInWorkers<CompareColumnsTask, ColumnDrift>(tasks, threads));
}

/**
 * Compares current columns with their reference profile on worker threads when the current
 * data is large, with exactly the code of the calling thread (same report).
 */
export async function compareProfileInWorkers(
  plan: ProfileComparisonPlan,
  parallel: ParallelOptions,
): Promise<DriftReport> {
  const threads = resolveParallel(parallel, plan.currentRows, plan.comparisons.length);
  if (!threads) return compareOnThisThread(plan);
  const tasks = plan.comparisons.map(({ column, readCurrent }) => (): CompareColumnTask => {
    const reduced = readCurrent();
    return {
      kind: 'compare-column-to-profile',
      column,
      current: reduced.numeric ? { ...reduced, numeric: ownBuffer(reduced.numeric) } : reduced,
      options: plan.options,
    };
  });
  return plan.finish(await runInWorkers<CompareColumnTask, ColumnDrift>(tasks, threads));
}
