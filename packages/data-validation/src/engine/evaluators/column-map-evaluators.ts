import { InvalidInputError } from '@ballast/contracts';
import { anomalyCodes, type AnomalyCode } from '../../anomaly-codes';
import { compileGuardedPattern } from '../../patterns/linear-pattern';
import { compileAsciiPattern } from '../ascii-pattern';
import { parseDateTime } from '../../statistics/parse-datetime';
import type { ExpectationKwargs } from '../../suite/expectation-schemas';
import { keyOf } from '../column-statistics';
import { cellReader, type ColumnView, rowOf } from '../column-view';
import {
  type BatchInput,
  type EvaluationOutcome,
  type ExpectationEvaluator,
  mapOutcome,
  withinBounds,
} from '../expectation-evaluator';
import { scanColumn, type ValueTest } from '../scan-column';
import { compileStrftimeFormat } from '../strftime-format';
import { UnexpectedTally } from '../unexpected-tally';
import { DuplicateTracker } from './duplicate-tracker';
import type { EvaluatorContext } from './evaluator-context';

/**
 * A map expectation over one column: a per-view test, `mostly`, and an anomaly code. The
 * test may depend on the view (a temporal column reads bounds as dates), so it is built per
 * view kind and cached. A test builder may return a string: the column's type does not suit
 * the expectation, which then fails with `UNEXPECTED_TYPE`.
 */
export function columnMapEvaluator(
  column: string,
  mostly: number | undefined,
  code: AnomalyCode,
  context: EvaluatorContext,
  testFor: (view: ColumnView) => ValueTest | string,
): ExpectationEvaluator {
  const tally = new UnexpectedTally(context.limits);
  const tests = new Map<string, ValueTest | string>();
  return {
    columns: [column],
    observe(input: BatchInput) {
      const view = input.view(column)!;
      const cacheKey = `${view.kind}:${view.kind === 'number' && view.temporal}`;
      let test = tests.get(cacheKey);
      if (test === undefined) tests.set(cacheKey, (test = testFor(view)));
      if (typeof test === 'string') return;
      scanColumn(view, input.rowOffset, tally, test);
    },
    finish({ onEmpty }): EvaluationOutcome {
      const mismatch = [...tests.values()].find(test => typeof test === 'string');
      if (typeof mismatch === 'string') {
        return { success: false, code: anomalyCodes.unexpectedType, message: mismatch, result: {} };
      }
      return mapOutcome(tally, mostly, code, onEmpty);
    },
  };
}

function nullEvaluator(
  column: string,
  mostly: number | undefined,
  expectNull: boolean,
  context: EvaluatorContext,
): ExpectationEvaluator {
  const tally = new UnexpectedTally(context.limits);
  return {
    columns: [column],
    observe({ view, rowOffset }) {
      const columnView = view(column)!;
      const { length, selection } = columnView;
      tally.elementCount += length - columnView.excludedCount;
      // A float column needs its NaN scan unless another check of this batch found none.
      const floats =
        columnView.kind === 'number' && columnView.floating && columnView.nanCount !== 0
          ? columnView.values
          : undefined;
      if (columnView.nullCount === 0 && !floats && !expectNull) return;
      const { validity, validityOffset } = columnView;
      for (let index = 0; index < length; index++) {
        // Rows a row condition left out read as null but are not part of the column here.
        if (selection !== null && selection[index] === 0) continue;
        const bit = validityOffset + index;
        let missing =
          validity !== null && ((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0;
        if (!missing && floats) {
          const value = floats[index] as number;
          missing = Number.isNaN(value);
        }
        if (missing) tally.missingCount++;
        if (missing !== expectNull) {
          if (tally.listsFull) tally.unexpectedCount++;
          else
            tally.record(
              rowOffset + rowOf(columnView, index),
              missing ? null : columnView.valueAt(index),
            );
        }
      }
    },
    finish({ onEmpty }) {
      const outcome = mapOutcome(
        tally,
        mostly,
        expectNull ? anomalyCodes.nonNullValues : anomalyCodes.nullValues,
        onEmpty,
        'all',
      );
      // For the null checks the nulls are the subject, not missing data excluded from the count.
      return { ...outcome, result: { ...outcome.result, missing_count: tally.missingCount } };
    },
  };
}

function toMilliseconds(value: string | number, field: string): number {
  if (typeof value === 'number') return value;
  const parsed = parseDateTime(value);
  if (parsed === undefined) {
    throw new InvalidInputError({
      code: 'INVALID_SUITE',
      message: `${field} (${value}) is not an ISO 8601 date or date-time`,
      details: { path: field },
    });
  }
  return parsed;
}

function betweenEvaluator(
  kwargs: ExpectationKwargs<'expect_column_values_to_be_between'>,
  context: EvaluatorContext,
): ExpectationEvaluator {
  const { column, min_value, max_value } = kwargs;
  const strictMin = kwargs.strict_min ?? false;
  const strictMax = kwargs.strict_max ?? false;
  const field = `${context.path}.kwargs`;
  const anyString = typeof min_value === 'string' || typeof max_value === 'string';
  const dateBounds = () => ({
    min: min_value == null ? null : toMilliseconds(min_value, `${field}.min_value`),
    max: max_value == null ? null : toMilliseconds(max_value, `${field}.max_value`),
    strictMin,
    strictMax,
  });
  // Bounds declared as dates are checked now; other string bounds may be lexicographic and are
  // only read as dates when the column turns out to be temporal.
  if (kwargs.parse_strings_as_datetimes) dateBounds();
  return columnMapEvaluator(column, kwargs.mostly, anomalyCodes.valueOutOfRange, context, view => {
    const numericColumn = view.kind === 'number';
    if (numericColumn && (view.temporal || !anyString)) {
      const bounds = view.temporal
        ? dateBounds()
        : { min: min_value as number | null, max: max_value as number | null };
      return {
        range: {
          min: bounds.min ?? Number.NEGATIVE_INFINITY,
          max: bounds.max ?? Number.POSITIVE_INFINITY,
          strictMin,
          strictMax,
        },
      };
    }
    if (kwargs.parse_strings_as_datetimes) {
      const bounds = dateBounds();
      return {
        string: value => {
          const time = parseDateTime(value);
          return time !== undefined && withinBounds(time, bounds);
        },
      };
    }
    if (
      !numericColumn &&
      view.kind !== 'boolean' &&
      (min_value == null || typeof min_value === 'string') &&
      (max_value == null || typeof max_value === 'string')
    ) {
      // Strings compare lexicographically against string bounds, as Python does.
      return {
        string: value =>
          !(
            (min_value != null && (strictMin ? value <= min_value : value < min_value)) ||
            (max_value != null && (strictMax ? value >= max_value : value > max_value))
          ),
      };
    }
    return `column ${column} (${view.arrowType}) cannot be compared with bounds ${JSON.stringify([min_value, max_value])}`;
  });
}

function setEvaluator(
  kwargs: ExpectationKwargs<'expect_column_values_to_be_in_set'>,
  inSet: boolean,
  context: EvaluatorContext,
): ExpectationEvaluator {
  const values = new Set<unknown>(kwargs.value_set);
  const code = inSet ? anomalyCodes.valueNotInSet : anomalyCodes.valueInForbiddenSet;
  return columnMapEvaluator(kwargs.column, kwargs.mostly, code, context, view => {
    if (view.kind === 'number' && view.temporal) {
      const times = new Set(
        kwargs.value_set.map((value, index) =>
          typeof value === 'boolean'
            ? Number.NaN
            : toMilliseconds(value, `${context.path}.kwargs.value_set[${index}]`),
        ),
      );
      return { number: value => times.has(value) === inSet };
    }
    return {
      value: value => values.has(value) === inSet,
      number: value => values.has(value) === inSet,
      string: value => values.has(value) === inSet,
    };
  });
}

function regexEvaluator(
  kwargs: ExpectationKwargs<'expect_column_values_to_match_regex'>,
  shouldMatch: boolean,
  context: EvaluatorContext,
): ExpectationEvaluator {
  const pattern = compileGuardedPattern(
    kwargs.regex,
    `${context.path}.kwargs.regex`,
    context.maxPatternInputLength,
  );
  const code = shouldMatch ? anomalyCodes.patternMismatch : anomalyCodes.forbiddenPattern;
  const string = (value: string) => {
    const matched = pattern.test(value);
    return matched === undefined ? undefined : matched === shouldMatch;
  };
  // Plain UTF-8 columns are searched on their bytes when the pattern is simple enough; longer
  // values than the guard allows, and non-ASCII ones, still go through `string`.
  const ascii = compileAsciiPattern(kwargs.regex);
  const automaton = ascii && {
    ...ascii.automaton,
    expectMatch: shouldMatch,
    maxInputLength: pattern.maxInputLength,
  };
  return columnMapEvaluator(kwargs.column, kwargs.mostly, code, context, view =>
    view.kind === 'utf8' || view.kind === 'dictionary' || view.kind === 'generic'
      ? {
          string,
          value: value => (typeof value === 'string' ? string(value) : false),
          ...(automaton === undefined ? {} : { automaton }),
        }
      : `column ${kwargs.column} (${view.arrowType}) is not a string column`,
  );
}

/** Unicode code points of a string, as Python's `len` counts them. */
function codePointLength(value: string): number {
  let length = value.length;
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) length--;
  }
  return length;
}

function lengthsEvaluator(
  kwargs: ExpectationKwargs<'expect_column_value_lengths_to_be_between'>,
  context: EvaluatorContext,
): ExpectationEvaluator {
  const bounds = {
    min: kwargs.min_value,
    max: kwargs.max_value,
    strictMin: kwargs.strict_min,
    strictMax: kwargs.strict_max,
  };
  return columnMapEvaluator(
    kwargs.column,
    kwargs.mostly,
    anomalyCodes.valueLengthOutOfRange,
    context,
    view =>
      view.kind === 'number' || view.kind === 'boolean'
        ? `column ${kwargs.column} (${view.arrowType}) has no lengths`
        : {
            lengthRange: {
              min: kwargs.min_value ?? Number.NEGATIVE_INFINITY,
              max: kwargs.max_value ?? Number.POSITIVE_INFINITY,
              strictMin: kwargs.strict_min ?? false,
              strictMax: kwargs.strict_max ?? false,
            },
            string: value => withinBounds(codePointLength(value), bounds),
            value: value => Array.isArray(value) && withinBounds(value.length, bounds),
          },
  );
}

/** GX's equal-length check: the between check with both bounds at `value`. */
function lengthEqualsEvaluator(
  kwargs: ExpectationKwargs<'expect_column_value_lengths_to_equal'>,
  context: EvaluatorContext,
): ExpectationEvaluator {
  const { value, ...rest } = kwargs;
  return lengthsEvaluator({ ...rest, min_value: value, max_value: value }, context);
}

/**
 * Python's `json.loads` also reads the bare constants `NaN`, `Infinity` and `-Infinity`, which
 * `JSON.parse` refuses; standing alone as a token they are replaced by a number before parsing.
 */
const pythonJsonConstants = /(?<![\w.+-])(?:-?Infinity|NaN)(?![\w.])/g;

/** Whether Python's `json.loads` (Great Expectations' test) accepts `text`. */
export function isJsonParseable(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    if (!text.includes('NaN') && !text.includes('Infinity')) return false;
    try {
      JSON.parse(text.replace(pythonJsonConstants, '0'));
      return true;
    } catch {
      return false;
    }
  }
}

function uniqueEvaluator(
  kwargs: ExpectationKwargs<'expect_column_values_to_be_unique'>,
  context: EvaluatorContext,
): ExpectationEvaluator {
  const tally = new UnexpectedTally(context.limits);
  const tracker = new DuplicateTracker();
  const { column } = kwargs;
  return {
    columns: [column],
    observe({ view, rowOffset }) {
      const columnView = view(column)!;
      tally.elementCount += columnView.length - columnView.excludedCount;
      // Excluded rows read as missing; they are taken back out of the missing count.
      tally.missingCount -= columnView.excludedCount;
      const read = cellReader(columnView);
      for (let index = 0; index < columnView.length; index++) {
        const value = read(index);
        if (value === undefined) {
          tally.missingCount++;
          continue;
        }
        tracker.add(keyOf(value), rowOffset + rowOf(columnView, index), value, tally);
      }
    },
    finish: ({ onEmpty }) =>
      mapOutcome(tally, kwargs.mostly, anomalyCodes.duplicateValues, onEmpty),
  };
}

function jsonSchemaEvaluator(
  kwargs: ExpectationKwargs<'expect_column_values_to_match_json_schema'>,
  context: EvaluatorContext,
): ExpectationEvaluator {
  let validate: ((value: unknown) => boolean) | undefined;
  try {
    validate = context.ajv().compile(kwargs.json_schema);
  } catch (cause) {
    const patternCode = InvalidInputError.isInstance(cause) ? cause.code : undefined;
    // A refused `pattern` keeps its code (UNSAFE_PATTERN, INVALID_PATTERN) and names the schema.
    const code =
      patternCode === 'UNSAFE_PATTERN' || patternCode === 'INVALID_PATTERN'
        ? patternCode
        : 'INVALID_SUITE';
    throw new InvalidInputError({
      code,
      message: `${context.path}.kwargs.json_schema is not a valid JSON Schema: ${(cause as Error).message}`,
      details: { path: `${context.path}.kwargs.json_schema` },
      cause,
    });
  }
  const check = validate;
  return columnMapEvaluator(
    kwargs.column,
    kwargs.mostly,
    anomalyCodes.jsonSchemaMismatch,
    context,
    () => ({
      string: value => {
        try {
          return check(JSON.parse(value));
        } catch {
          return false;
        }
      },
      value: value => check(value),
      number: value => check(value),
    }),
  );
}

/** Factories of the single-column map expectations, keyed by Great Expectations name. */
export const columnMapEvaluators = {
  expect_column_values_to_not_be_null: (
    kwargs: ExpectationKwargs<'expect_column_values_to_not_be_null'>,
    context: EvaluatorContext,
  ) => nullEvaluator(kwargs.column, kwargs.mostly, false, context),
  expect_column_values_to_be_null: (
    kwargs: ExpectationKwargs<'expect_column_values_to_be_null'>,
    context: EvaluatorContext,
  ) => nullEvaluator(kwargs.column, kwargs.mostly, true, context),
  expect_column_values_to_be_between: betweenEvaluator,
  expect_column_values_to_be_in_set: (
    kwargs: ExpectationKwargs<'expect_column_values_to_be_in_set'>,
    context: EvaluatorContext,
  ) => setEvaluator(kwargs, true, context),
  expect_column_values_to_not_be_in_set: (
    kwargs: ExpectationKwargs<'expect_column_values_to_not_be_in_set'>,
    context: EvaluatorContext,
  ) => setEvaluator(kwargs, false, context),
  expect_column_values_to_match_regex: (
    kwargs: ExpectationKwargs<'expect_column_values_to_match_regex'>,
    context: EvaluatorContext,
  ) => regexEvaluator(kwargs, true, context),
  expect_column_values_to_not_match_regex: (
    kwargs: ExpectationKwargs<'expect_column_values_to_not_match_regex'>,
    context: EvaluatorContext,
  ) => regexEvaluator(kwargs, false, context),
  expect_column_value_lengths_to_be_between: lengthsEvaluator,
  expect_column_values_to_be_unique: uniqueEvaluator,
  expect_column_values_to_be_dateutil_parseable: (
    kwargs: ExpectationKwargs<'expect_column_values_to_be_dateutil_parseable'>,
    context: EvaluatorContext,
  ) =>
    columnMapEvaluator(
      kwargs.column,
      kwargs.mostly,
      anomalyCodes.unparseableDatetime,
      context,
      view =>
        view.kind === 'number' && view.temporal
          ? { number: () => true }
          : { string: value => parseDateTime(value) !== undefined, value: () => false },
    ),
  expect_column_values_to_match_strftime_format: (
    kwargs: ExpectationKwargs<'expect_column_values_to_match_strftime_format'>,
    context: EvaluatorContext,
  ) => {
    const format = compileStrftimeFormat(
      kwargs.strftime_format,
      `${context.path}.kwargs.strftime_format`,
    );
    return columnMapEvaluator(
      kwargs.column,
      kwargs.mostly,
      anomalyCodes.unparseableDatetime,
      context,
      view =>
        // Great Expectations' pandas backend raises a TypeError on values that are not strings.
        view.kind === 'utf8' || view.kind === 'dictionary' || view.kind === 'generic'
          ? {
              string: value => format.test(value),
              value: value => typeof value === 'string' && format.test(value),
            }
          : `column ${kwargs.column} (${view.arrowType}) is not a string column`,
    );
  },
  expect_column_values_to_match_json_schema: jsonSchemaEvaluator,
  expect_column_value_lengths_to_equal: lengthEqualsEvaluator,
  expect_column_values_to_be_json_parseable: (
    kwargs: ExpectationKwargs<'expect_column_values_to_be_json_parseable'>,
    context: EvaluatorContext,
  ) =>
    columnMapEvaluator(kwargs.column, kwargs.mostly, anomalyCodes.unparseableJson, context, view =>
      // Python's json.loads raises a TypeError on numbers and booleans, as GX's pandas backend.
      view.kind === 'utf8' || view.kind === 'dictionary' || view.kind === 'generic'
        ? {
            string: isJsonParseable,
            value: value => typeof value === 'string' && isJsonParseable(value),
          }
        : `column ${kwargs.column} (${view.arrowType}) is not a string column`,
    ),
};
