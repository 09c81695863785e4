import { type ColumnDrift, type DriftReport, InvalidInputError } from '@ballast/contracts';
import { distinctSortedCount } from './binning/binned-shares';
import type { DetectDriftOptions } from './column-drift/detect-drift-options';
import {
  type ColumnPlan,
  isColumnPlan,
  planColumn,
  settleColumn,
} from './column-drift/plan-column';
import { attempt, finishReport, planColumns } from './column-drift/plan-columns';
import { runStatistic } from './column-drift/run-statistic';
import type { NumericInput } from './input/numeric-column';
import type { StatisticResult } from './statistics/statistic-result';
import type { TableInput } from './table/read-table';

/**
 * A compute backend for some numeric statistics (the tfjs backend from `createTfjsBackend`
 * is one). Methods it lacks run on the cpu.
 */
export interface AsyncDriftBackend {
  /** Written to each column's `backend` field, e.g. `'tfjs:cpu'`. */
  readonly name: string;
  ks?(reference: NumericInput, current: NumericInput): Promise<StatisticResult>;
  wasserstein?(
    reference: NumericInput,
    current: NumericInput,
    options?: { normed?: boolean },
  ): Promise<StatisticResult>;
  psi?(reference: NumericInput, current: NumericInput): Promise<StatisticResult>;
  jensenShannon?(
    reference: NumericInput,
    current: NumericInput,
    options?: { base?: number },
  ): Promise<StatisticResult>;
}

/** Options of {@link detectDriftAsync}: those of `detectDrift`, with any backend. */
export interface DetectDriftAsyncOptions extends Omit<DetectDriftOptions, 'backend'> {
  /** `'cpu'` (default) or a backend such as `await createTfjsBackend()`. */
  backend?: 'cpu' | AsyncDriftBackend;
}

function isAsyncBackend(value: unknown): value is AsyncDriftBackend {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { name?: unknown }).name === 'string'
  );
}

/**
 * The backend call for a planned column, or undefined when the cpu must run it: the backend
 * lacks the method, a side is not numeric, the caller passed statistic options the backend
 * does not take, or (for binned methods) Evidently would count values instead of binning
 * them (20 or fewer reference values).
 */
function backendCall(
  backend: AsyncDriftBackend,
  plan: ColumnPlan,
  statisticOptions: Record<string, unknown> | undefined,
): (() => Promise<StatisticResult>) | undefined {
  if (plan.reference.kind !== 'numeric' || plan.current.kind !== 'numeric') return undefined;
  const reference = plan.reference.sample.sorted;
  const current = plan.current.sample.sorted;
  const optionKeys = Object.keys(statisticOptions ?? {});
  const onlyKeys = (allowed: string[]) => optionKeys.every(key => allowed.includes(key));
  const binnable = distinctSortedCount(reference, 20) > 20;
  const options = statisticOptions ?? {};
  const { ks, wasserstein, psi, jensenShannon } = backend;
  switch (plan.method) {
    case 'ks':
      return ks && onlyKeys([]) ? () => ks.call(backend, reference, current) : undefined;
    case 'wasserstein':
      return wasserstein && onlyKeys(['normed'])
        ? () => wasserstein.call(backend, reference, current, options)
        : undefined;
    case 'psi':
      return psi && binnable && onlyKeys([])
        ? () => psi.call(backend, reference, current)
        : undefined;
    case 'jensenshannon':
      return jensenShannon && binnable && onlyKeys(['base'])
        ? () => jensenShannon.call(backend, reference, current, options)
        : undefined;
    default:
      return undefined;
  }
}

/**
 * `detectDrift` with a pluggable compute backend: numeric columns whose method the backend
 * offers (the tfjs backend: `ks`, `wasserstein`, `psi`, `jensenshannon`) are computed there
 * and report its name in `backend`; everything else runs on the cpu statistics. Columns are
 * computed one after another. With `backend: 'cpu'` (default) the report equals
 * `detectDrift`'s.
 *
 * @example
 * ```ts
 * const backend = await createTfjsBackend({ tf: await import('@tensorflow/tfjs') });
 * const report = await detectDriftAsync(referenceTable, currentTable, { backend });
 * ```
 */
export async function detectDriftAsync(
  reference: TableInput,
  current: TableInput,
  options: DetectDriftAsyncOptions = {},
): Promise<DriftReport> {
  const { backend = 'cpu', ...rest } = options;
  if (backend !== 'cpu' && !isAsyncBackend(backend)) {
    throw new InvalidInputError({
      code: 'BACKEND_UNSUPPORTED',
      message:
        'backend must be "cpu" or a backend object with a name (for example from createTfjsBackend()).',
      details: { path: 'backend', received: typeof backend },
    });
  }
  const planned = planColumns(reference, current, rest, 'detectDriftAsync options');
  const columns: ColumnDrift[] = [];
  for (const { reduce } of planned.columns) {
    const column = planColumn(reduce(), planned.options);
    if (!isColumnPlan(column)) {
      columns.push(column);
      continue;
    }
    const call =
      backend === 'cpu'
        ? undefined
        : backendCall(backend, column, planned.options.statisticOptions?.[column.method]);
    if (call && backend !== 'cpu') {
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
