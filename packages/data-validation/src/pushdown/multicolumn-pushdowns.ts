import { rawSql, type SqlFragment, sql } from '@ballast/kit';
import { type AnomalyCode, anomalyCodes } from '../anomaly-codes';
import type { ExpectationKwargs, ExpectationType } from '../suite/expectation-schemas';
import { duplicatesPlan, rowsPlan } from './map-pushdowns';
import type { PushdownCompiler, PushdownContext, PushdownPlan } from './pushdown-plan';
import { definitely, missingSql, presentSql } from './sql-cells';
import type { SqlColumnInfo } from './sql-columns';

type Kwargs<Type extends ExpectationType> = ExpectationKwargs<Type>;

const numeric = (column: SqlColumnInfo) => column.kind === 'integer' || column.kind === 'float';

function columnsOf(context: PushdownContext, names: readonly string[]): SqlColumnInfo[] {
  return names.map(name => context.columns.get(name) as SqlColumnInfo);
}

/** The `ignore_row_if` rule of the column-list expectations as SQL over the missing flags. */
function rowIgnored(
  context: PushdownContext,
  columns: readonly SqlColumnInfo[],
  rule: 'all_values_are_missing' | 'any_value_is_missing' | 'never',
): SqlFragment {
  const { dialect } = context;
  const missing = columns.map(column => missingSql(dialect, column));
  if (rule === 'never') return rawSql('(1 = 0)');
  return rule === 'any_value_is_missing' ? dialect.or(...missing) : dialect.and(...missing);
}

/** The pair rule (default `both_values_are_missing`). */
function pairIgnored(
  context: PushdownContext,
  columns: readonly SqlColumnInfo[],
  rule: 'both_values_are_missing' | 'either_value_is_missing' | 'neither' | undefined,
): SqlFragment {
  return rowIgnored(
    context,
    columns,
    rule === 'neither'
      ? 'never'
      : rule === 'either_value_is_missing'
        ? 'any_value_is_missing'
        : 'all_values_are_missing',
  );
}

/** A row's cells as the Arrow engine lists them: `{ column: value }` with missing as null. */
function asRecord(columns: readonly SqlColumnInfo[]) {
  return (row: Readonly<Record<string, unknown>>) =>
    Object.fromEntries(columns.map(column => [column.name, row[column.name] ?? null]));
}

function asPair(columns: readonly SqlColumnInfo[]) {
  return (row: Readonly<Record<string, unknown>>) =>
    columns.map(column => row[column.name] ?? null);
}

/**
 * A column pair check: `compare` is the test on rows where both cells are present (or a reason
 * the pair cannot be compared in SQL); rows are ignored by the pair's `ignore_row_if` rule.
 */
function pairPlan(
  context: PushdownContext,
  kwargs: {
    column_A: string;
    column_B: string;
    mostly?: number | undefined;
    ignore_row_if?: 'both_values_are_missing' | 'either_value_is_missing' | 'neither' | undefined;
  },
  code: AnomalyCode,
  compare: (a: SqlColumnInfo, b: SqlColumnInfo) => SqlFragment | string,
): PushdownPlan | string {
  const columns = columnsOf(context, [kwargs.column_A, kwargs.column_B]);
  const [a, b] = columns as [SqlColumnInfo, SqlColumnInfo];
  const comparison = compare(a, b);
  if (typeof comparison === 'string') return comparison;
  const { dialect } = context;
  return rowsPlan(
    context,
    columns,
    kwargs.mostly,
    code,
    pairIgnored(context, columns, kwargs.ignore_row_if),
    dialect.and(presentSql(dialect, a), presentSql(dialect, b), comparison),
    asPair(columns),
  );
}

/** Multicolumn expectations, keyed by Great Expectations name. */
export const multicolumnPushdowns = {
  expect_compound_columns_to_be_unique: (expectation, context) => {
    const kwargs = expectation.kwargs as Kwargs<'expect_compound_columns_to_be_unique'>;
    const columns = columnsOf(context, kwargs.column_list);
    return duplicatesPlan(
      context,
      columns,
      kwargs.mostly,
      anomalyCodes.duplicateRows,
      rowIgnored(context, columns, kwargs.ignore_row_if ?? 'all_values_are_missing'),
      asRecord(columns),
    );
  },
  expect_column_pair_values_to_be_equal: (expectation, context) => {
    const kwargs = expectation.kwargs as Kwargs<'expect_column_pair_values_to_be_equal'>;
    return pairPlan(context, kwargs, anomalyCodes.columnPairMismatch, (a, b) => {
      const bothNumeric = numeric(a) && numeric(b);
      if (!bothNumeric && (a.kind !== b.kind || a.kind === 'temporal' || a.kind === 'other'))
        return `columns ${a.name} (${a.type}) and ${b.name} (${b.type}) are not compared in SQL`;
      const { dialect } = context;
      // Integers equal floats of the same value, as the Arrow engine's keys compare them.
      const value = (column: SqlColumnInfo) =>
        bothNumeric
          ? dialect.castDouble(dialect.identifier(column.name))
          : dialect.identifier(column.name);
      return sql`${value(a)} = ${value(b)}`;
    });
  },
  expect_column_pair_values_a_to_be_greater_than_b: (expectation, context) => {
    const kwargs = expectation.kwargs as Kwargs<'expect_column_pair_values_a_to_be_greater_than_b'>;
    return pairPlan(context, kwargs, anomalyCodes.columnPairOrderViolated, (a, b) => {
      if (!numeric(a) || !numeric(b))
        return `columns ${a.name} (${a.type}) and ${b.name} (${b.type}) are ordered in SQL only when both are numeric`;
      const { dialect } = context;
      const operator = rawSql(kwargs.or_equal ? '>=' : '>');
      return sql`${dialect.castDouble(dialect.identifier(a.name))} ${operator} ${dialect.castDouble(dialect.identifier(b.name))}`;
    });
  },
  expect_multicolumn_sum_to_equal: (expectation, context) => {
    const kwargs = expectation.kwargs as Kwargs<'expect_multicolumn_sum_to_equal'>;
    const columns = columnsOf(context, kwargs.column_list);
    const odd = columns.find(column => !numeric(column));
    if (odd) return `column ${odd.name} (${odd.type}) is not numeric`;
    const { dialect } = context;
    // Left to right from 0 with missing cells as 0, as the Arrow engine adds them.
    let sum: SqlFragment = dialect.castDouble(dialect.number(0));
    for (const column of columns) {
      const cell = sql`CASE WHEN ${presentSql(dialect, column)} THEN ${dialect.castDouble(dialect.identifier(column.name))} ELSE ${dialect.castDouble(dialect.number(0))} END`;
      sum = sql`(${sum} + ${cell})`;
    }
    return rowsPlan(
      context,
      columns,
      kwargs.mostly,
      anomalyCodes.rowSumMismatch,
      rowIgnored(context, columns, kwargs.ignore_row_if ?? 'all_values_are_missing'),
      definitely(sql`${sum} = ${dialect.value(kwargs.sum_total, 'double')}`),
      asRecord(columns),
    );
  },
} satisfies Record<string, PushdownCompiler>;
