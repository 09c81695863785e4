import {
  type ColumnDrift,
  type DriftReport,
  InvalidInputError,
  parseWithSchema,
} from '@ballast/contracts';
import { assembleDriftReport } from '../report/assemble-drift-report';
import type { StatisticResult } from '../statistics/statistic-result';
import { readTable, type TableInput } from '../table/read-table';
import {
  type ComparisonOptions,
  detectDriftOptionsSchema,
  type ParsedDetectDriftOptions,
} from './detect-drift-options';
import { type ReducedColumn, reduceColumn } from './plan-column';

/** Both tables read and every compared column typed and reduced. */
export interface PlannedColumns {
  options: ParsedDetectDriftOptions;
  referenceRows: number;
  currentRows: number;
  /**
   * The compared columns, in report order. Each is reduced only when asked, so a caller that
   * compares columns one at a time holds one column's values at a time.
   */
  columns: ReadonlyArray<{ name: string; reduce: () => ReducedColumn }>;
}

/**
 * Validates the options (naming the failing path), reads both tables and types and reduces
 * each compared column. A column missing on one side is an `InvalidInputError`
 * (`COLUMN_MISSING`) naming it.
 */
export function planColumns(
  reference: TableInput,
  current: TableInput,
  options: ComparisonOptions,
  what: string,
): PlannedColumns {
  const parsed = parseWithSchema(detectDriftOptionsSchema, options, what);
  const referenceTable = readTable(reference, 'reference', parsed.columns);
  const currentTable = readTable(current, 'current', parsed.columns);
  const names = parsed.columns ?? [...referenceTable.columns.keys()];
  const columns = names.map(name => {
    const referenceColumn = referenceTable.columns.get(name);
    const currentColumn = currentTable.columns.get(name);
    if (!referenceColumn || !currentColumn) {
      const side = referenceColumn ? 'current' : 'reference';
      throw new InvalidInputError({
        code: 'COLUMN_MISSING',
        message: `Column "${name}" is missing from the ${side} data. Add it, or leave it out with the \`columns\` option.`,
        details: { path: name, column: name, side },
      });
    }
    return { name, reduce: () => reduceColumn(name, referenceColumn, currentColumn, parsed) };
  });
  return {
    options: parsed,
    referenceRows: referenceTable.rowCount,
    currentRows: currentTable.rowCount,
    columns,
  };
}

/**
 * Assembles the report from settled columns with the planned options and row counts.
 */
export function finishReport(planned: PlannedColumns, columns: ColumnDrift[]): DriftReport {
  return assembleDriftReport(columns, {
    correction: planned.options.correction ?? 'none',
    driftShare: planned.options.driftShare ?? 0.5,
    referenceRows: planned.referenceRows,
    currentRows: planned.currentRows,
    ...(planned.options.createdAt ? { createdAt: planned.options.createdAt } : {}),
  });
}

/**
 * Runs `compute` and captures either its result or the error it threw, for `settleColumn`.
 */
export function attempt(
  compute: () => StatisticResult,
): { result: StatisticResult } | { error: unknown } {
  try {
    return { result: compute() };
  } catch (error) {
    return { error };
  }
}
