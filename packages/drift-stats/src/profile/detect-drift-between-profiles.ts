import {
  type ColumnProfile,
  type DatasetProfile,
  datasetProfileSchema,
  type DriftReport,
  InvalidInputError,
  parseWithSchema,
} from '@ballast/contracts';
import { toProfileOptions } from '../column-drift/profile-options';
import type { DetectDriftOptions, DetectDriftSyncOptions } from '../detect/detect-drift-options';
import { isDatasetProfile } from '../detect/is-dataset-profile';
import type { CategoricalColumn } from '../input/categorical-column';
import type { DriftMethod, ProfileStatistic } from '../methods/drift-method';
import { KllSketch } from '../sketch/kll-sketch';
import {
  type CurrentColumn,
  compareColumnToProfile,
  type DetectDriftFromProfileOptions,
  evaluateCategories,
  evaluateCounts,
  methodNotAvailable,
  onHistogram,
  optionsSchema,
  otherCategory,
  type ProfileComparisonOptions,
  profileCategories,
  profileDriftReport,
  reportType,
  validatedProfile,
} from './detect-drift-from-profile';
import { exactReferenceValues } from './sketch-distances';
import {
  ksBetweenDistributions,
  profiledDistribution,
  wassersteinBetweenDistributions,
} from './sketch-pair-distances';

const hasOther = (column: ColumnProfile) => (column.categories?.otherCount ?? 0) > 0;

/**
 * Both sides' category counts over one partition whose every cell both profiles know. A key is
 * kept when each side counted it or kept all its categories (then an absent key counts 0); every
 * other value falls into one "other" bucket on each side, sized from the non-missing count. With
 * only the reference truncated this is `detectDriftFromProfile`'s folding; with the current
 * truncated too, categories only one side kept are merged into "other" (a coarser, exact table).
 */
export function foldCategoryCounts(
  reference: ColumnProfile,
  current: ColumnProfile,
): { reference: CategoricalColumn; current: CategoricalColumn } {
  const referenceCounts = reference.categories?.counts ?? {};
  const currentCounts = current.categories?.counts ?? {};
  const keys = new Set([...Object.keys(referenceCounts), ...Object.keys(currentCounts)]);
  const fold = (column: ColumnProfile, counts: Record<string, number>): CategoricalColumn => {
    const kept = new Map<string, number>();
    let sum = 0;
    for (const key of keys) {
      const known =
        (Object.hasOwn(referenceCounts, key) || !hasOther(reference)) &&
        (Object.hasOwn(currentCounts, key) || !hasOther(current));
      const count = counts[key] ?? 0;
      if (known && count > 0) {
        kept.set(key, count);
        sum += count;
      }
    }
    const other = column.count - column.missing - sum;
    if (other > 0) kept.set(otherCategory, other);
    return { counts: kept, missing: column.missing, total: column.count };
  };
  return { reference: fold(reference, referenceCounts), current: fold(current, currentCounts) };
}

/** A method on the two profiles' category counts, folded so that both sides are exact. */
function evaluateFolded(
  reference: ColumnProfile,
  current: ColumnProfile,
  method: DriftMethod,
  options: ProfileComparisonOptions,
): ProfileStatistic & { approximation?: Readonly<Record<string, unknown>> } {
  const folded = foldCategoryCounts(reference, current);
  const column: ColumnProfile = {
    ...reference,
    categories: {
      cap: reference.categories?.cap ?? 0,
      counts: Object.fromEntries(folded.reference.counts),
      otherCount: 0,
    },
  };
  const result = evaluateCategories(column, method, folded.current, options);
  // The current profile's cap merged categories into "other": say so (the reference's alone is
  // the one-sided path's folding).
  return hasOther(current)
    ? { ...result, approximation: { kind: 'categories', otherBucket: true } }
    : result;
}

function histogramEdgesMismatch(column: string, method: string): InvalidInputError {
  return new InvalidInputError({
    code: 'HISTOGRAM_EDGES_MISMATCH',
    message:
      `Method "${method}" cannot compare column "${column}" bin by bin: the two profiles' histograms ` +
      `have different edges. Profile the current data with the reference's edges: ` +
      `profile(sqlTable(...), { reference: referenceProfile }) in SQL, or ` +
      `profile(table, { edges: { ${JSON.stringify(column)}: referenceEdges } }) in process.`,
    details: { path: `columns.${column}.histogram.edges`, column, method },
  });
}

/**
 * Bin counts of both profiles on the reference's edges. The current profile must have been made
 * on those edges; it may add one bin below and one above when its data left the reference range
 * (profiles widen fixed edges to the data), where the reference counts 0. Values equal to the
 * reference's last edge are then in the bin above (the widened histogram's convention).
 */
export function sharedHistogramBins(
  reference: ColumnProfile,
  current: ColumnProfile,
  method: DriftMethod,
): { referenceCounts: Float64Array; currentCounts: Float64Array } {
  const ours = reference.histogram;
  const theirs = current.histogram;
  if (!ours || !theirs) {
    const side = ours ? 'current' : 'reference';
    throw methodNotAvailable(reference.name, method.id, `the ${side} profile has no histogram.`);
  }
  for (const [side, histogram] of [
    ['reference', ours],
    ['current', theirs],
  ] as const) {
    if (histogram.counts.length !== histogram.edges.length - 1) {
      throw new InvalidInputError({
        code: 'INVALID_PROFILE',
        message: `The ${side} profile's histogram of column "${reference.name}" has ${histogram.counts.length} counts for ${histogram.edges.length} edges.`,
        details: { path: `columns.${reference.name}.histogram`, column: reference.name, side },
      });
    }
  }
  const edges = ours.edges;
  const lead =
    theirs.edges.length > edges.length && (theirs.edges[0] as number) < (edges[0] as number)
      ? 1
      : 0;
  const trail = theirs.edges.length - edges.length - lead;
  const shared =
    (trail === 0 || trail === 1) &&
    edges.every((edge, index) => theirs.edges[index + lead] === edge) &&
    (trail === 0 ||
      (theirs.edges[theirs.edges.length - 1] as number) > (edges[edges.length - 1] as number));
  if (!shared) throw histogramEdgesMismatch(reference.name, method.id);
  return {
    referenceCounts: Float64Array.from([
      ...(lead ? [0] : []),
      ...ours.counts,
      ...(trail ? [0] : []),
    ]),
    currentCounts: Float64Array.from(theirs.counts),
  };
}

function parseSketch(column: ColumnProfile): KllSketch | undefined {
  return column.quantiles === undefined ? undefined : KllSketch.fromJSON(column.quantiles);
}

/** A numeric method between two profiles when the current one did not keep its values. */
function evaluateNumericPair(
  reference: ColumnProfile,
  current: ColumnProfile,
  currentSketch: KllSketch | undefined,
  method: DriftMethod,
  options: ProfileComparisonOptions,
): ProfileStatistic {
  if (method.profile?.kind === 'sketch') {
    const referenceSketch = parseSketch(reference);
    if (!referenceSketch || !reference.moments || !currentSketch) {
      const side = referenceSketch && reference.moments ? 'current' : 'reference';
      throw methodNotAvailable(
        reference.name,
        method.id,
        `the ${side} profile has no quantile sketch.`,
      );
    }
    const referenceSide = profiledDistribution(referenceSketch);
    const currentSide = profiledDistribution(currentSketch);
    if (method.id === 'ks') return ksBetweenDistributions(referenceSide, currentSide);
    if (method.id === 'wasserstein') {
      return wassersteinBetweenDistributions(referenceSide, currentSide, reference.moments);
    }
    throw methodNotAvailable(reference.name, method.id, 'it has no form between two sketches.');
  }
  // Evidently bins numeric columns with at most 20 distinct reference values as categories;
  // when the current profile counted more values than that, its histogram is what it has.
  if (reference.categories && current.categories) {
    return evaluateFolded(reference, current, method, options);
  }
  const bins = sharedHistogramBins(reference, current, method);
  return onHistogram(evaluateCounts(reference, method, bins, options), bins.referenceCounts.length);
}

/** Unique values over both profiles (for the default method); unbounded when a side did not count them. */
function pairUniqueValues(reference: ColumnProfile, current: ColumnProfile): number {
  if (!reference.categories || !current.categories) return Number.POSITIVE_INFINITY;
  const keys = new Set([
    ...Object.keys(reference.categories.counts),
    ...Object.keys(current.categories.counts),
  ]);
  return Math.max(
    keys.size,
    reference.categories.distinctEstimate ?? 0,
    current.categories.distinctEstimate ?? 0,
  );
}

/**
 * The current profile's column as the one-sided comparison reads current data: its values when
 * it kept them all and its category counts when not truncated (so the result is exactly
 * `detectDriftFromProfile`'s on those values), else an evaluator on its summaries.
 */
function currentFromProfile(
  reference: ColumnProfile,
  current: ColumnProfile,
  options: ProfileComparisonOptions,
): CurrentColumn {
  const featureType = reportType(current) === 'numeric' ? 'numeric' : 'categorical';
  const base = {
    featureType,
    untyped: current.type === 'null',
    missing: current.missing,
    total: current.count,
  } as const;
  if (featureType === 'categorical') {
    const categories = profileCategories(current);
    if (!hasOther(current)) return { ...base, categories };
    return {
      ...base,
      categories,
      uniqueValues: pairUniqueValues(reference, current),
      evaluate: method => evaluateFolded(reference, current, method, options),
    };
  }
  const sketch = parseSketch(current);
  const exact = sketch && exactReferenceValues(sketch);
  if (exact) return { ...base, numeric: exact };
  return {
    ...base,
    uniqueValues: pairUniqueValues(reference, current),
    evaluate: method => evaluateNumericPair(reference, current, sketch, method, options),
  };
}

/**
 * Compares two {@link DatasetProfile}s column by column, without any rows (two warehouse tables
 * profiled by pushdown, a stored profile and a new one), into the contract's `DriftReport`.
 *
 * Where the current profile kept a column's values (`exactLimit`) or its full category counts,
 * the column's result is exactly `detectDriftFromProfile`'s on those values. Otherwise:
 * categorical columns compare category counts, with categories either profile's cap merged into
 * an "other" bucket (`approximation.kind: 'categories'`); binned methods on numeric columns
 * compare the histograms, which must share edges (profile the current side with the reference's
 * edges), else `HISTOGRAM_EDGES_MISMATCH`; `ks` and `wasserstein` compare the two quantile
 * sketches, with `approximation` stating both rank errors and the verdict taken on the
 * conservative statistic (a KS p-value from `D − both rank errors`: at most α + 2% false drift).
 * Methods without a profile form are `METHOD_NOT_AVAILABLE_FROM_PROFILE`; a column missing from
 * either profile is `COLUMN_MISSING`, a type change `COLUMN_TYPE_MISMATCH`, nothing to compare
 * `NO_COLUMNS`.
 */
export function detectDriftBetweenProfiles(
  referenceProfile: DatasetProfile,
  currentProfile: DatasetProfile,
  options: DetectDriftFromProfileOptions = {},
): DriftReport {
  const reference = validatedProfile(referenceProfile);
  const current = parseWithSchema(datasetProfileSchema, currentProfile, 'current DatasetProfile');
  const parsed = parseWithSchema(optionsSchema, options, 'detectDrift options');
  const names = parsed.columns ?? reference.columns.map(column => column.name);
  if (names.length === 0) {
    throw new InvalidInputError({
      code: 'NO_COLUMNS',
      message: 'There is no column to compare: the reference profile has no columns.',
      details: { path: 'columns' },
    });
  }
  const columns = names.map(name => {
    const referenceColumn = reference.columns.find(candidate => candidate.name === name);
    const currentColumn = current.columns.find(candidate => candidate.name === name);
    if (!referenceColumn || !currentColumn) {
      const side = referenceColumn ? 'current' : 'reference';
      throw new InvalidInputError({
        code: 'COLUMN_MISSING',
        message: `Column "${name}" is missing from the ${side} profile.`,
        details: { path: name, column: name, side },
      });
    }
    return compareColumnToProfile(
      referenceColumn,
      currentFromProfile(referenceColumn, currentColumn, parsed),
      parsed,
    );
  });
  return profileDriftReport(columns, parsed, reference, current.rowCount);
}

/**
 * `detectDrift` and `detectDriftSync` with a current profile: the reference must be a profile
 * too, and options that need rows (`multivariate`, per-statistic options) are typed errors. The
 * comparison reads summaries only, so it runs on the calling thread whatever `backend` or
 * `parallel` say.
 */
export function detectDriftOnProfiles(
  reference: unknown,
  current: DatasetProfile,
  options: DetectDriftOptions | DetectDriftSyncOptions,
): DriftReport {
  const { backend: _backend, parallel: _parallel, multivariate, ...comparison } = options;
  const { tf: _tf, ...rest } = comparison as typeof comparison & { tf?: unknown };
  if (multivariate !== undefined) {
    throw new InvalidInputError({
      code: 'OPTION_UNSUPPORTED_FOR_PROFILE',
      message:
        'multivariate drift needs the raw rows of both sides; it cannot run between two DatasetProfiles.',
      details: { path: 'multivariate' },
    });
  }
  if (!isDatasetProfile(reference)) {
    throw new InvalidInputError({
      code: 'PROFILE_REFERENCE_REQUIRED',
      message:
        'The current data is a DatasetProfile, so the reference must be one too: profile the reference table with profile() (then profile the current side with its edges).',
      details: { path: 'reference' },
    });
  }
  return detectDriftBetweenProfiles(reference, current, toProfileOptions(rest));
}
