import type { ColumnDrift } from '@ballast/contracts';
import type { ParsedDetectDriftOptions } from './detect-drift-options';
import { isColumnPlan, planColumn, type ReducedColumn, settleColumn } from './plan-column';
import { attempt } from './plan-columns';
import { runStatistic } from './run-statistic';

/**
 * Plans a reduced column and computes its statistic on the cpu: the whole per-column work of
 * `detectDrift`, run on the calling thread or inside a worker.
 */
export function compareOnCpu(
  reduced: ReducedColumn,
  options: ParsedDetectDriftOptions,
): ColumnDrift {
  const plan = planColumn(reduced, options);
  if (!isColumnPlan(plan)) return plan;
  return settleColumn(
    plan,
    attempt(() => runStatistic(plan.method, plan.reference, plan.current, options)),
    'cpu',
  );
}
