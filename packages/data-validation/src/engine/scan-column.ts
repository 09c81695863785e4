import {
  type ColumnView,
  type DictionaryView,
  type NumberView,
  rowOf,
  type Utf8View,
} from './column-view';
import type { UnexpectedTally } from './unexpected-tally';

/**
 * A row-level rule. `true` means expected; `false` or `undefined` (a value the rule refused to
 * evaluate, such as a string longer than the regex guard) means unexpected. Numeric ranges are
 * given as `range` so the hot loop compares inline instead of calling a function per row.
 */
export interface ValueTest {
  range?: { min: number; max: number; strictMin: boolean; strictMax: boolean };
  /** A bound on string length: ASCII UTF-8 columns are then checked on offsets, undecoded. */
  lengthRange?: { min: number; max: number; strictMin: boolean; strictMax: boolean };
  number?: (value: number) => boolean;
  string?: (value: string) => boolean | undefined;
  /**
   * A verdict straight from a UTF-8 value's bytes `[start, end)`: 1 expected, 0 unexpected, -1
   * undecided (e.g. a non-ASCII byte), in which case the decoded value goes to `string`.
   */
  utf8?: (bytes: Uint8Array, start: number, end: number) => number;
  value?: (value: unknown) => boolean | undefined;
}

const verdictCaches = new WeakMap<ValueTest, WeakMap<readonly unknown[], Int8Array>>();

function dictionaryVerdicts(test: ValueTest, entries: readonly unknown[]): Int8Array {
  let caches = verdictCaches.get(test);
  if (!caches) verdictCaches.set(test, (caches = new WeakMap()));
  let verdicts = caches.get(entries);
  if (!verdicts) caches.set(entries, (verdicts = new Int8Array(entries.length).fill(-1)));
  return verdicts;
}

function inRange(value: number, range: NonNullable<ValueTest['range']>): boolean {
  return !(
    value < range.min ||
    value > range.max ||
    (range.strictMin && value === range.min) ||
    (range.strictMax && value === range.max)
  );
}

function testEntry(test: ValueTest, entry: unknown): boolean {
  if (typeof entry === 'string' && test.string) return test.string(entry) === true;
  if (typeof entry === 'number') {
    if (test.range) return inRange(entry, test.range);
    if (test.number) return test.number(entry);
  }
  return test.value?.(entry) === true;
}

// Each kernel below reads the view's arrays and validity bits into locals once, so the row
// loops touch only typed arrays; each is a separate function so V8 optimises it for its own
// element types. No closure is created in a loop body: one capturing the per-iteration `index`
// would allocate a context on every row.

function scanRange(
  view: NumberView,
  rowOffset: number,
  tally: UnexpectedTally,
  range: NonNullable<ValueTest['range']>,
): number {
  const { values, validity, validityOffset, length } = view;
  const { min, max, strictMin, strictMax } = range;
  let nan = 0;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const value = values[index] as number;
    if (Number.isNaN(value)) {
      nan++;
      continue;
    }
    if (
      value < min ||
      value > max ||
      (strictMin && value === min) ||
      (strictMax && value === max)
    ) {
      if (tally.listsFull) tally.unexpectedCount++;
      else tally.record(rowOffset + rowOf(view, index), view.valueAt(index));
    }
  }
  return nan;
}

function scanNumbers(
  view: NumberView,
  rowOffset: number,
  tally: UnexpectedTally,
  test: (value: number) => boolean,
): number {
  const { values, validity, validityOffset, length } = view;
  let nan = 0;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const value = values[index] as number;
    if (Number.isNaN(value)) {
      nan++;
      continue;
    }
    if (!test(value))
      if (tally.listsFull) tally.unexpectedCount++;
      else tally.record(rowOffset + rowOf(view, index), view.valueAt(index));
  }
  return nan;
}

function scanDictionary(
  view: DictionaryView,
  rowOffset: number,
  tally: UnexpectedTally,
  test: ValueTest,
): void {
  const verdicts = dictionaryVerdicts(test, view.entries);
  const { indices, entries, validity, validityOffset, length } = view;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const key = indices[index] as number;
    let verdict = verdicts[key] as number;
    if (verdict < 0) verdict = verdicts[key] = testEntry(test, entries[key]) ? 1 : 0;
    if (verdict === 0) {
      if (tally.listsFull) tally.unexpectedCount++;
      else tally.record(rowOffset + rowOf(view, index), entries[key]);
    }
  }
}

function scanAsciiLengths(
  view: Utf8View,
  rowOffset: number,
  tally: UnexpectedTally,
  range: NonNullable<ValueTest['lengthRange']>,
): void {
  const { offsets, validity, validityOffset, length } = view;
  const { min, max, strictMin, strictMax } = range;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const size = (offsets[index + 1] as number) - (offsets[index] as number);
    if (size < min || size > max || (strictMin && size === min) || (strictMax && size === max)) {
      if (tally.listsFull) tally.unexpectedCount++;
      else tally.record(rowOffset + rowOf(view, index), view.stringAt(index));
    }
  }
}

function scanStrings(
  view: Utf8View,
  rowOffset: number,
  tally: UnexpectedTally,
  test: (value: string) => boolean | undefined,
): void {
  const { validity, validityOffset, length } = view;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const value = view.stringAt(index);
    if (test(value) !== true) tally.record(rowOffset + rowOf(view, index), value);
  }
}

function scanUtf8Bytes(
  view: Utf8View,
  rowOffset: number,
  tally: UnexpectedTally,
  test: ValueTest,
): void {
  const { offsets, bytes, validity, validityOffset, length } = view;
  const verdictOf = test.utf8!;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const verdict = verdictOf(bytes, offsets[index] as number, offsets[index + 1] as number);
    if (verdict === 1) continue;
    if (verdict === 0 && tally.listsFull) {
      tally.unexpectedCount++;
      continue;
    }
    const value = view.stringAt(index);
    if (verdict === 0 || test.string?.(value) !== true)
      tally.record(rowOffset + rowOf(view, index), value);
  }
}

function scanValues(
  view: ColumnView,
  rowOffset: number,
  tally: UnexpectedTally,
  test: ValueTest,
): void {
  const { validity, validityOffset, length } = view;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const value = view.valueAt(index);
    if (!testEntry(test, value)) tally.record(rowOffset + rowOf(view, index), value);
  }
}

/**
 * Runs `test` over one batch of a column and adds the outcome to `tally`. Numbers are
 * compared in a typed-array loop; dictionary-encoded columns are tested once per dictionary
 * entry (cached across batches that share the dictionary) and then looked up per row by index.
 * Nulls and NaN are counted as missing and never tested.
 */
export function scanColumn(
  view: ColumnView,
  rowOffset: number,
  tally: UnexpectedTally,
  test: ValueTest,
): void {
  tally.elementCount += view.length;
  let nan = 0;
  if (view.kind === 'number') {
    if (test.range) nan = scanRange(view, rowOffset, tally, test.range);
    else
      nan = scanNumbers(
        view,
        rowOffset,
        tally,
        test.number ?? (value => test.value?.(value) === true),
      );
    view.nanCount = nan;
  } else if (view.kind === 'dictionary') {
    scanDictionary(view, rowOffset, tally, test);
  } else if (view.kind === 'utf8' && test.lengthRange && view.ascii) {
    scanAsciiLengths(view, rowOffset, tally, test.lengthRange);
  } else if (view.kind === 'utf8' && test.utf8) {
    scanUtf8Bytes(view, rowOffset, tally, test);
  } else if (view.kind === 'utf8') {
    scanStrings(view, rowOffset, tally, test.string ?? (value => test.value?.(value)));
  } else {
    scanValues(view, rowOffset, tally, test);
  }
  tally.missingCount += view.nullCount + nan;
}
