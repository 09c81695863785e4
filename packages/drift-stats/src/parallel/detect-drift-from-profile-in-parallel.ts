import type { ColumnDrift, DatasetProfile, DriftReport } from '@ballast/contracts';
import type { CompareColumnTask } from './column-task';
import {
  compareOnThisThread,
  type DetectDriftFromProfileOptions,
  planDetectDriftFromProfile,
} from '../profile/detect-drift-from-profile';
import type { ProfileInput } from '../profile/profile-input';
import { ownBuffer } from './column-task';
import { type ParallelOptions, resolveParallel } from './parallel-options';
import { runInWorkers } from './worker-pool';

/**
 * {@link detectDriftFromProfile} with its columns compared on worker threads when the current
 * data is large: each current column is reduced on the calling thread (finite values or
 * category counts) and compared in a worker with exactly the code the serial path runs, so the
 * report is identical. Below `parallel.threshold` cells, or with a single column, it runs on
 * the calling thread.
 *
 * @example
 * ```ts
 * const report = await detectDriftFromProfileInParallel(referenceProfile, currentTable, {
 *   parallel: { workers: 4 },
 * });
 * ```
 */
export async function detectDriftFromProfileInParallel(
  referenceProfile: DatasetProfile,
  current: ProfileInput,
  options: DetectDriftFromProfileOptions & { parallel?: ParallelOptions } = {},
): Promise<DriftReport> {
  const { parallel = {}, ...comparisonOptions } = options;
  const plan = planDetectDriftFromProfile(referenceProfile, current, comparisonOptions);
  const threads = resolveParallel(parallel, plan.currentRows, plan.comparisons.length);
  if (!threads) return compareOnThisThread(plan);
  // Each current column is reduced only when a worker is free, so at most `workers` copies exist.
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
