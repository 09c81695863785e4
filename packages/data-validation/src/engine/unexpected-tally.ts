import { keyOf } from './column-statistics';

/** Caps on the lists a result carries, so a bad column cannot blow up a report. */
export interface ResultLimits {
  /** Unexpected values kept in `partial_unexpected_list` (Great Expectations: 20). */
  partialUnexpectedCount: number;
  /** Row indices kept in `unexpected_index_list`; 0 leaves the list out. */
  unexpectedIndexCount: number;
  /** Unexpected values kept in `unexpected_list` (the `COMPLETE` format); 0 leaves it out. */
  unexpectedListCount: number;
}

/** The defaults: 20 values as Great Expectations' SUMMARY format, 1000 row indices. */
export const defaultResultLimits: ResultLimits = {
  partialUnexpectedCount: 20,
  unexpectedIndexCount: 1000,
  unexpectedListCount: 0,
};

/**
 * Great Expectations' result formats: `BOOLEAN_ONLY` lists nothing (counts stay, as the
 * report contract requires them), `BASIC` the first 20 unexpected values, `SUMMARY` (default)
 * also their row indices and counts and up to 1,000 unexpected row indices, `COMPLETE` up to
 * 100,000 unexpected values and row indices. Explicit `limits` override a format's caps.
 */
export type ResultFormat = 'BOOLEAN_ONLY' | 'BASIC' | 'SUMMARY' | 'COMPLETE';

const formatLimits: Record<ResultFormat, ResultLimits> = {
  BOOLEAN_ONLY: { partialUnexpectedCount: 0, unexpectedIndexCount: 0, unexpectedListCount: 0 },
  BASIC: { partialUnexpectedCount: 20, unexpectedIndexCount: 0, unexpectedListCount: 0 },
  SUMMARY: defaultResultLimits,
  COMPLETE: {
    partialUnexpectedCount: 20,
    unexpectedIndexCount: 100_000,
    unexpectedListCount: 100_000,
  },
};

/**
 * The list caps of a result format, with explicit limits taking precedence.
 */
export function resultLimitsFor(
  format: ResultFormat = 'SUMMARY',
  limits: Partial<ResultLimits> = {},
): ResultLimits {
  return { ...formatLimits[format], ...limits };
}

/** Running counts of a row-level (map) expectation over every batch it has seen. */
export class UnexpectedTally {
  elementCount = 0;
  missingCount = 0;
  unexpectedCount = 0;
  readonly partialUnexpectedList: unknown[] = [];
  /** Row indices of the values in `partialUnexpectedList`, in the same order. */
  readonly partialUnexpectedIndexList: number[] = [];
  readonly unexpectedIndexList: number[] = [];
  readonly unexpectedList: unknown[] = [];

  constructor(readonly limits: ResultLimits) {
    this.listsFull = !this.wantsValues;
  }

  /** True while another unexpected value would still be listed. */
  get wantsValues(): boolean {
    return (
      this.partialUnexpectedList.length < this.limits.partialUnexpectedCount ||
      this.unexpectedIndexList.length < this.limits.unexpectedIndexCount ||
      this.unexpectedList.length < this.limits.unexpectedListCount
    );
  }

  /** True once every list is full: hot loops then only count, without building closures. */
  listsFull: boolean;

  /**
   * Counts one unexpected row and lists it while there is room. Hot loops check `listsFull`
   * first and only increment `unexpectedCount`, so no value is materialised once lists are full.
   */
  record(rowIndex: number, value: unknown): void {
    this.unexpectedCount++;
    if (this.listsFull) return;
    if (this.partialUnexpectedList.length < this.limits.partialUnexpectedCount) {
      this.partialUnexpectedList.push(value);
      this.partialUnexpectedIndexList.push(rowIndex);
    }
    if (this.unexpectedIndexList.length < this.limits.unexpectedIndexCount) {
      this.unexpectedIndexList.push(rowIndex);
    }
    if (this.unexpectedList.length < this.limits.unexpectedListCount) {
      this.unexpectedList.push(value);
    }
    this.listsFull = !this.wantsValues;
  }
}

/**
 * Great Expectations' `partial_unexpected_counts`: how often each listed unexpected value
 * occurs among the listed ones, most frequent first (ties in order of first appearance).
 */
export function partialUnexpectedCounts(values: readonly unknown[]): Array<{
  value: unknown;
  count: number;
}> {
  const counts = new Map<unknown, { value: unknown; count: number }>();
  for (const value of values) {
    const key = keyOf(value);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { value, count: 1 });
  }
  return [...counts.values()].sort((left, right) => right.count - left.count);
}
