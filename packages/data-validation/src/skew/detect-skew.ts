import {
  type ColumnDrift,
  type ColumnProfile,
  type DatasetProfile,
  type DriftReport,
  SPEC_VERSION,
} from '@ballast/contracts';
import { anomalyCodes } from '../anomaly-codes';
import { appliesInEnvironment } from '../engine/run-suite';
import { jensenShannonDivergence, lInfinityDistance } from '../statistics/distribution-distance';
import type { ExpectationSuite } from '../suite/expectation-schemas';
import type { DatasetInput } from '../validate';
import { profileDataset } from './profile-dataset';

/** Options of {@link detectSkew}. */
export interface DetectSkewOptions {
  /** L-infinity threshold for categorical columns (default 0.1). */
  lInfinityThreshold?: number;
  /** Jensen-Shannon threshold for numeric columns (default 0.1). */
  jensenShannonThreshold?: number;
  /** Per-column thresholds, overriding the defaults. */
  thresholds?: Record<string, number>;
  /** The training suite: columns it marks `not_in_environment` for `environment` are not expected. */
  suite?: ExpectationSuite;
  /** The serving environment name (default `SERVING`). */
  environment?: string;
  /** Fixed `createdAt`, for reproducible reports. */
  createdAt?: string;
}

/** A column expected in serving but absent, or present without a comparable profile. */
export interface SkewAnomaly {
  column: string;
  code: string;
  message: string;
}

/** A DriftReport of training/serving skew, plus the anomalies no distance could express. */
export type SkewReport = DriftReport & {
  columns: Array<ColumnDrift & { code?: string }>;
  anomalies: SkewAnomaly[];
};

function categoricalCounts(training: ColumnProfile, serving: ColumnProfile): [number[], number[]] {
  const keys = [
    ...new Set([
      ...Object.keys(training.categories?.counts ?? {}),
      ...Object.keys(serving.categories?.counts ?? {}),
    ]),
  ];
  const left = keys.map(key => training.categories?.counts[key] ?? 0);
  const right = keys.map(key => serving.categories?.counts[key] ?? 0);
  // Values beyond the category cap are compared as one "other" bucket.
  left.push(training.categories?.otherCount ?? 0);
  right.push(serving.categories?.otherCount ?? 0);
  return [left, right];
}

function expectedColumns(
  suite: ExpectationSuite | undefined,
  environment: string,
): (column: string) => boolean {
  if (!suite) return () => true;
  return column =>
    suite.expectations.some(
      expectation =>
        'column' in expectation.kwargs &&
        expectation.kwargs.column === column &&
        appliesInEnvironment(expectation, suite, environment),
    );
}

/**
 * Compares a serving sample with the training profile, as TFDV's skew comparators do:
 * L-infinity distance between normalised category frequencies for string, categorical and
 * boolean columns, and base-2 Jensen-Shannon divergence between histograms for numeric ones
 * (the serving values are bucketed on the training edges; values outside them count in the end
 * buckets). A column above its threshold is flagged with `COMPARATOR_L_INFTY_HIGH` or
 * `COMPARATOR_JENSEN_SHANNON_DIVERGENCE_HIGH`; a training column missing from serving is an
 * anomaly `SCHEMA_MISSING_COLUMN` unless the suite excludes it from the environment.
 *
 * @example
 * ```ts
 * const training = await profileDataset(readParquet('train.parquet'));
 * const skew = await detectSkew(training, servingRecords, { suite });
 * ```
 */
export async function detectSkew(
  training: DatasetProfile,
  serving: DatasetInput | DatasetProfile,
  options: DetectSkewOptions = {},
): Promise<SkewReport> {
  const histogramEdges = Object.fromEntries(
    training.columns
      .filter(column => column.histogram)
      .map(column => [column.name, column.histogram!.edges]),
  );
  const servingProfile =
    'kind' in serving && serving.kind === 'DatasetProfile'
      ? serving
      : await profileDataset(serving as DatasetInput, { histogramEdges });
  const servingColumns = new Map(servingProfile.columns.map(column => [column.name, column]));
  const environment = options.environment ?? 'SERVING';
  const isExpected = expectedColumns(options.suite, environment);
  const columns: SkewReport['columns'] = [];
  const anomalies: SkewAnomaly[] = [];
  for (const trainingColumn of training.columns) {
    const servingColumn = servingColumns.get(trainingColumn.name);
    if (!servingColumn) {
      if (isExpected(trainingColumn.name)) {
        anomalies.push({
          column: trainingColumn.name,
          code: anomalyCodes.schemaMissingColumn,
          message: `column ${trainingColumn.name} is in training but not in ${environment}`,
        });
      }
      continue;
    }
    const numeric = trainingColumn.histogram !== undefined;
    const [left, right] = numeric
      ? [trainingColumn.histogram!.counts, servingColumn.histogram?.counts ?? []]
      : categoricalCounts(trainingColumn, servingColumn);
    const threshold =
      options.thresholds?.[trainingColumn.name] ??
      (numeric ? (options.jensenShannonThreshold ?? 0.1) : (options.lInfinityThreshold ?? 0.1));
    const counts = {
      reference: { count: trainingColumn.count, missing: trainingColumn.missing },
      current: { count: servingColumn.count, missing: servingColumn.missing },
    };
    const empty = left.every(count => count === 0) || right.every(count => count === 0);
    if (empty) {
      columns.push({
        column: trainingColumn.name,
        type: numeric ? 'numeric' : trainingColumn.type === 'boolean' ? 'boolean' : 'categorical',
        method: numeric ? 'jensenshannon' : 'linf',
        statistic: null,
        threshold,
        drifted: false,
        status: 'insufficient_data',
        reason: 'no non-missing values on one side',
        ...counts,
        backend: 'cpu',
      });
      continue;
    }
    const statistic = numeric
      ? jensenShannonDivergence(left, right)
      : lInfinityDistance(left, right);
    const drifted = statistic > threshold;
    columns.push({
      column: trainingColumn.name,
      type: numeric ? 'numeric' : trainingColumn.type === 'boolean' ? 'boolean' : 'categorical',
      method: numeric ? 'jensenshannon' : 'linf',
      statistic,
      threshold,
      drifted,
      status: 'ok',
      ...counts,
      backend: 'cpu',
      ...(drifted
        ? {
            code: numeric
              ? anomalyCodes.comparatorJensenShannonDivergenceHigh
              : anomalyCodes.comparatorLInftyHigh,
          }
        : {}),
    });
  }
  const driftedColumns = columns.filter(column => column.drifted).length;
  return {
    kind: 'DriftReport',
    specVersion: SPEC_VERSION,
    createdAt: options.createdAt ?? new Date().toISOString(),
    reference: { rows: training.rowCount, profileDigest: training.fingerprint },
    current: { rows: servingProfile.rowCount },
    options: { correction: 'none', driftShare: 0 },
    columns,
    dataset: {
      driftedColumns,
      totalColumns: columns.length,
      share: columns.length === 0 ? 0 : driftedColumns / columns.length,
      drifted: driftedColumns > 0 || anomalies.length > 0,
    },
    anomalies,
  };
}
