import type { ColumnProfile, DatasetProfile } from '@ballast/contracts';
import { planProfile, type ProfileOptions, profileOnThisThread } from '../profile/profile';
import { type ProfileInput, prepareColumn } from '../profile/profile-input';
import { type ProfileColumnTask, toColumnTask } from './column-task';
import { type ParallelOptions, resolveParallel } from './parallel-options';
import { runInWorkers } from './worker-pool';

/**
 * {@link profile} with its columns spread over worker threads when the input is large: each
 * column's chunks are reduced on the calling thread (finite values or category counts), sent
 * to a worker, and summarised there with exactly the code `profile` runs, so the result is
 * identical to `profile(input, options)`. Below `parallel.threshold` cells, or with a single
 * column, it runs on the calling thread.
 *
 * @example
 * ```ts
 * const reference = await profileInParallel(table, { parallel: { threshold: 5_000_000 } });
 * ```
 */
export async function profileInParallel(
  input: ProfileInput,
  options: ProfileOptions & { parallel?: ParallelOptions } = {},
): Promise<DatasetProfile> {
  const { parallel = {}, ...profileOptions } = options;
  const plan = planProfile(input, profileOptions);
  const { columns, rowCount } = plan.source;
  const threads = resolveParallel(parallel, rowCount, columns.length);
  if (!threads) return profileOnThisThread(plan);
  // Each column is reduced only when a worker is free, so at most `workers` copies exist at once.
  const tasks = columns.map(
    column => () => toColumnTask(prepareColumn(column), plan.columnOptions(column.name)),
  );
  return plan.finish(await runInWorkers<ProfileColumnTask, ColumnProfile>(tasks, threads));
}
