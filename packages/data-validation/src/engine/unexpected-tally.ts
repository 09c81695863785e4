/** Caps on the lists a result carries, so a bad column cannot blow up a report. */
export interface ResultLimits {
  /** Unexpected values kept in `partial_unexpected_list` (Great Expectations: 20). */
  partialUnexpectedCount: number;
  /** Row indices kept in `unexpected_index_list`; 0 leaves the list out. */
  unexpectedIndexCount: number;
}

/** The defaults: 20 values as Great Expectations' SUMMARY format, 1000 row indices. */
export const defaultResultLimits: ResultLimits = {
  partialUnexpectedCount: 20,
  unexpectedIndexCount: 1000,
};

/** Running counts of a row-level (map) expectation over every batch it has seen. */
export class UnexpectedTally {
  elementCount = 0;
  missingCount = 0;
  unexpectedCount = 0;
  readonly partialUnexpectedList: unknown[] = [];
  readonly unexpectedIndexList: number[] = [];

  constructor(readonly limits: ResultLimits) {}

  /** True while another unexpected value would still be listed. */
  get wantsValues(): boolean {
    return (
      this.partialUnexpectedList.length < this.limits.partialUnexpectedCount ||
      this.unexpectedIndexList.length < this.limits.unexpectedIndexCount
    );
  }

  /** True once both lists are full: hot loops then only count, without building closures. */
  listsFull = false;

  /**
   * Counts one unexpected row and lists it while there is room. Hot loops check `listsFull`
   * first and only increment `unexpectedCount`, so no value is materialised once lists are full.
   */
  record(rowIndex: number, value: unknown): void {
    this.unexpectedCount++;
    if (this.listsFull) return;
    if (this.partialUnexpectedList.length < this.limits.partialUnexpectedCount) {
      this.partialUnexpectedList.push(value);
    }
    if (this.unexpectedIndexList.length < this.limits.unexpectedIndexCount) {
      this.unexpectedIndexList.push(rowIndex);
    }
    this.listsFull = !this.wantsValues;
  }
}
