import type { ColumnDrift, DriftReport } from '@ballast/contracts';
import { distinctSortedCount } from '../binning/binned-shares';
import {
  type ColumnPlan,
  isColumnPlan,
  planColumn,
  settleColumn,
} from '../column-drift/plan-column';
import { attempt, finishReport, type PlannedColumns } from '../column-drift/plan-columns';
import { runStatistic } from '../column-drift/run-statistic';
import type { StatisticResult } from '../statistics/statistic-result';
import type { DriftBackend } from './detect-drift-options';

/**
 * The backend call for a planned column, or undefined when the cpu must run it: the backend
 * has no kernel for the method, a side is not numeric, the caller passed statistic options the
 * kernel does not take, or (for binned methods) Evidently would count values instead of
 * binning them (20 or fewer reference values).
 */
function backendCall(
  backend: DriftBackend,
  plan: ColumnPlan,
  statisticOptions: Readonly<Record<string, unknown>> | undefined,
): (() => Promise<StatisticResult>) | undefined {
  if (plan.reference.kind !== 'numeric' || plan.current.kind !== 'numeric') return undefined;
  const kernel = backend.kernel(plan.method);
  if (!kernel) return undefined;
  const options = statisticOptions ?? {};
  if (!Object.keys(options).every(key => kernel.options.includes(key))) return undefined;
  const reference = plan.reference.sample.sorted;
  const current = plan.current.sample.sorted;
  if (plan.method.binned && distinctSortedCount(reference, 20) <= 20) return undefined;
  return () => kernel.run(reference, current, options);
}

/**
 * Compares planned columns one after another, each on the backend when it has a kernel for
 * the column's method and on the cpu otherwise.
 */
export async function compareOnBackend(
  planned: PlannedColumns,
  backend: DriftBackend,
): Promise<DriftReport> {
  const columns: ColumnDrift[] = [];
  for (const { reduce } of planned.columns) {
    const column = planColumn(reduce(), planned.options);
    if (!isColumnPlan(column)) {
      columns.push(column);
      continue;
    }
    const call = backendCall(backend, column, planned.options.statisticOptions?.[column.method.id]);
    if (call) {
      let outcome: { result: StatisticResult } | { error: unknown };
      try {
        outcome = { result: await call() };
      } catch (error) {
        outcome = { error };
      }
      columns.push(settleColumn(column, outcome, backend.name));
    } else {
      columns.push(
        settleColumn(
          column,
          attempt(() =>
            runStatistic(column.method, column.reference, column.current, planned.options),
          ),
          'cpu',
        ),
      );
    }
  }
  return finishReport(planned, columns);
}
