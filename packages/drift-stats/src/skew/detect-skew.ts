import type { ColumnDrift, ColumnProfile, DatasetProfile, DriftReport } from '@ballast/contracts';
import { detectDrift } from '../detect/detect-drift';
import type { ParallelOptions } from '../parallel/parallel-options';
import { readTable, type TableInput } from '../table/read-table';

/**
 * Stable codes of a skew report, named as TFDV's anomaly types, so they can be switched on
 * across releases and mapped onto policy gates.
 */
export const skewCodes = {
  /** A training column is absent from the serving data. */
  missingColumn: 'SCHEMA_MISSING_COLUMN',
  /** A categorical column's L-infinity distance reached its threshold. */
  lInfinityHigh: 'COMPARATOR_L_INFTY_HIGH',
  /** A numeric column's Jensen–Shannon distance reached its threshold. */
  jensenShannonHigh: 'COMPARATOR_JENSEN_SHANNON_DIVERGENCE_HIGH',
} as const;

/** Options of {@link detectSkew}. */
export interface DetectSkewOptions {
  /** L-infinity threshold of categorical and boolean columns (default 0.1). */
  lInfinityThreshold?: number;
  /** Base-2 Jensen–Shannon distance threshold of numeric columns (default 0.1). */
  jensenShannonThreshold?: number;
  /** Threshold per column, overriding the two above. */
  thresholds?: Readonly<Record<string, number>>;
  /** Training columns serving data may lack by design (not reported as missing). */
  optionalColumns?: readonly string[];
  /** Compare columns on worker threads: `true` or `{ workers, threshold }`. */
  parallel?: boolean | ParallelOptions;
  /** Report timestamp (default now). */
  createdAt?: Date;
}

/** A training column absent from the serving data. */
export interface SkewAnomaly {
  /** The column name. */
  column: string;
  /** {@link skewCodes}`.missingColumn`. */
  code: string;
  /** What is wrong, for people. */
  message: string;
}

/** A `DriftReport` of training/serving skew, plus the missing columns no distance can express. */
export type SkewReport = DriftReport & { anomalies: SkewAnomaly[] };

function isNumeric(column: ColumnProfile): boolean {
  return column.moments !== undefined || column.type === 'float' || column.type === 'integer';
}

/**
 * Training/serving skew, as TFDV's skew comparators see it: `detectDrift` between the training
 * profile and the serving data, with the L-infinity distance for categorical and boolean
 * columns and the base-2 Jensen–Shannon distance for numeric ones (on the profile's histogram
 * bins, with under/overflow bins for serving values outside the training range). A drifted
 * column carries `code` (`COMPARATOR_L_INFTY_HIGH` or
 * `COMPARATOR_JENSEN_SHANNON_DIVERGENCE_HIGH`); a training column absent from serving is an
 * anomaly (`SCHEMA_MISSING_COLUMN`) unless listed in `optionalColumns`. The dataset is skewed
 * when any column drifted or any anomaly was found.
 *
 * @example
 * ```ts
 * const training = profile(trainingTable);
 * const skew = await detectSkew(training, servingRecords, { optionalColumns: ['label'] });
 * if (skew.dataset.drifted) console.log(skew.columns.filter(column => column.code), skew.anomalies);
 * ```
 */
export async function detectSkew(
  training: DatasetProfile,
  serving: TableInput,
  options: DetectSkewOptions = {},
): Promise<SkewReport> {
  const servingColumns = readTable(serving, 'serving').columns;
  const optional = new Set(options.optionalColumns ?? []);
  const present = training.columns.filter(column => servingColumns.has(column.name));
  const anomalies: SkewAnomaly[] = training.columns
    .filter(column => !servingColumns.has(column.name) && !optional.has(column.name))
    .map(column => ({
      column: column.name,
      code: skewCodes.missingColumn,
      message: `Column "${column.name}" is in the training profile but not in the serving data.`,
    }));
  const thresholds = Object.fromEntries(
    present.map(column => [
      column.name,
      options.thresholds?.[column.name] ??
        (isNumeric(column)
          ? (options.jensenShannonThreshold ?? 0.1)
          : (options.lInfinityThreshold ?? 0.1)),
    ]),
  );
  const report = await detectDrift(training, serving, {
    columns: present.map(column => column.name),
    methodsByType: { numeric: 'jensenshannon', categorical: 'linf' },
    statisticOptions: { jensenshannon: { base: 2 } },
    thresholds,
    driftShare: 0,
    ...(options.parallel === undefined ? {} : { parallel: options.parallel }),
    ...(options.createdAt === undefined ? {} : { createdAt: options.createdAt }),
  });
  const columns = report.columns.map(
    (column): ColumnDrift =>
      column.drifted
        ? {
            ...column,
            code: column.method === 'linf' ? skewCodes.lInfinityHigh : skewCodes.jensenShannonHigh,
          }
        : column,
  );
  return {
    ...report,
    columns,
    dataset: {
      ...report.dataset,
      drifted: report.dataset.driftedColumns > 0 || anomalies.length > 0,
    },
    anomalies,
  };
}
