import type { ColumnDrift, DatasetProfile, DriftReport } from '@ballast/contracts';

/** Reference and current counts of a numeric column over shared bin edges. */
export interface NumericDistribution {
  kind: 'numeric';
  /** Bin edges, `reference.length + 1` of them. */
  edges: number[];
  /** Reference counts per bin. */
  reference: number[];
  /** Current counts per bin. */
  current: number[];
}

/** Reference and current counts of the most frequent categories, the rest in `other`. */
export interface CategoricalDistribution {
  kind: 'categorical';
  /** Category labels, most frequent (both sides together) first. */
  categories: string[];
  /** Reference counts per category. */
  reference: number[];
  /** Current counts per category. */
  current: number[];
  /** Counts of the categories left out, per side. */
  other: { reference: number; current: number };
}

/** What a report page draws for one column. */
export type ColumnDistribution = NumericDistribution | CategoricalDistribution;

/** Distributions by column name, as the drift command computes them from the data it read. */
export type ColumnDistributions = Record<string, ColumnDistribution>;

/** A column of values: an Arrow vector or any iterable of cells. */
export type ColumnValues = Iterable<unknown>;

/** A table the builder can read columns from: an Arrow `Table` (structurally) or named columns. */
export type ColumnSource =
  | { getChild(name: string): ColumnValues | null }
  | Readonly<Record<string, ColumnValues>>;

/** Options of {@link computeColumnDistributions}. */
export interface DistributionOptions {
  /** Bins of a numeric histogram (default 20). */
  bins?: number;
  /** Categories drawn before the rest is grouped as "other" (default 12). */
  maxCategories?: number;
}

function columnOf(source: ColumnSource, name: string): ColumnValues | undefined {
  const getChild = (source as { getChild?: unknown }).getChild;
  if (typeof getChild === 'function') {
    return (getChild.call(source, name) as ColumnValues | null) ?? undefined;
  }
  return (source as Record<string, ColumnValues>)[name];
}

function finiteNumbers(values: ColumnValues | undefined): number[] {
  const numbers: number[] = [];
  if (!values) return numbers;
  for (const value of values) {
    const number = typeof value === 'bigint' ? Number(value) : value;
    if (typeof number === 'number' && Number.isFinite(number)) numbers.push(number);
  }
  return numbers;
}

function categoryCounts(values: ColumnValues | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  if (!values) return counts;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'number' && Number.isNaN(value)) continue;
    const key = String(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Counts `values` over `edges`; values outside fall into the first or last bin. */
export function binCounts(values: readonly number[], edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  const low = edges[0] ?? 0;
  const high = edges[bins] ?? 0;
  const width = (high - low) / bins;
  const equalWidth = edges.every(
    (edge, index) => Math.abs(edge - (low + index * width)) <= 1e-9 * (Math.abs(edge) + 1),
  );
  for (const value of values) {
    let bin: number;
    if (equalWidth && width > 0) bin = Math.floor((value - low) / width);
    else {
      // Binary search: the last edge <= value.
      let lo = 0;
      let hi = bins;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((edges[mid] ?? 0) <= value) lo = mid;
        else hi = mid - 1;
      }
      bin = lo;
    }
    const index = Math.min(Math.max(bin, 0), bins - 1);
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}

function numericDistribution(
  reference: readonly number[],
  current: readonly number[],
  bins: number,
): NumericDistribution {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const side of [reference, current]) {
    for (const value of side) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (!Number.isFinite(min))
    return { kind: 'numeric', edges: [0, 1], reference: [0], current: [0] };
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const edges = Array.from({ length: bins + 1 }, (_, index) =>
    index === bins ? max : min + ((max - min) * index) / bins,
  );
  return {
    kind: 'numeric',
    edges,
    reference: binCounts(reference, edges),
    current: binCounts(current, edges),
  };
}

function categoricalDistribution(
  reference: Map<string, number>,
  current: Map<string, number>,
  maxCategories: number,
): CategoricalDistribution {
  const totals = new Map<string, number>();
  for (const side of [reference, current]) {
    for (const [key, count] of side) totals.set(key, (totals.get(key) ?? 0) + count);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const categories = ranked.slice(0, maxCategories).map(([key]) => key);
  const kept = new Set(categories);
  const rest = (side: Map<string, number>) =>
    [...side.entries()].reduce((sum, [key, count]) => (kept.has(key) ? sum : sum + count), 0);
  return {
    kind: 'categorical',
    categories,
    reference: categories.map(key => reference.get(key) ?? 0),
    current: categories.map(key => current.get(key) ?? 0),
    other: { reference: rest(reference), current: rest(current) },
  };
}

function isNumeric(column: ColumnDrift): boolean {
  return column.type === 'numeric';
}

/**
 * Computes, for every column of a drift report, what the HTML report draws: reference and
 * current histograms over shared equal-width edges (numeric columns) or counts of the most
 * frequent categories. The reference is a table, or the `DatasetProfile` the report was computed
 * from (its histogram edges and category counts are reused, the current values binned on them).
 *
 * @example
 * ```ts
 * const report = await detectDrift(reference, current);
 * const html = renderDriftReportHtml(report, {
 *   distributions: computeColumnDistributions(report, reference, current),
 * });
 * ```
 */
export function computeColumnDistributions(
  report: DriftReport,
  reference: ColumnSource | DatasetProfile,
  current: ColumnSource,
  options: DistributionOptions = {},
): ColumnDistributions {
  const bins = options.bins ?? 20;
  const maxCategories = options.maxCategories ?? 12;
  const profile =
    (reference as DatasetProfile).kind === 'DatasetProfile'
      ? (reference as DatasetProfile)
      : undefined;
  const distributions: ColumnDistributions = {};
  for (const column of report.columns) {
    const currentValues = columnOf(current, column.column);
    if (profile) {
      const summary = profile.columns.find(item => item.name === column.column);
      if (!summary) continue;
      if (isNumeric(column) && summary.histogram) {
        const edges = summary.histogram.edges;
        distributions[column.column] = {
          kind: 'numeric',
          edges: [...edges],
          reference: [...summary.histogram.counts],
          current: binCounts(finiteNumbers(currentValues), edges),
        };
      } else if (summary.categories) {
        const referenceCounts = new Map(Object.entries(summary.categories.counts));
        const distribution = categoricalDistribution(
          referenceCounts,
          categoryCounts(currentValues),
          maxCategories,
        );
        distribution.other.reference += summary.categories.otherCount;
        distributions[column.column] = distribution;
      }
      continue;
    }
    const referenceValues = columnOf(reference as ColumnSource, column.column);
    distributions[column.column] = isNumeric(column)
      ? numericDistribution(finiteNumbers(referenceValues), finiteNumbers(currentValues), bins)
      : categoricalDistribution(
          categoryCounts(referenceValues),
          categoryCounts(currentValues),
          maxCategories,
        );
  }
  return distributions;
}
