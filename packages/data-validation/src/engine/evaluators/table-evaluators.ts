import type { Field } from 'apache-arrow';
import { anomalyCodes } from '../../anomaly-codes';
import type { ExpectationKwargs } from '../../suite/expectation-schemas';
import { findField, logicalTypeOf } from '../column-view';
import {
  describeBounds,
  type EvaluationOutcome,
  type ExpectationEvaluator,
  withinBounds,
} from '../expectation-evaluator';

type CountBounds = ExpectationKwargs<'expect_table_row_count_to_be_between'>;

/** Type names accepted by `type_` besides logical types and Arrow names (pandas dtypes). */
const typeAliases: Record<string, string[]> = {
  object: ['string', 'categorical'],
  str: ['string', 'categorical'],
  string: ['string', 'categorical'],
  category: ['categorical'],
  bool: ['boolean'],
  int: ['integer'],
  float: ['float'],
  'datetime64[ns]': ['timestamp'],
  datetime: ['timestamp', 'date'],
};

/**
 * Whether a column's type is the one a type name designates: its logical type, its Arrow type
 * name, or a pandas dtype alias, case-insensitively. Shared by the single type and the type
 * list expectations so both read the same vocabulary.
 */
function fieldMatchesTypeName(field: Field, typeName: string): boolean {
  const logical = logicalTypeOf(field.type);
  const wanted = typeName.toLowerCase();
  const accepted = typeAliases[wanted] ?? [wanted];
  return (
    accepted.includes(logical) ||
    String(field.type).toLowerCase() === wanted ||
    // A dictionary-encoded string column is still a string column.
    (logical === 'categorical' && accepted.includes('string'))
  );
}

function outcome(
  success: boolean,
  observed: unknown,
  code: EvaluationOutcome['code'],
  message: string,
): EvaluationOutcome {
  return success
    ? { success, result: { observed_value: observed } }
    : { success, code, message, result: { observed_value: observed } };
}

function countBetween(
  what: string,
  count: (input: { rowCount: number; columns: number }) => number,
) {
  return (kwargs: CountBounds): ExpectationEvaluator => ({
    columns: [],
    finish({ rowCount, schema }) {
      const value = count({ rowCount, columns: schema.fields.length });
      const bounds = {
        min: kwargs.min_value,
        max: kwargs.max_value,
        strictMin: kwargs.strict_min,
        strictMax: kwargs.strict_max,
      };
      const success = withinBounds(value, bounds);
      const low = kwargs.min_value != null && !withinBounds(value, { ...bounds, max: null });
      const code =
        what === 'row count'
          ? low
            ? anomalyCodes.datasetLowNumExamples
            : anomalyCodes.datasetHighNumExamples
          : anomalyCodes.columnSetMismatch;
      return outcome(success, value, code, `${what} ${value} outside ${describeBounds(bounds)}`);
    },
  });
}

/** Factories of the table-level expectations, keyed by Great Expectations name. */
export const tableEvaluators = {
  expect_column_to_exist: (
    kwargs: ExpectationKwargs<'expect_column_to_exist'>,
  ): ExpectationEvaluator => ({
    columns: [],
    finish({ schema }) {
      const exists = findField(schema, kwargs.column) !== undefined;
      if (!exists)
        return outcome(
          false,
          false,
          anomalyCodes.columnMissing,
          `column ${kwargs.column} is missing`,
        );
      if (kwargs.column_index === undefined) return outcome(true, true, undefined, '');
      const index = schema.fields.findIndex(field => field.name === kwargs.column);
      return outcome(
        index === kwargs.column_index,
        index,
        anomalyCodes.columnOrderMismatch,
        `column ${kwargs.column} is at index ${index}, expected ${kwargs.column_index}`,
      );
    },
  }),
  expect_column_values_to_be_of_type: (
    kwargs: ExpectationKwargs<'expect_column_values_to_be_of_type'>,
  ): ExpectationEvaluator => ({
    columns: [kwargs.column],
    finish({ schema }) {
      const field = findField(schema, kwargs.column)!;
      const arrow = String(field.type);
      return outcome(
        fieldMatchesTypeName(field, kwargs.type_),
        arrow,
        anomalyCodes.unexpectedType,
        `column ${kwargs.column} is ${arrow} (${logicalTypeOf(field.type)}), expected ${kwargs.type_}`,
      );
    },
  }),
  expect_column_values_to_be_in_type_list: (
    kwargs: ExpectationKwargs<'expect_column_values_to_be_in_type_list'>,
  ): ExpectationEvaluator => ({
    columns: [kwargs.column],
    finish({ schema }) {
      const field = findField(schema, kwargs.column)!;
      const arrow = String(field.type);
      // Great Expectations: a null type_list accepts every type.
      const success =
        kwargs.type_list === null ||
        kwargs.type_list.some(typeName => fieldMatchesTypeName(field, typeName));
      return outcome(
        success,
        arrow,
        anomalyCodes.unexpectedType,
        `column ${kwargs.column} is ${arrow} (${logicalTypeOf(field.type)}), expected one of ${JSON.stringify(kwargs.type_list)}`,
      );
    },
  }),
  expect_table_row_count_to_be_between: countBetween('row count', ({ rowCount }) => rowCount),
  expect_table_column_count_to_be_between: countBetween('column count', ({ columns }) => columns),
  expect_table_row_count_to_equal: (
    kwargs: ExpectationKwargs<'expect_table_row_count_to_equal'>,
  ): ExpectationEvaluator => ({
    columns: [],
    finish: ({ rowCount }) =>
      outcome(
        rowCount === kwargs.value,
        rowCount,
        anomalyCodes.rowCountMismatch,
        `row count ${rowCount}, expected ${kwargs.value}`,
      ),
  }),
  expect_table_column_count_to_equal: (
    kwargs: ExpectationKwargs<'expect_table_column_count_to_equal'>,
  ): ExpectationEvaluator => ({
    columns: [],
    finish: ({ schema }) =>
      outcome(
        schema.fields.length === kwargs.value,
        schema.fields.length,
        anomalyCodes.columnSetMismatch,
        `column count ${schema.fields.length}, expected ${kwargs.value}`,
      ),
  }),
  expect_table_row_count_to_equal_other_table: (
    kwargs: ExpectationKwargs<'expect_table_row_count_to_equal_other_table'>,
  ): ExpectationEvaluator => ({
    columns: [],
    finish({ rowCount, otherTableRowCounts }) {
      const other = otherTableRowCounts[kwargs.other_table_name];
      if (other === undefined) {
        return outcome(
          false,
          { self: rowCount, other: null },
          anomalyCodes.otherTableMissing,
          `table ${kwargs.other_table_name} was not passed in options.otherTables`,
        );
      }
      return outcome(
        rowCount === other,
        { self: rowCount, other },
        anomalyCodes.rowCountMismatch,
        `row count ${rowCount}, ${kwargs.other_table_name} has ${other}`,
      );
    },
  }),
  expect_table_columns_to_match_set: (
    kwargs: ExpectationKwargs<'expect_table_columns_to_match_set'>,
  ): ExpectationEvaluator => ({
    columns: [],
    finish({ schema }) {
      const actual = schema.fields.map(field => field.name);
      const expected = new Set(kwargs.column_set);
      const missing = kwargs.column_set.filter(name => !actual.includes(name));
      const extra = actual.filter(name => !expected.has(name));
      const exact = kwargs.exact_match ?? true;
      const success = missing.length === 0 && (!exact || extra.length === 0);
      const result = {
        observed_value: actual,
        details: { mismatched: { unexpected: extra, missing } },
      };
      if (success) return { success, result };
      return {
        success,
        code: anomalyCodes.columnSetMismatch,
        message: `columns missing: ${JSON.stringify(missing)}; unexpected: ${JSON.stringify(exact ? extra : [])}`,
        result,
      };
    },
  }),
  expect_table_columns_to_match_ordered_list: (
    kwargs: ExpectationKwargs<'expect_table_columns_to_match_ordered_list'>,
  ): ExpectationEvaluator => ({
    columns: [],
    finish({ schema }) {
      const actual = schema.fields.map(field => field.name);
      const length = Math.max(actual.length, kwargs.column_list.length);
      const mismatched = Array.from({ length }, (_, index) => index)
        .filter(index => actual[index] !== kwargs.column_list[index])
        .map(index => ({
          index,
          expected: kwargs.column_list[index] ?? null,
          found: actual[index] ?? null,
        }));
      const result = { observed_value: actual, details: { mismatched } };
      if (mismatched.length === 0) return { success: true, result };
      return {
        success: false,
        code: anomalyCodes.columnOrderMismatch,
        message: `columns differ from the ordered list at ${mismatched.length} position(s)`,
        result,
      };
    },
  }),
};
