import { InvalidInputError } from '@ballast/contracts';
import { parseDateTime } from '../statistics/parse-datetime';
import type { ComparisonOperator, ConditionLiteral, RowCondition } from '../suite/row-condition';
import { type BooleanView, cellReader, type ColumnView, type Utf8View } from './column-view';

/** Reads the (unconditioned) view of a column of the current batch. */
export type ViewLookup = (path: string) => ColumnView | undefined;

function conditionError(message: string): InvalidInputError {
  return new InvalidInputError({ code: 'INVALID_ROW_CONDITION', message, details: {} });
}

function rowView(lookup: ViewLookup, path: string): ColumnView {
  const view = lookup(path);
  if (view === undefined) throw conditionError(`row_condition: column ${path} not found`);
  if (view.rows !== undefined)
    throw conditionError(
      `row_condition: ${path} addresses list elements, not rows; a condition must read one value per row`,
    );
  return view;
}

/** The verdict of a comparison whose operand is missing: only `!=` holds, as in pandas. */
function missingVerdict(operator: ComparisonOperator): number {
  return operator === '!=' ? 1 : 0;
}

function holds(order: number, operator: ComparisonOperator): number {
  switch (operator) {
    case '==':
      return +(order === 0);
    case '!=':
      return +(order !== 0);
    case '<':
      return +(order < 0);
    case '<=':
      return +(order <= 0);
    case '>':
      return +(order > 0);
    default:
      return +(order >= 0);
  }
}

/** Python's string order: by code point (JavaScript compares UTF-16 units). */
function compareStrings(left: string, right: string): number {
  if (left === right) return 0;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const a = left.codePointAt(index)!;
    const b = right.codePointAt(index)!;
    if (a !== b) return a < b ? -1 : 1;
    if (a > 0xffff) index++;
  }
  return left.length < right.length ? -1 : left.length > right.length ? 1 : 0;
}

function incomparable(left: unknown, right: unknown, operator: ComparisonOperator): never {
  throw conditionError(
    `row_condition: cannot order ${JSON.stringify(left)} and ${JSON.stringify(right)} with ${operator} (different types)`,
  );
}

/**
 * Compares two present-or-missing values as pandas does: `undefined` (missing) satisfies only
 * `!=`; booleans compare as 0/1; values of different types are unequal and cannot be ordered.
 */
function compareValues(left: unknown, right: unknown, operator: ComparisonOperator): number {
  if (left === undefined || left === null || right === undefined || right === null)
    return missingVerdict(operator);
  const a = typeof left === 'boolean' ? +left : left;
  const b = typeof right === 'boolean' ? +right : right;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return missingVerdict(operator);
    return holds(a < b ? -1 : a > b ? 1 : 0, operator);
  }
  if (typeof a === 'string' && typeof b === 'string') return holds(compareStrings(a, b), operator);
  if (operator === '==' || operator === '!=') return holds(a === b ? 0 : 1, operator);
  return incomparable(left, right, operator);
}

/** Sets the mask of absent rows (null in the view's validity) to `verdict`. */
function fillAbsent(view: ColumnView, mask: Uint8Array, verdict: number): void {
  const { validity, validityOffset, length } = view;
  if (validity === null) return;
  for (let index = 0; index < length; index++) {
    const bit = validityOffset + index;
    if ((((validity[bit >> 3] as number) >> (bit & 7)) & 1) === 0) mask[index] = verdict;
  }
}

/** A literal as a number for a numeric or boolean column, or `undefined` when it is not one. */
function numericLiteral(view: ColumnView, literal: ConditionLiteral): number | undefined {
  const temporal = view.kind === 'number' && view.temporal;
  if (temporal) {
    if (typeof literal.value !== 'string')
      throw conditionError(
        `row_condition: compare date-time column values with a date string such as "2024-01-31"`,
      );
    const time = parseDateTime(literal.value);
    if (time === undefined)
      throw conditionError(`row_condition: ${JSON.stringify(literal.value)} is not a date-time`);
    return time;
  }
  if (literal.date) throw conditionError('row_condition: date(…) compared with a non-date column');
  if (typeof literal.value === 'boolean') return +literal.value;
  return typeof literal.value === 'number' ? literal.value : undefined;
}

/** One loop per operator, so the row loop has no branch on it; NaN fails all but `!=`. */
function compareNumbers(
  values: ArrayLike<number>,
  length: number,
  operator: ComparisonOperator,
  literal: number,
  mask: Uint8Array,
): void {
  switch (operator) {
    case '==':
      for (let index = 0; index < length; index++) mask[index] = +(values[index] === literal);
      return;
    case '!=':
      for (let index = 0; index < length; index++) mask[index] = +(values[index] !== literal);
      return;
    case '<':
      for (let index = 0; index < length; index++)
        mask[index] = +((values[index] as number) < literal);
      return;
    case '<=':
      for (let index = 0; index < length; index++)
        mask[index] = +((values[index] as number) <= literal);
      return;
    case '>':
      for (let index = 0; index < length; index++)
        mask[index] = +((values[index] as number) > literal);
      return;
    default:
      for (let index = 0; index < length; index++)
        mask[index] = +((values[index] as number) >= literal);
  }
}

function compareBooleans(
  view: BooleanView,
  operator: ComparisonOperator,
  literal: number,
  mask: Uint8Array,
): void {
  const { bits, bitOffset, length } = view;
  for (let index = 0; index < length; index++) {
    const bit = bitOffset + index;
    const value = ((bits[bit >> 3] as number) >> (bit & 7)) & 1;
    mask[index] = holds(value < literal ? -1 : value > literal ? 1 : 0, operator);
  }
}

const encoder = new TextEncoder();

/** UTF-8 byte order is code point order, so strings compare without being decoded. */
function compareUtf8(
  view: Utf8View,
  operator: ComparisonOperator,
  literal: string,
  mask: Uint8Array,
): void {
  const target = encoder.encode(literal);
  const { offsets, bytes, length } = view;
  const targetLength = target.length;
  for (let index = 0; index < length; index++) {
    const start = offsets[index] as number;
    const size = (offsets[index + 1] as number) - start;
    const shared = Math.min(size, targetLength);
    let order = 0;
    for (let position = 0; position < shared; position++) {
      const difference = (bytes[start + position] as number) - (target[position] as number);
      if (difference !== 0) {
        order = difference;
        break;
      }
    }
    if (order === 0) order = size - targetLength;
    mask[index] = holds(order, operator);
  }
}

function compareColumnWithLiteral(
  view: ColumnView,
  operator: ComparisonOperator,
  literal: ConditionLiteral,
  mask: Uint8Array,
): void {
  const length = view.length;
  if (view.kind === 'number' || view.kind === 'boolean') {
    const number = numericLiteral(view, literal);
    if (number === undefined) {
      if (operator !== '==' && operator !== '!=')
        incomparable(`${view.arrowType} column`, literal.value, operator);
      mask.fill(missingVerdict(operator));
      return;
    }
    if (view.kind === 'number') compareNumbers(view.values, length, operator, number, mask);
    else compareBooleans(view, operator, number, mask);
  } else if (view.kind === 'utf8' && typeof literal.value === 'string' && !literal.date) {
    compareUtf8(view, operator, literal.value, mask);
  } else if (view.kind === 'dictionary') {
    // One comparison per dictionary entry, then a lookup per row.
    const verdicts = new Uint8Array(view.entries.length);
    for (let entry = 0; entry < verdicts.length; entry++)
      verdicts[entry] = compareValues(view.entries[entry], literal.value, operator);
    const { indices } = view;
    for (let index = 0; index < length; index++) mask[index] = verdicts[indices[index] as number]!;
  } else {
    for (let index = 0; index < length; index++)
      mask[index] = compareValues(view.valueAt(index), literal.value, operator);
  }
  fillAbsent(view, mask, missingVerdict(operator));
}

function compareColumns(
  left: ColumnView,
  right: ColumnView,
  operator: ComparisonOperator,
  mask: Uint8Array,
): void {
  const length = left.length;
  if (left.kind === 'number' && right.kind === 'number' && left.temporal === right.temporal) {
    const a = left.values;
    const b = right.values;
    for (let index = 0; index < length; index++) {
      const x = a[index] as number;
      const y = b[index] as number;
      // NaN makes every ordering false and `!=` true, as pandas.
      mask[index] = holds(x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.NaN, operator);
    }
    fillAbsent(left, mask, missingVerdict(operator));
    fillAbsent(right, mask, missingVerdict(operator));
    return;
  }
  const readLeft = cellReader(left);
  const readRight = cellReader(right);
  for (let index = 0; index < length; index++)
    mask[index] = compareValues(readLeft(index), readRight(index), operator);
}

function membership(view: ColumnView, values: readonly ConditionLiteral[], mask: Uint8Array): void {
  const length = view.length;
  if (view.kind === 'number' || view.kind === 'boolean') {
    const numbers = new Set<number>();
    for (const literal of values) {
      if (view.kind === 'number' && view.temporal && typeof literal.value !== 'string') continue;
      const number = numericLiteral(view, literal);
      if (number !== undefined) numbers.add(number);
    }
    if (view.kind === 'number') {
      const data = view.values;
      for (let index = 0; index < length; index++)
        mask[index] = +numbers.has(data[index] as number);
    } else {
      const { bits, bitOffset } = view;
      for (let index = 0; index < length; index++) {
        const bit = bitOffset + index;
        mask[index] = +numbers.has(((bits[bit >> 3] as number) >> (bit & 7)) & 1);
      }
    }
  } else {
    const set = new Set<unknown>(values.map(literal => literal.value));
    if (view.kind === 'dictionary') {
      const verdicts = new Uint8Array(view.entries.length);
      for (let entry = 0; entry < verdicts.length; entry++)
        verdicts[entry] = +set.has(view.entries[entry]);
      const { indices } = view;
      for (let index = 0; index < length; index++)
        mask[index] = verdicts[indices[index] as number]!;
    } else if (view.kind === 'utf8') {
      for (let index = 0; index < length; index++) mask[index] = +set.has(view.stringAt(index));
    } else {
      for (let index = 0; index < length; index++) mask[index] = +set.has(view.valueAt(index));
    }
  }
  fillAbsent(view, mask, 0);
}

function missingRows(view: ColumnView, mask: Uint8Array): void {
  const { validity, validityOffset, length } = view;
  if (view.kind === 'number' && view.floating) {
    const values = view.values;
    for (let index = 0; index < length; index++) {
      mask[index] = +Number.isNaN(values[index] as number);
    }
  }
  if (validity === null) return;
  for (let index = 0; index < length; index++) {
    const bit = validityOffset + index;
    if ((((validity[bit >> 3] as number) >> (bit & 7)) & 1) === 0) mask[index] = 1;
  }
}

function truthyRows(view: ColumnView, path: string, mask: Uint8Array): void {
  if (view.kind !== 'boolean')
    throw conditionError(
      `row_condition: column ${path} (${view.arrowType}) is not boolean; compare it explicitly (e.g. ${path} == 1)`,
    );
  const { bits, bitOffset, length } = view;
  for (let index = 0; index < length; index++) {
    const bit = bitOffset + index;
    mask[index] = ((bits[bit >> 3] as number) >> (bit & 7)) & 1;
  }
  fillAbsent(view, mask, 0);
}

function evaluate(condition: RowCondition, length: number, lookup: ViewLookup): Uint8Array {
  switch (condition.kind) {
    case 'and':
    case 'or': {
      const left = evaluate(condition.left, length, lookup);
      const right = evaluate(condition.right, length, lookup);
      if (condition.kind === 'and')
        for (let index = 0; index < length; index++) left[index]! &= right[index]!;
      else for (let index = 0; index < length; index++) left[index]! |= right[index]!;
      return left;
    }
    case 'not': {
      const operand = evaluate(condition.operand, length, lookup);
      for (let index = 0; index < length; index++) operand[index]! ^= 1;
      return operand;
    }
    case 'constant':
      return new Uint8Array(length).fill(condition.value ? 1 : 0);
    default:
      break;
  }
  const mask = new Uint8Array(length);
  switch (condition.kind) {
    case 'compare': {
      const { left, right, operator } = condition;
      if (left.kind === 'column' && right.kind === 'column')
        compareColumns(rowView(lookup, left.path), rowView(lookup, right.path), operator, mask);
      else if (left.kind === 'column' && right.kind === 'literal')
        compareColumnWithLiteral(rowView(lookup, left.path), operator, right, mask);
      else if (left.kind === 'literal' && right.kind === 'literal')
        mask.fill(compareValues(left.value, right.value, operator));
      break;
    }
    case 'in':
      membership(rowView(lookup, condition.column.path), condition.values, mask);
      if (condition.negated) for (let index = 0; index < length; index++) mask[index]! ^= 1;
      break;
    case 'missing':
      missingRows(rowView(lookup, condition.column.path), mask);
      if (condition.negated) for (let index = 0; index < length; index++) mask[index]! ^= 1;
      break;
    case 'truthy':
      truthyRows(rowView(lookup, condition.column.path), condition.column.path, mask);
      break;
  }
  return mask;
}

/**
 * Evaluates a row condition over one batch into a mask (1 = the row is selected), vectorised
 * over the columns' typed views: one loop per operator and column, a dictionary column compared
 * once per entry, UTF-8 strings compared on their bytes. Missing values satisfy only `!=` and
 * `not in`, as pandas' `DataFrame.query` evaluates them. Type errors (ordering a string column
 * against a number, a non-boolean column used as a condition) throw an InvalidInputError.
 */
export function evaluateRowCondition(
  condition: RowCondition,
  length: number,
  lookup: ViewLookup,
): { mask: Uint8Array; selected: number } {
  const mask = evaluate(condition, length, lookup);
  let selected = 0;
  for (let index = 0; index < length; index++) selected += mask[index]!;
  return { mask, selected };
}
