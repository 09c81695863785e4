import { joinSql, rawSql, type SqlFragment, sql } from '@ballast/kit';
import { type AnomalyCode, anomalyCodes } from '../anomaly-codes';
import { type EvaluationOutcome, mapOutcome } from '../engine/expectation-evaluator';
import type { UnexpectedTally } from '../engine/unexpected-tally';
import type { ExpectationKwargs, ExpectationType } from '../suite/expectation-schemas';
import type {
  FinishContext,
  PushdownCompiler,
  PushdownContext,
  PushdownPlan,
} from './pushdown-plan';
import {
  cellValue,
  countOf,
  definitely,
  millisecondsOf,
  missingSql,
  numberSql,
  presentSql,
  within,
} from './sql-cells';
import { arrowTypeOf, type SqlColumnInfo } from './sql-columns';

/** How many unexpected values a result lists: the longest of its value lists. */
function listLength(context: PushdownContext): number {
  return Math.max(context.limits.partialUnexpectedCount, context.limits.unexpectedListCount);
}

/** The Arrow engine's tally, filled from counts and a LIMITed list (no row indices: tables have no order). */
function tallyOf(
  context: PushdownContext,
  counts: { elementCount: number; missingCount: number; unexpectedCount: number },
  values: readonly unknown[],
): UnexpectedTally {
  const { partialUnexpectedCount, unexpectedListCount } = context.limits;
  return {
    ...counts,
    partialUnexpectedList: values.slice(0, partialUnexpectedCount),
    partialUnexpectedIndexList: [],
    unexpectedIndexList: [],
    unexpectedList: values.slice(0, unexpectedListCount),
  } as unknown as UnexpectedTally;
}

/** A cell as the Arrow engine lists it: NaN in a float column is missing, hence null. */
function listedCell(value: unknown, column: SqlColumnInfo): unknown {
  const cell = cellValue(value, column);
  return typeof cell === 'number' && Number.isNaN(cell) ? null : cell;
}

/** Fetches the cells of at most the listed number of rows matching `where`, keyed by column name. */
async function fetchRows(
  context: PushdownContext,
  finish: FinishContext,
  columns: readonly SqlColumnInfo[],
  where: SqlFragment,
  unexpected: number,
): Promise<Record<string, unknown>[]> {
  const limit = Math.min(listLength(context), unexpected);
  if (limit === 0) return [];
  const { dialect } = context;
  const rows = await finish.run(
    dialect.select({
      select: columns.map(
        (column, index) => [`c${index}`, dialect.identifier(column.name)] as const,
      ),
      from: context.from,
      where,
      limit,
    }),
  );
  return rows.map(row =>
    Object.fromEntries(
      columns.map((column, index) => [column.name, listedCell(row[`c${index}`], column)]),
    ),
  );
}

/** An UNEXPECTED_TYPE outcome with the Arrow engine's wording (and its Arrow type names). */
export function typeMismatch(message: string): PushdownPlan {
  return {
    aggregates: [],
    finish: async () => ({
      success: false,
      code: anomalyCodes.unexpectedType,
      message,
      result: {},
    }),
  };
}

/**
 * A row-wise expectation: counts of selected, ignored (missing) and unexpected rows in the
 * shared scan (`expected` is the test on rows that are not ignored), then at most the listed
 * unexpected rows in one LIMITed query when there are any.
 */
export function rowsPlan(
  context: PushdownContext,
  columns: readonly SqlColumnInfo[],
  mostly: number | undefined,
  code: AnomalyCode,
  ignored: SqlFragment,
  expected: SqlFragment,
  listed: (row: Readonly<Record<string, unknown>>) => unknown,
): PushdownPlan {
  const { dialect, condition } = context;
  const aliases = {
    rows: context.alias('rows'),
    missing: context.alias('missing'),
    unexpected: context.alias('unexpected'),
  };
  const unexpectedWhere = within(
    dialect,
    condition,
    dialect.not(definitely(ignored)),
    dialect.not(definitely(expected)),
  );
  return {
    aggregates: [
      [aliases.rows, condition === undefined ? dialect.countAll() : dialect.countIf(condition)],
      [aliases.missing, dialect.countIf(within(dialect, condition, ignored))],
      [aliases.unexpected, dialect.countIf(unexpectedWhere)],
    ],
    async finish(finish) {
      const counts = {
        elementCount: countOf(finish.row, aliases.rows),
        missingCount: countOf(finish.row, aliases.missing),
        unexpectedCount: countOf(finish.row, aliases.unexpected),
      };
      const rows = await fetchRows(
        context,
        finish,
        columns,
        unexpectedWhere,
        counts.unexpectedCount,
      );
      return mapOutcome(tallyOf(context, counts, rows.map(listed)), mostly, code, context.onEmpty);
    },
  };
}

/** A map expectation over one column: `expected` tests its present values. */
export function columnMapPlan(
  context: PushdownContext,
  column: SqlColumnInfo,
  mostly: number | undefined,
  code: AnomalyCode,
  expected: SqlFragment,
): PushdownPlan {
  return rowsPlan(
    context,
    [column],
    mostly,
    code,
    missingSql(context.dialect, column),
    expected,
    row => row[column.name],
  );
}

function nullPlan(
  context: PushdownContext,
  column: SqlColumnInfo,
  mostly: number | undefined,
  expectNull: boolean,
): PushdownPlan {
  const { dialect, condition } = context;
  const missing = missingSql(dialect, column);
  const aliases = { rows: context.alias('rows'), missing: context.alias('missing') };
  return {
    aggregates: [
      [aliases.rows, condition === undefined ? dialect.countAll() : dialect.countIf(condition)],
      [aliases.missing, dialect.countIf(within(dialect, condition, missing))],
    ],
    async finish(finish): Promise<EvaluationOutcome> {
      const elementCount = countOf(finish.row, aliases.rows);
      const missingCount = countOf(finish.row, aliases.missing);
      const unexpectedCount = expectNull ? elementCount - missingCount : missingCount;
      // Unexpected cells of a not-null check are all missing: their list is nulls, no query needed.
      const values = expectNull
        ? (
            await fetchRows(
              context,
              finish,
              [column],
              within(dialect, condition, presentSql(dialect, column)),
              unexpectedCount,
            )
          ).map(row => row[column.name])
        : new Array(Math.min(listLength(context), unexpectedCount)).fill(null);
      const outcome = mapOutcome(
        tallyOf(context, { elementCount, missingCount, unexpectedCount }, values),
        mostly,
        expectNull ? anomalyCodes.nonNullValues : anomalyCodes.nullValues,
        context.onEmpty,
        'all',
      );
      return { ...outcome, result: { ...outcome.result, missing_count: missingCount } };
    },
  };
}

const numeric = (column: SqlColumnInfo) => column.kind === 'integer' || column.kind === 'float';
const textual = (column: SqlColumnInfo) => column.kind === 'string';

type Kwargs<Type extends ExpectationType> = ExpectationKwargs<Type>;

/** The column an expectation names, known to exist (missing columns never reach compilers). */
function columnOf(context: PushdownContext, name: string): SqlColumnInfo {
  return context.columns.get(name) as SqlColumnInfo;
}

function notString(column: SqlColumnInfo): string {
  return `column ${column.name} (${arrowTypeOf(column)}) is not a string column`;
}

/** Bounds as SQL on a double, inclusive unless strict; null/undefined bounds are open. */
function boundsSql(
  context: PushdownContext,
  value: SqlFragment,
  bounds: {
    min?: number | null | undefined;
    max?: number | null | undefined;
    strictMin?: boolean | undefined;
    strictMax?: boolean | undefined;
  },
): SqlFragment {
  const { dialect } = context;
  const parts: SqlFragment[] = [];
  if (bounds.min != null) {
    const min = dialect.value(bounds.min, 'double');
    parts.push(sqlCompare(value, bounds.strictMin ? '>' : '>=', min));
  }
  if (bounds.max != null) {
    const max = dialect.value(bounds.max, 'double');
    parts.push(sqlCompare(value, bounds.strictMax ? '<' : '<=', max));
  }
  return dialect.and(...parts);
}

function sqlCompare(
  left: SqlFragment,
  operator: '<' | '<=' | '>' | '>=' | '=' | '<>',
  right: SqlFragment,
): SqlFragment {
  return sql`(${left} ${rawSql(operator)} ${right})`;
}

/** Typed values of a value set that can equal a cell of the column (JavaScript `Set.has` semantics). */
function comparableValues(column: SqlColumnInfo, values: readonly (string | number | boolean)[]) {
  if (numeric(column))
    return { values: values.filter(value => typeof value === 'number'), type: 'double' as const };
  if (column.kind === 'boolean')
    return { values: values.filter(value => typeof value === 'boolean'), type: 'boolean' as const };
  return { values: values.filter(value => typeof value === 'string'), type: 'text' as const };
}

function setPlan(
  kwargs: Kwargs<'expect_column_values_to_be_in_set'>,
  inSet: boolean,
  context: PushdownContext,
): PushdownPlan | string {
  const column = columnOf(context, kwargs.column);
  if (column.kind === 'other')
    return `${column.type} columns are not compared with value sets in SQL yet`;
  const { dialect } = context;
  let member: SqlFragment;
  if (column.kind === 'temporal') {
    // Dates compare as milliseconds, set values read as date-times (booleans match nothing).
    const times = kwargs.value_set.map(millisecondsOf);
    const unreadable = kwargs.value_set.find(
      (value, index) => typeof value === 'string' && times[index] === undefined,
    );
    if (unreadable !== undefined)
      return `value_set entry ${JSON.stringify(unreadable)} is not a date-time`;
    const known = times.filter((time): time is number => time !== undefined);
    member = dialect.inList(numberSql(dialect, column), known, 'double');
  } else {
    const { values, type } = comparableValues(column, kwargs.value_set);
    const x = numeric(column) ? numberSql(dialect, column) : dialect.identifier(column.name);
    member = dialect.inList(x, values, type);
  }
  return columnMapPlan(
    context,
    column,
    kwargs.mostly,
    inSet ? anomalyCodes.valueNotInSet : anomalyCodes.valueInForbiddenSet,
    inSet ? member : dialect.not(member),
  );
}

function patternPlan(
  context: PushdownContext,
  name: string,
  mostly: number | undefined,
  expectMatch: boolean,
  tests: readonly ((value: SqlFragment) => SqlFragment)[],
  matchOn: 'any' | 'all',
): PushdownPlan {
  const column = columnOf(context, name);
  if (!textual(column)) return typeMismatch(notString(column));
  const { dialect } = context;
  const x = dialect.identifier(column.name);
  const matches = tests.map(test => definitely(test(x)));
  const listMatches = matchOn === 'all' ? dialect.and(...matches) : dialect.or(...matches);
  return columnMapPlan(
    context,
    column,
    mostly,
    expectMatch ? anomalyCodes.patternMismatch : anomalyCodes.forbiddenPattern,
    expectMatch ? listMatches : dialect.not(listMatches),
  );
}

/** The kwargs of the pattern expectations that the SQL form reads. */
interface PatternKwargs {
  column: string;
  mostly?: number | undefined;
  match_on?: 'any' | 'all' | undefined;
  regex?: string;
  regex_list?: string[];
  like_pattern?: string;
  like_pattern_list?: string[];
}

/**
 * One compiler per pattern expectation: where its patterns come from and whether values should
 * match. Only the matching variants read `match_on`; the `not_` ones forbid every pattern.
 */
function patternCompiler(
  syntax: 'regex' | 'like',
  patternsOf: (kwargs: Required<PatternKwargs>) => readonly string[],
  expectMatch: boolean,
): PushdownCompiler {
  return (expectation, context) => {
    const kwargs = expectation.kwargs as Required<PatternKwargs>;
    const test = (pattern: string) => (x: SqlFragment) =>
      syntax === 'regex'
        ? context.dialect.regexMatch(x, pattern)
        : context.dialect.like(x, pattern);
    return patternPlan(
      context,
      kwargs.column,
      kwargs.mostly,
      expectMatch,
      patternsOf(kwargs).map(test),
      expectMatch ? (kwargs.match_on ?? 'any') : 'any',
    );
  };
}

function lengthPlan(
  context: PushdownContext,
  name: string,
  mostly: number | undefined,
  bounds: Parameters<typeof boundsSql>[2],
): PushdownPlan {
  const column = columnOf(context, name);
  if (!textual(column))
    return typeMismatch(`column ${column.name} (${arrowTypeOf(column)}) has no lengths`);
  const { dialect } = context;
  const length = dialect.castDouble(dialect.charLength(dialect.identifier(column.name)));
  return columnMapPlan(
    context,
    column,
    mostly,
    anomalyCodes.valueLengthOutOfRange,
    boundsSql(context, length, bounds),
  );
}

function betweenPlan(
  kwargs: Kwargs<'expect_column_values_to_be_between'>,
  context: PushdownContext,
): PushdownPlan | string {
  const column = columnOf(context, kwargs.column);
  if (kwargs.parse_strings_as_datetimes) return 'parse_strings_as_datetimes is not pushed down';
  const temporal = column.kind === 'temporal';
  if (!temporal && (typeof kwargs.min_value === 'string' || typeof kwargs.max_value === 'string'))
    return 'string bounds are not pushed down (engines collate strings differently)';
  // Date and timestamp columns compare as milliseconds; string bounds read as date-times.
  const bound = (value: string | number | null | undefined) =>
    value == null ? value : millisecondsOf(value);
  const min = bound(kwargs.min_value);
  const max = bound(kwargs.max_value);
  if (
    Number.isNaN(min) ||
    Number.isNaN(max) ||
    (kwargs.min_value != null && min === undefined) ||
    (kwargs.max_value != null && max === undefined)
  )
    return `bounds ${JSON.stringify([kwargs.min_value, kwargs.max_value])} are not date-times`;
  if (!numeric(column) && !temporal)
    return typeMismatch(
      `column ${column.name} (${arrowTypeOf(column)}) cannot be compared with bounds ${JSON.stringify([kwargs.min_value, kwargs.max_value])}`,
    );
  const { dialect } = context;
  return columnMapPlan(
    context,
    column,
    kwargs.mostly,
    anomalyCodes.valueOutOfRange,
    boundsSql(context, numberSql(dialect, column), {
      min,
      max,
      strictMin: kwargs.strict_min,
      strictMax: kwargs.strict_max,
    }),
  );
}

/**
 * Rows whose key occurs more than once (pandas `duplicated(keep=False)`): counted and listed
 * with a window count over the key columns, whose PARTITION BY groups NULLs together as the
 * Arrow engine's keys do.
 */
export function duplicatesPlan(
  context: PushdownContext,
  columns: readonly SqlColumnInfo[],
  mostly: number | undefined,
  code: AnomalyCode,
  ignored: SqlFragment,
  listed: (row: Readonly<Record<string, unknown>>) => unknown,
): PushdownPlan {
  const { dialect, condition } = context;
  const aliases = { rows: context.alias('rows'), missing: context.alias('missing') };
  // NaN is missing like NULL, so both key as NULL (PARTITION BY groups NULLs together).
  const keys = columns.map(column =>
    column.kind === 'float'
      ? sql`CASE WHEN ${presentSql(dialect, column)} THEN ${dialect.identifier(column.name)} END`
      : dialect.identifier(column.name),
  );
  const considered = within(dialect, condition, dialect.not(definitely(ignored)));
  const windowed = sql`(${dialect.select({
    select: [
      ...columns.map((_column, index) => [`c${index}`, keys[index] as SqlFragment] as const),
      ['n', sql`count(*) OVER (PARTITION BY ${joinSql(keys)})`],
    ],
    from: context.from,
    where: considered,
  })}) AS ${dialect.identifier('w')}`;
  return {
    aggregates: [
      [aliases.rows, condition === undefined ? dialect.countAll() : dialect.countIf(condition)],
      [aliases.missing, dialect.countIf(within(dialect, condition, ignored))],
    ],
    async finish(finish) {
      const elementCount = countOf(finish.row, aliases.rows);
      const missingCount = countOf(finish.row, aliases.missing);
      const duplicated = sql`${dialect.identifier('n')} > ${dialect.number(1)}`;
      const [counted] = await finish.run(
        dialect.select({
          select: [['unexpected', dialect.countAll()]],
          from: windowed,
          where: duplicated,
        }),
      );
      const unexpectedCount = countOf(counted ?? {}, 'unexpected');
      const limit = Math.min(listLength(context), unexpectedCount);
      const rows =
        limit === 0
          ? []
          : await finish.run(
              dialect.select({
                select: columns.map(
                  (_, index) => [`c${index}`, dialect.identifier(`c${index}`)] as const,
                ),
                from: windowed,
                where: duplicated,
                limit,
              }),
            );
      const values = rows.map(row =>
        listed(
          Object.fromEntries(
            columns.map((column, index) => [column.name, cellValue(row[`c${index}`], column)]),
          ),
        ),
      );
      return mapOutcome(
        tallyOf(context, { elementCount, missingCount, unexpectedCount }, values),
        mostly,
        code,
        context.onEmpty,
      );
    },
  };
}

/** Map expectations over one column, keyed by Great Expectations name. */
export const mapPushdowns = {
  expect_column_values_to_not_be_null: (expectation, context) => {
    const kwargs = expectation.kwargs as Kwargs<'expect_column_values_to_not_be_null'>;
    return nullPlan(context, columnOf(context, kwargs.column), kwargs.mostly, false);
  },
  expect_column_values_to_be_null: (expectation, context) => {
    const kwargs = expectation.kwargs as Kwargs<'expect_column_values_to_be_null'>;
    return nullPlan(context, columnOf(context, kwargs.column), kwargs.mostly, true);
  },
  expect_column_values_to_be_between: (expectation, context) =>
    betweenPlan(expectation.kwargs as Kwargs<'expect_column_values_to_be_between'>, context),
  expect_column_values_to_be_in_set: (expectation, context) =>
    setPlan(expectation.kwargs as Kwargs<'expect_column_values_to_be_in_set'>, true, context),
  expect_column_values_to_not_be_in_set: (expectation, context) =>
    setPlan(expectation.kwargs as Kwargs<'expect_column_values_to_be_in_set'>, false, context),
  expect_column_values_to_match_regex: patternCompiler('regex', kwargs => [kwargs.regex], true),
  expect_column_values_to_not_match_regex: patternCompiler(
    'regex',
    kwargs => [kwargs.regex],
    false,
  ),
  expect_column_values_to_match_regex_list: patternCompiler(
    'regex',
    kwargs => kwargs.regex_list,
    true,
  ),
  expect_column_values_to_not_match_regex_list: patternCompiler(
    'regex',
    kwargs => kwargs.regex_list,
    false,
  ),
  expect_column_values_to_match_like_pattern: patternCompiler(
    'like',
    kwargs => [kwargs.like_pattern],
    true,
  ),
  expect_column_values_to_not_match_like_pattern: patternCompiler(
    'like',
    kwargs => [kwargs.like_pattern],
    false,
  ),
  expect_column_values_to_match_like_pattern_list: patternCompiler(
    'like',
    kwargs => kwargs.like_pattern_list,
    true,
  ),
  expect_column_values_to_not_match_like_pattern_list: patternCompiler(
    'like',
    kwargs => kwargs.like_pattern_list,
    false,
  ),
  expect_column_value_lengths_to_be_between: (expectation, context) => {
    const kwargs = expectation.kwargs as Kwargs<'expect_column_value_lengths_to_be_between'>;
    return lengthPlan(context, kwargs.column, kwargs.mostly, {
      min: kwargs.min_value,
      max: kwargs.max_value,
      strictMin: kwargs.strict_min,
      strictMax: kwargs.strict_max,
    });
  },
  expect_column_value_lengths_to_equal: (expectation, context) => {
    const kwargs = expectation.kwargs as Kwargs<'expect_column_value_lengths_to_equal'>;
    return lengthPlan(context, kwargs.column, kwargs.mostly, {
      min: kwargs.value,
      max: kwargs.value,
    });
  },
  expect_column_values_to_be_unique: (expectation, context) => {
    const kwargs = expectation.kwargs as Kwargs<'expect_column_values_to_be_unique'>;
    const column = columnOf(context, kwargs.column);
    return duplicatesPlan(
      context,
      [column],
      kwargs.mostly,
      anomalyCodes.duplicateValues,
      missingSql(context.dialect, column),
      row => row[column.name],
    );
  },
} satisfies Record<string, PushdownCompiler>;
