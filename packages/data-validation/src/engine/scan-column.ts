import { TWO_TO_32 } from '@ballast/kit';
import {
  type ColumnView,
  type DictionaryView,
  type DistinctStrings,
  type Int64Values,
  int64At,
  isPresent,
  type NumberView,
  rowOf,
  type Utf8View,
} from './column-view';
import type { AsciiAutomaton } from './ascii-pattern';
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
   * A DFA answering straight from a UTF-8 value's bytes (see `compileAsciiPattern`): its verdict
   * 1 means expected when `expectMatch`, unexpected otherwise. Values with a non-ASCII byte or
   * longer than `maxInputLength` are decoded and go to `string`.
   */
  automaton?: AsciiAutomaton & { expectMatch: boolean; maxInputLength: number };
  /**
   * Several DFAs whose verdicts combine (`any` or `all` must match) before being compared with
   * `expectMatch`; as for `automaton`, values one of them cannot decide go to `string`.
   */
  automata?: {
    list: readonly AsciiAutomaton[];
    matchOn: 'any' | 'all';
    expectMatch: boolean;
    maxInputLength: number;
  };
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

/**
 * The next double above `value`, so a strict lower bound `value < x` becomes `next <= x` and
 * the range kernel needs one comparison shape for every bound.
 */
function nextUp(value: number): number {
  if (Number.isNaN(value) || value === Number.POSITIVE_INFINITY) return value;
  if (value === 0) return Number.MIN_VALUE;
  const bits = new Float64Array([value]);
  const integer = new BigInt64Array(bits.buffer);
  integer[0] = integer[0]! + (value > 0 ? 1n : -1n);
  return bits[0]!;
}

function nextDown(value: number): number {
  return -nextUp(-value);
}

/**
 * Present values inside `[low, high]` and NaN among the present values, without a branch per
 * row: on data that mostly passes the branches would be predictable, but on a column where
 * many rows fail they cost more than the comparisons.
 */
function countInRange(
  values: ArrayLike<number>,
  validity: Uint8Array | null,
  validityOffset: number,
  length: number,
  low: number,
  high: number,
  floating: boolean,
): { inside: number; nan: number } {
  let inside = 0;
  let nan = 0;
  if (validity === null) {
    if (floating)
      for (let index = 0; index < length; index++) {
        const value = values[index] as number;
        inside += +(value >= low) & +(value <= high);
        // biome-ignore lint/suspicious/noSelfCompare: the branch-free NaN test of this hot loop
        nan += +(value !== value);
      }
    else
      for (let index = 0; index < length; index++) {
        const value = values[index] as number;
        inside += +(value >= low) & +(value <= high);
      }
    return { inside, nan };
  }
  for (let index = 0; index < length; index++) {
    const bit = validityOffset + index;
    const present = ((validity[bit >> 3] as number) >> (bit & 7)) & 1;
    const value = values[index] as number;
    inside += present & +(value >= low) & +(value <= high);
    // biome-ignore lint/suspicious/noSelfCompare: the branch-free NaN test of this hot loop
    nan += present & +(value !== value);
  }
  return { inside, nan };
}

/** One pass that counts and lists, for batches met while the tally still lists values. */
function scanRangeListing(
  view: NumberView,
  rowOffset: number,
  tally: UnexpectedTally,
  low: number,
  high: number,
): number {
  const { values, validity, validityOffset, length } = view;
  let nan = 0;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const value = values[index] as number;
    // biome-ignore lint/suspicious/noSelfCompare: a NaN test without a call in the hot loop
    if (value !== value) {
      nan++;
      continue;
    }
    if (value < low || value > high) {
      if (tally.listsFull) tally.unexpectedCount++;
      else tally.record(rowOffset + rowOf(view, index), view.valueAt(index));
    }
  }
  return nan;
}

/** Rows per block of {@link scanRangeInt64}: a block with an unexpected value is walked again. */
const rangeBlock = 1024;

/**
 * Present values of rows `[start, end)` of 64-bit integer storage outside `[low, high]`, read
 * from their 32-bit halves (no NaN is possible) without a branch per row.
 */
function countOutsideInt64(
  int64: Int64Values,
  validity: Uint8Array | null,
  validityOffset: number,
  start: number,
  end: number,
  low: number,
  high: number,
): number {
  const { lo, hi, scale } = int64;
  let outside = 0;
  if (validity === null && hi instanceof Int32Array && scale === 1) {
    // Integer bounds inside the int32 range: a value is inside when it fits in 32 bits (its high
    // word is its low word's sign) and its low word is inside; int32 compares only, no doubles.
    const least = Math.ceil(low);
    const most = Math.floor(high);
    if (least >= -0x80000000 && most <= 0x7fffffff) {
      for (let index = start; index < end; index++) {
        const word = hi[2 * index] as number;
        outside +=
          +((hi[2 * index + 1] as number) !== word >> 31) | +(word < least) | +(word > most);
      }
      return outside;
    }
  }
  if (validity === null) {
    for (let index = start; index < end; index++) {
      // Multiplying by a scale of 1 is exact, so this is the double `values[index]` holds.
      const value = ((hi[2 * index + 1] as number) * TWO_TO_32 + (lo[2 * index] as number)) * scale;
      outside += +(value < low) | +(value > high);
    }
    return outside;
  }
  for (let index = start; index < end; index++) {
    const bit = validityOffset + index;
    const present = ((validity[bit >> 3] as number) >> (bit & 7)) & 1;
    const value = ((hi[2 * index + 1] as number) * TWO_TO_32 + (lo[2 * index] as number)) * scale;
    outside += present & (+(value < low) | +(value > high));
  }
  return outside;
}

/**
 * The range check of a 64-bit integer batch on its halves, block by block: the branch-free
 * count settles a block, and only a block holding a value to list is walked again, so a few
 * unexpected rows cost a few blocks, not a second pass over the batch.
 */
function scanRangeInt64(
  view: NumberView,
  int64: Int64Values,
  rowOffset: number,
  tally: UnexpectedTally,
  low: number,
  high: number,
): void {
  const { validity, validityOffset, length } = view;
  for (let start = 0; start < length; start += rangeBlock) {
    const end = Math.min(length, start + rangeBlock);
    const outside = countOutsideInt64(int64, validity, validityOffset, start, end, low, high);
    if (outside === 0) continue;
    if (tally.listsFull) {
      tally.unexpectedCount += outside;
      continue;
    }
    for (let index = start; index < end; index++) {
      if (!isPresent(view, index)) continue;
      const value = int64At(int64, index);
      if (value < low || value > high) {
        if (tally.listsFull) tally.unexpectedCount++;
        else tally.record(rowOffset + rowOf(view, index), view.valueAt(index));
      }
    }
  }
}

function scanRange(
  view: NumberView,
  rowOffset: number,
  tally: UnexpectedTally,
  range: NonNullable<ValueTest['range']>,
): number {
  const low = range.strictMin ? nextUp(range.min) : range.min;
  const high = range.strictMax ? nextDown(range.max) : range.max;
  // NaN bounds fail every row on the float path's `value >= low` test; that path keeps them.
  if (view.int64 !== undefined && !Number.isNaN(low) && !Number.isNaN(high)) {
    scanRangeInt64(view, view.int64, rowOffset, tally, low, high);
    return 0;
  }
  const { values, validity, validityOffset, length, nullCount } = view;
  // Integer columns hold no NaN, and a column known to have none skips the test.
  const floating = view.floating && view.nanCount !== 0;
  const { inside, nan } = countInRange(
    values,
    validity,
    validityOffset,
    length,
    low,
    high,
    floating,
  );
  const outside = length - nullCount - nan - inside;
  // The branch-free count settles most batches; only one with values to list is walked again.
  if (outside > 0 && !tally.listsFull) return scanRangeListing(view, rowOffset, tally, low, high);
  tally.unexpectedCount += outside;
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

/** Tests every entry not yet tested (verdicts are cached); true when none fails. */
function allEntriesPass(
  test: ValueTest,
  entries: readonly unknown[],
  verdicts: Int8Array,
): boolean {
  for (let key = 0; key < entries.length; key++) {
    if ((verdicts[key] as number) < 0) verdicts[key] = testEntry(test, entries[key]) ? 1 : 0;
    if (verdicts[key] === 0) return false;
  }
  return true;
}

function scanDictionary(
  view: DictionaryView,
  rowOffset: number,
  tally: UnexpectedTally,
  test: ValueTest,
): void {
  const verdicts = dictionaryVerdicts(test, view.entries);
  const { indices, entries, validity, validityOffset, length } = view;
  // A dictionary no larger than the batch is tested whole (once per dictionary, cached): when
  // every entry passes, the batch has no unexpected row and its rows need no counting, only a
  // check that they point into the dictionary.
  if (entries.length <= length && allEntriesPass(test, entries, verdicts)) {
    view.checkIndices();
    return;
  }
  // Each entry the batch uses is tested once, and its rows are counted through the batch's
  // shared entry counts (which also refuse an index past the dictionary).
  const counts = view.entryCounts();
  let failing = 0;
  for (let key = 0; key < counts.length; key++) {
    if (counts[key] === 0) continue;
    if ((verdicts[key] as number) < 0) verdicts[key] = testEntry(test, entries[key]) ? 1 : 0;
    if (verdicts[key] === 0) failing += counts[key] as number;
  }
  // Nothing to list (no unexpected row, or the lists are full): the counts settle the batch.
  if (failing === 0 || tally.listsFull) {
    tally.unexpectedCount += failing;
    return;
  }
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

/**
 * A string batch with many repeats, tested once per distinct value (see `Utf8View.distinct`)
 * and mapped back to rows through their value ids, as a dictionary column is.
 */
function scanDistinct(
  view: Utf8View,
  distinct: DistinctStrings,
  rowOffset: number,
  tally: UnexpectedTally,
  test: ValueTest,
): void {
  const { values, codes } = distinct;
  const verdicts = new Int8Array(values.length);
  let failing = 0;
  for (let id = 0; id < values.length; id++) {
    verdicts[id] = testEntry(test, values[id]) ? 1 : 0;
    failing += 1 - (verdicts[id] as number);
  }
  // Every distinct value passes: no row of the batch can be unexpected.
  if (failing === 0) return;
  if (tally.listsFull) {
    const counts = view.distinctCounts(distinct);
    for (let id = 0; id < counts.length; id++)
      if (verdicts[id] === 0) tally.unexpectedCount += counts[id] as number;
    return;
  }
  const { validity, validityOffset, length } = view;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const id = codes[index] as number;
    if (verdicts[id] === 0) {
      if (tally.listsFull) tally.unexpectedCount++;
      else tally.record(rowOffset + rowOf(view, index), values[id]);
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

/**
 * The rest of a byte-level pattern check for a value whose verdict is not the expected one:
 * a decided verdict (0 or 1) is unexpected, an undecided one (-1) goes to the string test.
 * Called only off the expected path, so the byte loops stay free of it.
 */
function settleVerdict(
  view: Utf8View,
  index: number,
  rowOffset: number,
  tally: UnexpectedTally,
  test: ValueTest,
  verdict: number,
): void {
  if (verdict >= 0 && tally.listsFull) {
    tally.unexpectedCount++;
    return;
  }
  const value = view.stringAt(index);
  if (verdict >= 0 || test.string?.(value) !== true)
    tally.record(rowOffset + rowOf(view, index), value);
}

/**
 * Runs a pattern's DFA over every value's bytes in one loop, with no call per row; only values
 * the DFA cannot decide (non-ASCII, or longer than the guard) are decoded and tested as strings.
 */
function scanUtf8Automaton(
  view: Utf8View,
  rowOffset: number,
  tally: UnexpectedTally,
  test: ValueTest,
): void {
  const { offsets, bytes, validity, validityOffset, length } = view;
  const { transitions, initial, verdicts, expectMatch, maxInputLength } = test.automaton!;
  const expected = expectMatch ? 1 : 0;
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const start = offsets[index] as number;
    const end = offsets[index + 1] as number;
    let verdict = -1;
    if (end - start <= maxInputLength) {
      let state = initial;
      for (let position = start; position < end; position++)
        state = transitions[(state << 8) | (bytes[position] as number)] as number;
      verdict = verdicts[state] as number;
    }
    if (verdict !== expected) settleVerdict(view, index, rowOffset, tally, test, verdict);
  }
}

/** Combined verdict of several DFAs on one value's bytes: 1, 0, or -1 when one cannot decide. */
function automataVerdict(
  list: readonly AsciiAutomaton[],
  all: boolean,
  bytes: Uint8Array,
  start: number,
  end: number,
): number {
  let undecided = false;
  for (const { transitions, initial, verdicts } of list) {
    let state = initial;
    for (let position = start; position < end; position++)
      state = transitions[(state << 8) | (bytes[position] as number)] as number;
    const verdict = verdicts[state] as number;
    if (verdict < 0) undecided = true;
    // One match decides `any`, one miss decides `all`, whatever the other patterns say.
    else if (verdict === (all ? 0 : 1)) return verdict;
  }
  return undecided ? -1 : all ? 1 : 0;
}

/** {@link scanUtf8Automaton} for a list of patterns. */
function scanUtf8Automata(
  view: Utf8View,
  rowOffset: number,
  tally: UnexpectedTally,
  test: ValueTest,
): void {
  const { offsets, bytes, validity, validityOffset, length } = view;
  const { list, matchOn, expectMatch, maxInputLength } = test.automata!;
  const expected = expectMatch ? 1 : 0;
  const all = matchOn === 'all';
  for (let index = 0; index < length; index++) {
    if (validity !== null) {
      const bit = validityOffset + index;
      if (((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0) continue;
    }
    const start = offsets[index] as number;
    const end = offsets[index + 1] as number;
    const verdict =
      end - start <= maxInputLength ? automataVerdict(list, all, bytes, start, end) : -1;
    if (verdict !== expected) settleVerdict(view, index, rowOffset, tally, test, verdict);
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
 * entry (cached across batches that share the dictionary) and then looked up per row by index,
 * and so are plain string batches with many repeats, through their distinct values.
 * Nulls and NaN are counted as missing and never tested; rows a row condition excluded from the
 * view (`excludedCount`) are not counted at all.
 */
export function scanColumn(
  view: ColumnView,
  rowOffset: number,
  tally: UnexpectedTally,
  test: ValueTest,
): void {
  tally.elementCount += view.length - view.excludedCount;
  let nan = 0;
  let distinct: DistinctStrings | undefined;
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
    // ASCII lengths are byte lengths, read from the offsets without hashing a value.
    scanAsciiLengths(view, rowOffset, tally, test.lengthRange);
  } else if (
    view.kind === 'utf8' &&
    // A byte DFA is cheaper per row than hashing the row, unless the values were counted anyway.
    (distinct = view.distinct(test.automaton || test.automata ? 'cached' : 'sample')) !== undefined
  ) {
    scanDistinct(view, distinct, rowOffset, tally, test);
  } else if (view.kind === 'utf8' && test.automaton) {
    scanUtf8Automaton(view, rowOffset, tally, test);
  } else if (view.kind === 'utf8' && test.automata) {
    scanUtf8Automata(view, rowOffset, tally, test);
  } else if (view.kind === 'utf8') {
    scanStrings(view, rowOffset, tally, test.string ?? (value => test.value?.(value)));
  } else {
    scanValues(view, rowOffset, tally, test);
  }
  tally.missingCount += view.nullCount - view.excludedCount + nan;
}
