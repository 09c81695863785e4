// The only module that calls @ballast/drift-stats: the monitor's seam to the drift library, so a
// change of its API touches this file alone.
import { type DatasetProfile, type DriftReport, parseDatasetProfile } from '@ballast/contracts';
import {
  type ComparisonOptions,
  type DriftMethodId,
  detectDriftSync,
  driftMethods,
  isDatasetProfile,
  profile,
  type TableInput,
} from '@ballast/drift-stats';
import type { CellValue } from '../features/cell-value';

/** Anything a reference can be given as: a dataset profile, an Arrow table or named columns. */
export type ReferenceInput =
  | DatasetProfile
  | { readonly schema: unknown; getChild(name: string): unknown }
  | Readonly<Record<string, ArrayLike<unknown>>>;

/**
 * Drift methods a window can be compared with: those a reference profile can answer (the window
 * is compared with the reference's profile, never with its raw rows).
 */
export const windowDriftMethods: readonly string[] = driftMethods.flatMap(method =>
  method.profile ? [method.id, ...(method.aliases ?? [])] : [],
);

/** Comparison settings, resolved from the monitor's options. */
export interface CompareWindowOptions {
  /** Reference columns to compare (default: all). */
  columns?: readonly string[];
  /** Method per column. */
  methods?: Readonly<Record<string, string>>;
  /** Threshold per column. */
  thresholds?: Readonly<Record<string, number>>;
  /** Multiple-testing correction across columns. */
  correction?: 'none' | 'bonferroni' | 'benjamini-hochberg';
  /** Share of drifted columns at which the dataset drifts. */
  driftShare?: number;
  /** Report timestamp. */
  createdAt?: Date;
}

/** The reference as a dataset profile: a profile is used as given, data is profiled once. */
export function prepareReference(reference: ReferenceInput, seed = 0): DatasetProfile {
  if (isDatasetProfile(reference)) return parseDatasetProfile(reference);
  return profile(reference as TableInput, { seed });
}

/** Compares a window's row sample with the reference profile and returns the drift report. */
export function compareWindow(
  reference: DatasetProfile,
  sample: Readonly<Record<string, readonly CellValue[] | Float64Array>>,
  options: CompareWindowOptions = {},
): DriftReport {
  const columns = (options.columns ?? reference.columns.map(column => column.name)).filter(
    name => sample[name] !== undefined,
  );
  // Numeric columns may come as Float64Arrays with NaN for missing values, which drift-stats
  // counts as missing just like null.
  const current = Object.fromEntries(columns.map(name => [name, sample[name]]));
  const comparison: ComparisonOptions = {
    columns,
    ...(options.methods
      ? { methods: options.methods as Readonly<Record<string, DriftMethodId>> }
      : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.correction ? { correction: options.correction } : {}),
    ...(options.driftShare === undefined ? {} : { driftShare: options.driftShare }),
    ...(options.createdAt ? { createdAt: options.createdAt } : {}),
  };
  return detectDriftSync(reference, current as TableInput, comparison);
}
