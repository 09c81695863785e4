import {
  type ColumnDrift,
  type DriftReport,
  InvalidInputError,
  SPEC_VERSION,
} from '@ballast/contracts';
import { type Correction, adjustPValues } from './adjust-p-values';
import { findDriftMethod } from '../methods';
import { type DriftMethod, isDrifted } from '../methods/drift-method';

/** Options of {@link assembleDriftReport}. */
export interface AssembleDriftReportOptions {
  /** Correction applied across the p-value columns. */
  correction: Correction;
  /** Share of evaluated columns that must drift for the dataset to drift (`share >= driftShare`). */
  driftShare: number;
  /** Reference rows (including missing values). */
  referenceRows: number;
  /** Current rows (including missing values). */
  currentRows: number;
  /** Digest of the reference profile when the reference came from a profile. */
  profileDigest?: string;
  /** Timestamp of the report; default now. */
  createdAt?: Date;
}

function isCorrectable(column: ColumnDrift): boolean {
  return (
    column.status === 'ok' &&
    typeof column.pValue === 'number' &&
    findDriftMethod(column.method)?.thresholdKind === 'p_value'
  );
}

/**
 * Builds the `DriftReport` document from per-column results: applies the multiple-testing
 * correction to the p-value columns (setting `adjustedPValue` and re-deciding `drifted` with
 * each method's own rule), then the dataset verdict `share >= driftShare`, where `share` is
 * drifted columns over evaluated (`status: 'ok'`) columns. Distance columns and
 * `insufficient_data` columns are never corrected.
 *
 * @example
 * ```ts
 * const report = assembleDriftReport(columns, {
 *   correction: 'benjamini-hochberg', driftShare: 0.5, referenceRows: 1000, currentRows: 800,
 * });
 * ```
 */
export function assembleDriftReport(
  columns: ColumnDrift[],
  options: AssembleDriftReportOptions,
): DriftReport {
  if (!(options.driftShare >= 0 && options.driftShare <= 1)) {
    throw new InvalidInputError({
      code: 'INVALID_DRIFT_SHARE',
      message: `driftShare must be between 0 and 1; received ${String(options.driftShare)}.`,
      details: { path: 'driftShare', received: options.driftShare },
    });
  }
  const correctable = columns.filter(isCorrectable);
  const adjusted = adjustPValues(
    correctable.map(column => column.pValue as number),
    options.correction,
  );
  const adjustedByColumn = new Map(
    correctable.map((column, index) => [column, adjusted[index] as number]),
  );
  const finalColumns = columns.map(column => {
    const adjustedPValue = adjustedByColumn.get(column);
    if (adjustedPValue === undefined || options.correction === 'none') return column;
    return {
      ...column,
      adjustedPValue,
      drifted: isDrifted(
        findDriftMethod(column.method) as DriftMethod,
        adjustedPValue,
        column.threshold,
      ),
    };
  });
  const evaluated = finalColumns.filter(column => column.status === 'ok');
  const driftedColumns = evaluated.filter(column => column.drifted).length;
  const share = evaluated.length === 0 ? 0 : driftedColumns / evaluated.length;
  return {
    kind: 'DriftReport',
    specVersion: SPEC_VERSION,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    reference: {
      rows: options.referenceRows,
      ...(options.profileDigest === undefined ? {} : { profileDigest: options.profileDigest }),
    },
    current: { rows: options.currentRows },
    options: { correction: options.correction, driftShare: options.driftShare },
    columns: finalColumns,
    dataset: {
      driftedColumns,
      totalColumns: evaluated.length,
      share,
      drifted: evaluated.length > 0 && share >= options.driftShare,
    },
  };
}
