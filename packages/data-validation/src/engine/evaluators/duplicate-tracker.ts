import type { UnexpectedTally } from '../unexpected-tally';

/**
 * Counts repeated keys in one pass. Every row whose key occurs more than once is unexpected
 * (pandas `duplicated(keep=False)`, as Great Expectations), including the first occurrence,
 * which is recorded when its first repeat is seen.
 */
export class DuplicateTracker {
  /** First row index of a key seen once, or -1 once it has repeated. */
  private readonly firstRows = new Map<unknown, number>();

  /** `value` is what the lists show for both occurrences (they share the key). */
  add(key: unknown, rowIndex: number, value: unknown, tally: UnexpectedTally): void {
    const first = this.firstRows.get(key);
    if (first === undefined) {
      this.firstRows.set(key, rowIndex);
      return;
    }
    if (first >= 0) {
      tally.record(first, value);
      this.firstRows.set(key, -1);
    }
    tally.record(rowIndex, value);
  }
}
