import {
  type ColumnDrift,
  type ColumnProfile,
  type DatasetProfile,
  datasetProfileSchema,
  type DriftReport,
  InvalidInputError,
  parseWithSchema,
} from '@ballast/contracts';
import { z } from 'zod';
import { categoryCountsOverUnion } from '../binning/binned-shares';
import type { CategoricalColumn } from '../input/categorical-column';
import { type DriftMethodId, driftMethods, findDriftMethod, getDriftMethod } from '../methods';
import { type DriftMethod, isDrifted, type ProfileStatistic } from '../methods/drift-method';
import type { Correction } from '../report/adjust-p-values';
import { assembleDriftReport } from '../report/assemble-drift-report';
import { defaultMethod } from '../report/default-method';
import { KllSketch } from '../sketch/kll-sketch';
import { sortFloat64 } from '../sorting/sort-float64';
import { binCounts } from './bin-counts';
import type { ProfileApproximation } from './sketch-distances';
import {
  type ColumnSource,
  type ProfileInput,
  prepareColumn,
  readProfileInput,
} from './profile-input';

// A reference profile is typically compared with many windows of current data: it is validated
// once per profile object, and each column's sketch parsed once per column object (a profile is
// treated as immutable data: a changed profile must be a new object). Weak keys, so a dropped
// profile is collected with its prepared form.
const validatedProfiles = new WeakMap<object, DatasetProfile>();
const parsedSketches = new WeakMap<ColumnProfile, KllSketch>();

/** The profile, validated once per profile object. */
export function validatedProfile(profile: DatasetProfile): DatasetProfile {
  let validated = validatedProfiles.get(profile);
  if (validated === undefined) {
    validated = parseWithSchema(datasetProfileSchema, profile, 'DatasetProfile');
    validatedProfiles.set(profile, validated);
    // The validated copy is itself a valid profile: passing it back needs no second parse.
    validatedProfiles.set(validated, validated);
  }
  return validated;
}

function referenceSketch(column: ColumnProfile): KllSketch {
  let sketch = parsedSketches.get(column);
  if (sketch === undefined) {
    sketch = KllSketch.fromJSON(column.quantiles);
    parsedSketches.set(column, sketch);
  }
  return sketch;
}

/** Options of {@link detectDriftFromProfile}. */
export interface DetectDriftFromProfileOptions {
  /** Profile columns to compare (default: all). */
  columns?: readonly string[];
  /** Method per column, overriding `methodsByType` and Evidently's default choice. */
  methods?: Readonly<Record<string, DriftMethodId>>;
  /** Method per feature type. */
  methodsByType?: Readonly<Partial<Record<'numeric' | 'categorical', DriftMethodId>>>;
  /** Threshold per column (default: the method's Evidently default). */
  thresholds?: Readonly<Record<string, number>>;
  /** Multiple-testing correction across p-value columns (default `'none'`). */
  correction?: Correction;
  /** Share of drifted columns at which the dataset drifts (default 0.5). */
  driftShare?: number;
  /** Logarithm base of `jensenshannon` (default e, as Evidently). */
  jensenShannonBase?: number;
  /** Absolute change in missing share that counts as missing-value drift (default 0.1). */
  missingShareThreshold?: number;
  /** Report timestamp (default now). */
  createdAt?: Date;
}

// Only methods whose descriptor has a profile form can run without the raw reference.
const methodSchema = z.string().refine(name => findDriftMethod(name)?.profile !== undefined, {
  error: issue =>
    `${JSON.stringify(issue.input)} cannot run from a profile; use one of ${driftMethods
      .filter(method => method.profile)
      .map(method => method.id)
      .join(', ')}.`,
});
/** The schema of {@link DetectDriftFromProfileOptions}. */
export const optionsSchema = z.object({
  columns: z.array(z.string()).optional(),
  methods: z.record(z.string(), methodSchema).optional(),
  methodsByType: z
    .object({ numeric: methodSchema.optional(), categorical: methodSchema.optional() })
    .optional(),
  thresholds: z.record(z.string(), z.number()).optional(),
  correction: z.enum(['none', 'bonferroni', 'benjamini-hochberg']).optional(),
  driftShare: z.number().min(0).max(1).optional(),
  jensenShannonBase: z.number().positive().optional(),
  missingShareThreshold: z.number().min(0).max(1).optional(),
  createdAt: z.date().optional(),
});

/** Parsed options of a profile comparison (plain data, so they can be sent to a worker). */
export type ProfileComparisonOptions = z.output<typeof optionsSchema>;
type Options = ProfileComparisonOptions;
type FeatureType = 'numeric' | 'categorical';
type Evaluated = ProfileStatistic;

/** The report's feature type of a profile column. */
export function reportType(column: ColumnProfile): ColumnDrift['type'] {
  if (column.moments !== undefined || column.type === 'float' || column.type === 'integer')
    return 'numeric';
  return column.type === 'boolean' ? 'boolean' : 'categorical';
}

/** A profile column's category counts as a categorical column. */
export function profileCategories(column: ColumnProfile): CategoricalColumn {
  return {
    counts: new Map(Object.entries(column.categories?.counts ?? {})),
    missing: column.missing,
    total: column.count,
  };
}

/** The bucket a truncated profile's uncounted categories fall into. */
export const otherCategory = '\u0000other';

/**
 * Both sides as category counts over comparable keys. A truncated profile (`otherCount > 0`)
 * adds an "other" category, into which go the current values of every category the profile did
 * not keep; otherwise the keys are the union of categories, as Evidently's.
 */
function categoryColumns(column: ColumnProfile, current: CategoricalColumn) {
  const reference = profileCategories(column);
  const otherCount = column.categories?.otherCount ?? 0;
  if (otherCount === 0) return { reference, current };
  reference.counts.set(otherCategory, otherCount);
  const folded = new Map<string, number>();
  for (const [key, count] of current.counts) {
    const target = reference.counts.has(key) ? key : otherCategory;
    folded.set(target, (folded.get(target) ?? 0) + count);
  }
  return { reference, current: { ...current, counts: folded } };
}

/** Histogram counts of both sides on the profile's edges, plus under/overflow bins when current data leaves the reference range. */
function histogramBins(column: ColumnProfile, currentValues: Float64Array) {
  const histogram = column.histogram as NonNullable<ColumnProfile['histogram']>;
  const counted = binCounts(currentValues, histogram.edges, 'count');
  const below = counted[0] as number;
  const above = counted[counted.length - 1] as number;
  const inner = counted.subarray(1, counted.length - 1);
  return {
    referenceCounts: Float64Array.from([
      ...(below > 0 ? [0] : []),
      ...histogram.counts,
      ...(above > 0 ? [0] : []),
    ]),
    currentCounts: Float64Array.from([
      ...(below > 0 ? [below] : []),
      ...inner,
      ...(above > 0 ? [above] : []),
    ]),
  };
}

function uniqueValueCount(
  column: ColumnProfile,
  current: CategoricalColumn | undefined,
  currentValues?: Float64Array,
): number {
  if (column.categories === undefined) return Number.POSITIVE_INFINITY;
  const keys = new Set(Object.keys(column.categories.counts));
  if (current) for (const key of current.counts.keys()) keys.add(key);
  if (currentValues) for (const value of currentValues) keys.add(String(value));
  return Math.max(keys.size, column.categories.distinctEstimate ?? 0);
}

/** The typed error of a method a profile cannot run. */
export function methodNotAvailable(column: string, method: string, why: string): InvalidInputError {
  return new InvalidInputError({
    code: 'METHOD_NOT_AVAILABLE_FROM_PROFILE',
    message: `Method "${method}" cannot run on column "${column}" from a profile: ${why}`,
    details: { path: `methods.${column}`, column, method },
  });
}

function chooseMethod(
  column: ColumnProfile,
  featureType: FeatureType,
  options: Options,
  uniqueValues: () => number,
): DriftMethod {
  const method = getDriftMethod(
    options.methods?.[column.name] ??
      options.methodsByType?.[featureType] ??
      defaultMethod({
        featureType,
        referenceRows: column.count - column.missing,
        uniqueValues: uniqueValues(),
      }),
  );
  if (method.profile === undefined) {
    throw methodNotAvailable(
      column.name,
      method.id,
      'only ks, wasserstein and binned methods work without the raw reference.',
    );
  }
  if (featureType === 'categorical' && method.profile.kind === 'sketch') {
    throw methodNotAvailable(column.name, method.id, 'it needs a numeric column.');
  }
  return method;
}

function evaluateNumeric(
  column: ColumnProfile,
  method: DriftMethod,
  values: Float64Array,
  options: Options,
): Evaluated {
  const hasCategories = column.categories !== undefined;
  if (method.profile?.kind === 'sketch') {
    if (!column.quantiles || !column.moments)
      throw methodNotAvailable(column.name, method.id, 'the profile has no quantile sketch.');
    return method.profile.compare(referenceSketch(column), sortFloat64(values), column);
  }
  // Evidently bins numeric columns with at most 20 distinct reference values as categories.
  if (hasCategories) {
    return evaluateCategories(column, method, numericAsCategories(values), options);
  }
  if (!column.histogram)
    throw methodNotAvailable(column.name, method.id, 'the profile has no histogram.');
  const bins = histogramBins(column, values);
  return onHistogram(evaluateCounts(column, method, bins, options), bins.referenceCounts.length);
}

function numericAsCategories(values: Float64Array): CategoricalColumn {
  const counts = new Map<string, number>();
  for (const value of values) {
    const key = String(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { counts, missing: 0, total: values.length };
}

/** A counts-form method on reference and current bin counts. */
export function evaluateCounts(
  column: ColumnProfile,
  method: DriftMethod,
  bins: { referenceCounts: Float64Array; currentCounts: Float64Array },
  options: Options,
): Evaluated {
  if (method.profile?.kind !== 'counts') {
    throw methodNotAvailable(
      column.name,
      method.id,
      'it needs category counts; use a binned method on histogram bins.',
    );
  }
  const base = options.jensenShannonBase;
  return {
    statistic: method.profile.compare(
      bins.referenceCounts,
      bins.currentCounts,
      base === undefined ? {} : { base },
    ),
  };
}

/** Histogram comparisons are exact on the profile's bins; the report says how many. */
export function onHistogram(
  result: Evaluated,
  bins: number,
): Evaluated & { approximation: ProfileApproximation } {
  return { ...result, approximation: { kind: 'histogram', bins } };
}

/** A method on the profile's category counts and the current ones. */
export function evaluateCategories(
  column: ColumnProfile,
  method: DriftMethod,
  currentCategories: CategoricalColumn,
  options: Options,
): Evaluated {
  const { reference, current } = categoryColumns(column, currentCategories);
  if (method.profile?.kind === 'categories') return method.profile.compare(reference, current);
  return evaluateCounts(column, method, categoryCountsOverUnion(reference, current), options);
}

/** A current column reduced to finite values or category counts, with its missing count. */
export interface CurrentColumn {
  featureType: FeatureType;
  /** True when every current value is missing, so the column's type cannot be told. */
  untyped: boolean;
  numeric?: Float64Array;
  categories?: CategoricalColumn;
  missing: number;
  total: number;
  /** Unique values over both sides when known otherwise (a current profile), for the default method. */
  uniqueValues?: number;
  /** Computes the statistic in place of the current values (a current profile: no values to read). */
  evaluate?: (method: DriftMethod, featureType: FeatureType) => ProfileStatistic;
}

function readCurrent(source: ColumnSource): CurrentColumn {
  const prepared = prepareColumn(source);
  let missing = 0;
  let total = 0;
  if (prepared.kind === 'numeric') {
    const parts: Float64Array[] = [];
    for (const column of prepared.chunks()) {
      parts.push(column.values);
      missing += column.missing;
      total += column.total;
    }
    const values = parts.length === 1 ? (parts[0] as Float64Array) : concatenate(parts);
    return { featureType: 'numeric', untyped: false, numeric: values, missing, total };
  }
  const counts = new Map<string, number>();
  for (const column of prepared.chunks()) {
    for (const [key, count] of column.counts) counts.set(key, (counts.get(key) ?? 0) + count);
    missing += column.missing;
    total += column.total;
  }
  return {
    featureType: 'categorical',
    untyped: source.type === 'null',
    categories: { counts, missing, total },
    missing,
    total,
  };
}

function concatenate(parts: Float64Array[]): Float64Array {
  const joined = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Compares one current column with its reference profile (also run inside worker threads). */
export function compareColumnToProfile(
  column: ColumnProfile,
  current: CurrentColumn,
  options: ProfileComparisonOptions,
): ColumnDrift {
  const profileFeature: FeatureType = reportType(column) === 'numeric' ? 'numeric' : 'categorical';
  if (column.type !== 'null' && !current.untyped && profileFeature !== current.featureType) {
    throw new InvalidInputError({
      code: 'COLUMN_TYPE_MISMATCH',
      message: `Column "${column.name}" is ${profileFeature} in the reference profile but ${current.featureType} in the current data; cast one side.`,
      details: {
        path: column.name,
        column: column.name,
        reference: profileFeature,
        current: current.featureType,
      },
    });
  }
  const featureType = column.type === 'null' ? current.featureType : profileFeature;
  const method = chooseMethod(
    column,
    featureType,
    options,
    () => current.uniqueValues ?? uniqueValueCount(column, current.categories, current.numeric),
  );
  const threshold = options.thresholds?.[column.name] ?? method.defaultThreshold;
  const referenceCount = column.count - column.missing;
  const currentCount = current.total - current.missing;
  const referenceMissingShare = column.count === 0 ? 0 : column.missing / column.count;
  const currentMissingShare = current.total === 0 ? 0 : current.missing / current.total;
  const base = {
    column: column.name,
    type:
      column.type === 'null'
        ? featureType === 'numeric'
          ? 'numeric'
          : 'categorical'
        : reportType(column),
    method: method.id,
    threshold,
    reference: { count: referenceCount, missing: column.missing },
    current: { count: currentCount, missing: current.missing },
    missingShareDrift: {
      reference: referenceMissingShare,
      current: currentMissingShare,
      drifted:
        Math.abs(currentMissingShare - referenceMissingShare) >=
        (options.missingShareThreshold ?? 0.1),
    },
    backend: 'cpu',
  } satisfies Partial<ColumnDrift>;
  if (referenceCount === 0 || currentCount === 0) {
    return {
      ...base,
      statistic: null,
      pValue: null,
      drifted: false,
      status: 'insufficient_data',
      reason: `${referenceCount === 0 ? 'reference' : 'current'} column "${column.name}" has no non-missing values`,
    };
  }
  const result = current.evaluate
    ? current.evaluate(method, featureType)
    : featureType === 'numeric'
      ? evaluateNumeric(column, method, current.numeric as Float64Array, options)
      : evaluateCategories(column, method, current.categories as CategoricalColumn, options);
  const approximation = (result as { approximation?: ProfileApproximation }).approximation;
  // From a sketch the verdict is taken on the smallest statistic consistent with the sketch's
  // error bound (a test's p-value is already computed from it), so an approximate statistic
  // never reports drift that the exact one might not.
  const decisive =
    method.thresholdKind === 'p_value'
      ? (result.pValue as number)
      : (approximation?.conservativeStatistic ?? result.statistic);
  return {
    ...base,
    statistic: result.statistic,
    ...(result.pValue === undefined ? {} : { pValue: result.pValue }),
    drifted: isDrifted(method, decisive, threshold),
    status: 'ok',
    ...(result.errorBound === undefined ? {} : { errorBound: result.errorBound }),
    ...(approximation === undefined ? {} : { approximation: { ...approximation } }),
  };
}

/** One column pair of a profile comparison: the reference summary and a reader of the current column. */
export interface ProfileComparison {
  column: ColumnProfile;
  readCurrent: () => CurrentColumn;
}

/** The validated inputs of one profile comparison, shared by the serial and parallel paths. */
export interface ProfileComparisonPlan {
  comparisons: ProfileComparison[];
  options: ProfileComparisonOptions;
  /** Rows of the current data. */
  currentRows: number;
  finish: (columns: ColumnDrift[]) => DriftReport;
}

/** Validates the profile, the options and the columns once. */
export function planDetectDriftFromProfile(
  referenceProfile: DatasetProfile,
  current: ProfileInput,
  options: DetectDriftFromProfileOptions,
): ProfileComparisonPlan {
  const reference = validatedProfile(referenceProfile);
  const parsed = parseWithSchema(optionsSchema, options, 'detectDriftFromProfile options');
  const names = parsed.columns ?? reference.columns.map(column => column.name);
  const source = readProfileInput(current);
  const comparisons = names.map(name => {
    const column = reference.columns.find(candidate => candidate.name === name);
    const currentSource = source.columns.find(candidate => candidate.name === name);
    if (!column || !currentSource) {
      throw new InvalidInputError({
        code: 'COLUMN_MISSING',
        message: `Column "${name}" is missing from the ${column ? 'current data' : 'reference profile'}.`,
        details: { path: name, column: name, side: column ? 'current' : 'reference' },
      });
    }
    return { column, readCurrent: () => readCurrent(currentSource) };
  });
  return {
    comparisons,
    options: parsed,
    currentRows: source.rowCount,
    finish: columns => profileDriftReport(columns, parsed, reference, source.rowCount),
  };
}

/** The report of columns compared with a reference profile (the profile's digest recorded). */
export function profileDriftReport(
  columns: Parameters<typeof assembleDriftReport>[0],
  parsed: Pick<DetectDriftFromProfileOptions, 'correction' | 'driftShare' | 'createdAt'>,
  reference: Pick<DatasetProfile, 'rowCount' | 'fingerprint'>,
  currentRows: number,
): DriftReport {
  return assembleDriftReport(columns, {
    correction: parsed.correction ?? 'none',
    driftShare: parsed.driftShare ?? 0.5,
    referenceRows: reference.rowCount,
    currentRows,
    profileDigest: reference.fingerprint,
    ...(parsed.createdAt ? { createdAt: parsed.createdAt } : {}),
  });
}

/**
 * Compares current data with a stored reference {@link DatasetProfile}, without the raw
 * reference, and returns the contract's `DriftReport`. Methods default to Evidently's choice
 * (by reference size, type and unique values). Binned methods (`psi`, `jensenshannon`,
 * `kl_div`, `hellinger`, `linf`, `chisquare`, `z`) are exact on the profile's bins: numeric
 * columns on the histogram edges (plus under/overflow bins when current values leave the
 * reference range), few-valued numeric and categorical columns on category counts. `ks` and
 * `wasserstein` are exact when the profile kept the column's values (`exactLimit`), else read
 * from the reference's quantile sketch and its exact tails; each such column states the
 * approximation in `approximation` and `errorBound` (|statistic − exact| ≤ errorBound with 99%
 * confidence) and takes its verdict on the conservative statistic, so a sketch never raises
 * drift the exact statistic would not (at most α + 1% false drift for `ks`).
 */
export function detectDriftFromProfile(
  referenceProfile: DatasetProfile,
  current: ProfileInput,
  options: DetectDriftFromProfileOptions = {},
): DriftReport {
  return compareOnThisThread(planDetectDriftFromProfile(referenceProfile, current, options));
}

/** Runs every planned comparison on the calling thread. */
export function compareOnThisThread(plan: ProfileComparisonPlan): DriftReport {
  return plan.finish(
    plan.comparisons.map(({ column, readCurrent: read }) =>
      compareColumnToProfile(column, read(), plan.options),
    ),
  );
}
