import type { DatasetProfile } from '@ballast/contracts';

/** Category frequencies capped at `cap` entries, the rest summed in `otherCount`. */
export type CategoryCounts = NonNullable<DatasetProfile['columns'][number]['categories']>;

/** Default number of categories a profile keeps per column. */
export const DEFAULT_CATEGORY_CAP = 1000;

function compareByCountThenName(left: [string, number], right: [string, number]): number {
  return right[1] - left[1] || (left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : 0);
}

/**
 * Keeps the `cap` most frequent categories (ties broken by name, so the result is
 * deterministic) and counts everything else in `otherCount`. Below the cap the counts are
 * exact; above it the kept entries are the frequent items.
 */
export function capCategoryCounts(
  counts: ReadonlyMap<string, number>,
  cap: number,
  otherCount = 0,
  distinctEstimate = counts.size,
): CategoryCounts {
  const entries = [...counts].sort(compareByCountThenName);
  const kept = entries.slice(0, cap);
  const dropped = entries.slice(cap).reduce((sum, [, count]) => sum + count, 0);
  return {
    cap,
    counts: Object.fromEntries(kept),
    otherCount: otherCount + dropped,
    distinctEstimate,
  };
}

/**
 * Adds two category summaries. Exact when neither was truncated (`otherCount === 0`); otherwise
 * a kept category's count is a lower bound (it may hide in the other side's `otherCount`) and
 * `distinctEstimate` is a lower bound. The result keeps the smaller cap.
 */
export function mergeCategoryCounts(left: CategoryCounts, right: CategoryCounts): CategoryCounts {
  const merged = new Map(Object.entries(left.counts));
  for (const [name, count] of Object.entries(right.counts)) {
    merged.set(name, (merged.get(name) ?? 0) + count);
  }
  const exact = left.otherCount === 0 && right.otherCount === 0;
  const distinct = exact
    ? merged.size
    : Math.max(merged.size, left.distinctEstimate ?? 0, right.distinctEstimate ?? 0);
  return capCategoryCounts(
    merged,
    Math.min(left.cap, right.cap),
    left.otherCount + right.otherCount,
    distinct,
  );
}
