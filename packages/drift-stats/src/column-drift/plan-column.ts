import { type ColumnDrift, InvalidInputError } from '@ballast/contracts';
import { numericCategoryCounts } from '../binning/binned-shares';
import { type CategoricalColumn, toCategoricalColumn } from '../input/categorical-column';
import { toNumericColumn } from '../input/numeric-column';
import type { SortedSample } from '../input/sorted-sample';
import { getDriftMethod } from '../methods';
import { type DriftMethod, isDrifted } from '../methods/drift-method';
import { defaultMethod } from '../report/default-method';
import { sortFloat64, sortFloat64InPlace } from '../sorting/sort-float64';
import { forEachPooledGroup } from '../statistics/pooled-groups';
import type { StatisticResult } from '../statistics/statistic-result';
import type { ColumnFeatureType, TableColumn } from '../table/read-table';
import type { ParsedDetectDriftOptions as ParsedOptions } from './detect-drift-options';

/** A column reduced to what the methods need, on one side. */
export type PreparedSide =
  | { kind: 'numeric'; sample: SortedSample; count: number; missing: number }
  | { kind: 'categorical'; column: CategoricalColumn; count: number; missing: number };

/**
 * One side of a column reduced on the reading thread, cheap to copy to a worker: the finite
 * numeric values (unsorted) or the category counts, with the missing count.
 */
export type ReducedSide =
  | {
      kind: 'numeric';
      values: Float64Array;
      /** Whether `values` is a fresh copy (sorted in place) rather than the caller's array. */
      owned: boolean;
      missing: number;
      total: number;
    }
  | { kind: 'categorical'; counts: Map<string, number>; missing: number; total: number };

/** A column typed and reduced on both sides, ready to be planned on any thread. */
export interface ReducedColumn {
  name: string;
  reportedType: 'numeric' | 'categorical' | 'boolean';
  featureType: 'numeric' | 'categorical';
  reference: ReducedSide;
  current: ReducedSide;
}

function reduceSide(
  column: TableColumn,
  featureType: 'numeric' | 'categorical',
  side: string,
): ReducedSide {
  const field = `${side}.${column.name}`;
  if (featureType === 'numeric') {
    const { values, missing, total } = toNumericColumn(column.values as never, field);
    return { kind: 'numeric', values, owned: values !== column.values, missing, total };
  }
  const { counts, missing, total } = toCategoricalColumn(column.values as never, field);
  return { kind: 'categorical', counts, missing, total };
}

function prepareSide(side: ReducedSide): PreparedSide {
  if (side.kind === 'numeric') {
    const sample: SortedSample = {
      kind: 'sorted-sample',
      sorted: side.owned ? sortFloat64InPlace(side.values) : sortFloat64(side.values),
      missing: side.missing,
      total: side.total,
    };
    return { kind: 'numeric', sample, count: sample.sorted.length, missing: side.missing };
  }
  const column: CategoricalColumn = {
    counts: side.counts,
    missing: side.missing,
    total: side.total,
  };
  return { kind: 'categorical', column, count: side.total - side.missing, missing: side.missing };
}

/**
 * The categorical view of a side: counted categories, or each distinct numeric value as a
 * category (Evidently's treatment of numeric columns with few values).
 */
export function asCategoricalSide(side: PreparedSide): CategoricalColumn {
  return side.kind === 'categorical' ? side.column : numericCategoryCounts(side.sample);
}

/** Evidently's selection only asks whether there are more than 5 values, so counting stops there. */
const uniqueValuesCap = 6;

function distinctInSortedUnion(first: Float64Array, second: Float64Array, cap: number): number {
  let distinct = 0;
  forEachPooledGroup(first, second, () => {
    distinct++;
    return distinct < cap;
  });
  return distinct;
}

function uniqueValues(reference: PreparedSide, current: PreparedSide): number {
  if (reference.kind === 'numeric' && current.kind === 'numeric') {
    return distinctInSortedUnion(reference.sample.sorted, current.sample.sorted, uniqueValuesCap);
  }
  const keys = new Set([
    ...asCategoricalSide(reference).counts.keys(),
    ...asCategoricalSide(current).counts.keys(),
  ]);
  return keys.size;
}

function resolveFeatureType(
  name: string,
  reference: ColumnFeatureType,
  current: ColumnFeatureType,
  override: 'numeric' | 'categorical' | undefined,
): 'numeric' | 'categorical' | 'boolean' {
  if (reference !== undefined && current !== undefined && reference !== current) {
    throw new InvalidInputError({
      code: 'COLUMN_TYPE_MISMATCH',
      message: `Column "${name}" is ${reference} in the reference data but ${current} in the current data. Cast one side, or set columnTypes["${name}"].`,
      details: { path: name, column: name, reference, current },
    });
  }
  return override ?? reference ?? current ?? 'numeric';
}

function chooseMethod(
  name: string,
  featureType: 'numeric' | 'categorical',
  referenceRows: number,
  unique: number,
  options: ParsedOptions,
): DriftMethod {
  const method = getDriftMethod(
    options.methods?.[name] ??
      options.methodsByType?.[featureType] ??
      defaultMethod({ featureType, referenceRows, uniqueValues: unique }),
  );
  // Categorical methods also take numeric columns, counted per distinct value (as Evidently).
  if (!method.featureTypes.includes(featureType) && !method.featureTypes.includes('categorical')) {
    throw new InvalidInputError({
      code: 'METHOD_NOT_APPLICABLE',
      message: `Method "${method.id}" needs numeric data but column "${name}" is ${featureType}. Choose a categorical method (chisquare, z, jensenshannon, psi, ...).`,
      details: { path: `methods.${name}`, column: name, method: method.id },
    });
  }
  return method;
}

function missingShareDrift(
  reference: PreparedSide,
  current: PreparedSide,
  threshold: number,
): NonNullable<ColumnDrift['missingShareDrift']> {
  const share = (side: PreparedSide) =>
    side.count + side.missing === 0 ? 0 : side.missing / (side.count + side.missing);
  const referenceShare = share(reference);
  const currentShare = share(current);
  return {
    reference: referenceShare,
    current: currentShare,
    drifted: Math.abs(currentShare - referenceShare) >= threshold,
  };
}

/** Everything decided about a column before its statistic runs. */
export interface ColumnPlan {
  name: string;
  method: DriftMethod;
  threshold: number;
  reference: PreparedSide;
  current: PreparedSide;
  /** The fields of the column result that do not depend on the statistic. */
  base: Omit<ColumnDrift, 'statistic' | 'pValue' | 'drifted' | 'status' | 'reason'>;
}

function insufficient(plan: ColumnPlan, reason: string): ColumnDrift {
  return { ...plan.base, statistic: null, drifted: false, status: 'insufficient_data', reason };
}

/**
 * Types one column (inferred, or `columnTypes`) and reduces both sides to finite values or
 * category counts. A type that differs between the sides is an `InvalidInputError`
 * (`COLUMN_TYPE_MISMATCH`) naming the column.
 */
export function reduceColumn(
  name: string,
  referenceColumn: TableColumn,
  currentColumn: TableColumn,
  options: ParsedOptions,
): ReducedColumn {
  const reportedType = resolveFeatureType(
    name,
    referenceColumn.featureType,
    currentColumn.featureType,
    options.columnTypes?.[name],
  );
  const featureType = reportedType === 'boolean' ? 'categorical' : reportedType;
  return {
    name,
    reportedType,
    featureType,
    reference: reduceSide(referenceColumn, featureType, 'reference'),
    current: reduceSide(currentColumn, featureType, 'current'),
  };
}

/**
 * Prepares a reduced column (numeric sides sorted once) and plans it: the method (per
 * column, per type, or Evidently's default) and threshold. Returns the finished
 * `insufficient_data` result directly when a side has no values.
 */
export function planColumn(
  reduced: ReducedColumn,
  options: ParsedOptions,
): ColumnPlan | ColumnDrift {
  const { name, reportedType, featureType } = reduced;
  const reference = prepareSide(reduced.reference);
  const current = prepareSide(reduced.current);
  const method = chooseMethod(
    name,
    featureType,
    reference.count,
    uniqueValues(reference, current),
    options,
  );
  const threshold = options.thresholds?.[name] ?? method.defaultThreshold;
  const plan: ColumnPlan = {
    name,
    method,
    threshold,
    reference,
    current,
    base: {
      column: name,
      type: reportedType,
      method: method.id,
      threshold,
      reference: { count: reference.count, missing: reference.missing },
      current: { count: current.count, missing: current.missing },
      missingShareDrift: missingShareDrift(
        reference,
        current,
        options.missingShareThreshold ?? 0.1,
      ),
      backend: 'cpu',
    },
  };
  if (reference.count === 0 || current.count === 0) {
    const side = reference.count === 0 ? 'reference' : 'current';
    return insufficient(plan, `no non-missing values in the ${side} data`);
  }
  return plan;
}

/** True when `value` is a plan still waiting for its statistic. */
export function isColumnPlan(value: ColumnPlan | ColumnDrift): value is ColumnPlan {
  return 'method' in value && typeof value.method === 'object';
}

/**
 * Turns a statistic (or the typed `INSUFFICIENT_DATA` error it threw) into the column
 * result: the method's drift rule on the p-value or statistic, `insufficient_data` when the
 * test is undefined (NaN), ±Number.MAX_VALUE for an infinite statistic (JSON has no Infinity).
 */
export function settleColumn(
  plan: ColumnPlan,
  outcome: { result: StatisticResult } | { error: unknown },
  backend: string,
): ColumnDrift {
  if ('error' in outcome) {
    const { error } = outcome;
    if (InvalidInputError.isInstance(error) && error.code === 'INSUFFICIENT_DATA') {
      return { ...insufficient(plan, error.message), backend };
    }
    throw error;
  }
  const { result } = outcome;
  const decisive = plan.method.thresholdKind === 'p_value' ? result.pValue : result.statistic;
  if (decisive === undefined || Number.isNaN(decisive) || Number.isNaN(result.statistic)) {
    return {
      ...insufficient(
        plan,
        `${plan.method.id} is undefined for these values (for example two constant samples)`,
      ),
      backend,
    };
  }
  const finiteStatistic = Number.isFinite(result.statistic);
  return {
    ...plan.base,
    backend,
    statistic: finiteStatistic ? result.statistic : Math.sign(result.statistic) * Number.MAX_VALUE,
    ...(result.pValue === undefined ? {} : { pValue: result.pValue }),
    drifted: isDrifted(plan.method, decisive, plan.threshold),
    status: 'ok',
    ...(finiteStatistic
      ? {}
      : { reason: 'the statistic is infinite; reported as ±Number.MAX_VALUE' }),
  };
}
