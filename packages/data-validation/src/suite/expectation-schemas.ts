import { SPEC_VERSION, severitySchema } from '@ballast/contracts';
import { z } from 'zod';
import { fromGxExpectation, fromGxSuite } from './great-expectations';
import {
  type ConditionParser,
  conditionParsers,
  parseRowCondition,
  type RowConditionSyntaxError,
  unconditionalExpectationTypes,
} from './row-condition';
import { unknownExpectationTypeMessage } from './unknown-expectation-type';

const column = z.string().min(1, 'expected a column name or dot path');
const columnList = z.array(column).min(1, 'expected at least one column');
const mostly = z
  .number()
  .min(0)
  .max(1)
  .optional()
  .describe('minimum share of non-null rows that must pass');
const bound = z
  .union([z.number(), z.string()])
  .nullable()
  .optional()
  .describe('a number, or an ISO 8601 date-time for date and timestamp columns');
const numericBound = z.number().nullable().optional();
const strictBounds = { strict_min: z.boolean().optional(), strict_max: z.boolean().optional() };
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const valueSet = z.array(scalar);

const columnMap = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.strictObject({ column, mostly, ...shape });
const aggregateBetween = z.strictObject({
  column,
  min_value: bound,
  max_value: bound,
  ...strictBounds,
});
const regexKwargs = columnMap({ regex: z.string().min(1, 'expected a regular expression') });
const regexList = z
  .array(z.string().min(1, 'expected a regular expression'))
  .min(1, 'expected at least one regular expression');
const matchOn = z
  .enum(['any', 'all'])
  .optional()
  .describe('whether a value must match any (default) or all of the patterns');
const likePattern = z.string().min(1, 'expected a SQL LIKE pattern such as "id-%"');
const likePatternList = z.array(likePattern).min(1, 'expected at least one SQL LIKE pattern');
const monotonicKwargs = columnMap({ strictly: z.boolean().optional() });
const setKwargs = columnMap({ value_set: valueSet });
const distinctSetKwargs = z.strictObject({ column, value_set: valueSet });
const rowIgnoreRule = z.enum(['all_values_are_missing', 'any_value_is_missing', 'never']);
const pairIgnoreRowIf = z
  .enum(['both_values_are_missing', 'either_value_is_missing', 'neither'])
  .optional();
const withinRecordKwargs = z.strictObject({
  column_list: columnList,
  mostly,
  ignore_row_if: rowIgnoreRule
    .optional()
    .describe('rows left out: all_values_are_missing (default), any_value_is_missing or never'),
});

/**
 * The kwargs accepted by each expectation, keyed by its Great Expectations name. Every schema
 * is strict, so a misspelt kwarg is an error naming its path rather than a silently ignored key.
 */
export const expectationKwargsSchemas = {
  expect_column_to_exist: z.strictObject({
    column,
    column_index: z.number().int().min(0).optional(),
  }),
  expect_column_values_to_be_of_type: z.strictObject({
    column,
    type_: z.string().min(1, 'expected a type name such as "float", "string" or "Int32"'),
  }),
  expect_column_values_to_be_in_type_list: z.strictObject({
    column,
    type_list: z
      .array(z.string().min(1, 'expected a type name such as "float", "string" or "Int32"'))
      .min(1, 'expected at least one type name, or null to accept any type')
      .nullable(),
  }),
  expect_column_values_to_not_be_null: columnMap({}),
  expect_column_values_to_be_null: columnMap({}),
  expect_column_values_to_be_between: columnMap({
    min_value: bound,
    max_value: bound,
    ...strictBounds,
    parse_strings_as_datetimes: z.boolean().optional(),
  }),
  expect_column_values_to_be_in_set: setKwargs,
  expect_column_values_to_not_be_in_set: setKwargs,
  expect_column_values_to_match_regex: regexKwargs,
  expect_column_values_to_not_match_regex: regexKwargs,
  expect_column_values_to_match_regex_list: columnMap({ regex_list: regexList, match_on: matchOn }),
  expect_column_values_to_not_match_regex_list: columnMap({ regex_list: regexList }),
  expect_column_values_to_match_like_pattern: columnMap({ like_pattern: likePattern }),
  expect_column_values_to_not_match_like_pattern: columnMap({ like_pattern: likePattern }),
  expect_column_values_to_match_like_pattern_list: columnMap({
    like_pattern_list: likePatternList,
    match_on: matchOn,
  }),
  expect_column_values_to_not_match_like_pattern_list: columnMap({
    like_pattern_list: likePatternList,
  }),
  expect_column_values_to_be_increasing: monotonicKwargs,
  expect_column_values_to_be_decreasing: monotonicKwargs,
  expect_column_values_to_be_unique: columnMap({}),
  expect_compound_columns_to_be_unique: z.strictObject({
    column_list: columnList,
    mostly,
    ignore_row_if: z.enum(['all_values_are_missing', 'any_value_is_missing', 'never']).optional(),
  }),
  expect_column_value_lengths_to_be_between: columnMap({
    min_value: numericBound,
    max_value: numericBound,
    ...strictBounds,
  }),
  expect_column_value_lengths_to_equal: columnMap({
    value: z.number().int().min(0).describe('the length every value must have'),
  }),
  expect_column_values_to_be_dateutil_parseable: columnMap({}),
  expect_column_values_to_be_json_parseable: columnMap({}),
  expect_column_values_to_match_strftime_format: columnMap({
    strftime_format: z.string().min(1, 'expected a strftime format such as "%Y-%m-%d"'),
  }),
  expect_column_values_to_match_json_schema: columnMap({
    json_schema: z.record(z.string(), z.unknown()),
  }),
  expect_column_value_z_scores_to_be_less_than: columnMap({
    threshold: z
      .number()
      .describe('z-scores must be below it (in absolute value when double_sided)'),
    double_sided: z.boolean().describe('compare |z| with |threshold| rather than z with threshold'),
  }),
  expect_column_min_to_be_between: aggregateBetween,
  expect_column_max_to_be_between: aggregateBetween,
  expect_column_mean_to_be_between: aggregateBetween,
  expect_column_median_to_be_between: aggregateBetween,
  expect_column_stdev_to_be_between: aggregateBetween,
  expect_column_sum_to_be_between: aggregateBetween,
  expect_column_quantile_values_to_be_between: z.strictObject({
    column,
    quantile_ranges: z
      .strictObject({
        quantiles: z.array(z.number().min(0).max(1)).min(1),
        value_ranges: z.array(z.tuple([z.number().nullable(), z.number().nullable()])),
      })
      .refine(ranges => ranges.quantiles.length === ranges.value_ranges.length, {
        message: 'quantiles and value_ranges must have the same length',
        path: ['value_ranges'],
      }),
    allow_relative_error: z.enum(['nearest', 'linear', 'lower', 'higher', 'midpoint']).optional(),
  }),
  expect_column_distinct_values_to_be_in_set: distinctSetKwargs,
  expect_column_distinct_values_to_contain_set: distinctSetKwargs,
  expect_column_distinct_values_to_equal_set: distinctSetKwargs,
  expect_column_proportion_of_unique_values_to_be_between: z.strictObject({
    column,
    min_value: numericBound,
    max_value: numericBound,
    ...strictBounds,
  }),
  expect_column_proportion_of_non_null_values_to_be_between: z.strictObject({
    column,
    min_value: numericBound,
    max_value: numericBound,
    ...strictBounds,
  }),
  expect_column_unique_value_count_to_be_between: z.strictObject({
    column,
    min_value: numericBound,
    max_value: numericBound,
    ...strictBounds,
  }),
  expect_column_most_common_value_to_be_in_set: z.strictObject({
    column,
    value_set: valueSet,
    ties_okay: z.boolean().optional(),
  }),
  expect_column_pair_values_a_to_be_greater_than_b: z.strictObject({
    column_A: column,
    column_B: column,
    or_equal: z.boolean().optional(),
    mostly,
    ignore_row_if: pairIgnoreRowIf,
  }),
  expect_column_pair_values_to_be_equal: z.strictObject({
    column_A: column,
    column_B: column,
    mostly,
    ignore_row_if: pairIgnoreRowIf,
  }),
  expect_column_pair_values_to_be_in_set: z.strictObject({
    column_A: column,
    column_B: column,
    value_pairs_set: z
      .array(z.tuple([scalar.nullable(), scalar.nullable()]))
      .describe('the allowed (A, B) pairs'),
    mostly,
    ignore_row_if: pairIgnoreRowIf,
  }),
  expect_select_column_values_to_be_unique_within_record: withinRecordKwargs,
  expect_multicolumn_values_to_be_unique: withinRecordKwargs,
  expect_multicolumn_sum_to_equal: z.strictObject({
    column_list: columnList,
    sum_total: z.number(),
    mostly,
    ignore_row_if: z.enum(['all_values_are_missing', 'any_value_is_missing', 'never']).optional(),
  }),
  expect_table_row_count_to_be_between: z.strictObject({
    min_value: numericBound,
    max_value: numericBound,
    ...strictBounds,
  }),
  expect_table_row_count_to_equal: z.strictObject({ value: z.number().int().min(0) }),
  expect_table_row_count_to_equal_other_table: z.strictObject({
    other_table_name: z
      .string()
      .min(1, 'expected the name of a table passed in options.otherTables'),
  }),
  expect_table_column_count_to_be_between: z.strictObject({
    min_value: numericBound,
    max_value: numericBound,
    ...strictBounds,
  }),
  expect_table_column_count_to_equal: z.strictObject({ value: z.number().int().min(0) }),
  expect_table_columns_to_match_set: z.strictObject({
    column_set: z.array(column),
    exact_match: z.boolean().optional(),
  }),
  expect_table_columns_to_match_ordered_list: z.strictObject({ column_list: z.array(column) }),
} as const;

/** The Great Expectations name of a supported expectation. */
export type ExpectationType = keyof typeof expectationKwargsSchemas;

/** The kwargs of expectation `Type`, as written in a suite (defaults not yet applied). */
export type ExpectationKwargs<Type extends ExpectationType> = z.output<
  (typeof expectationKwargsSchemas)[Type]
>;

/** The names of every supported expectation, in catalog order. */
export const expectationTypes = Object.keys(expectationKwargsSchemas) as ExpectationType[];

const notes = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .describe('free text, or a list of paragraphs (GX 1.x)');
const commonFields = {
  id: z.string().optional(),
  severity: severitySchema
    .optional()
    .describe('error (default; GX 1.x "critical"), warning or info'),
  meta: z.record(z.string(), z.unknown()).optional(),
  notes,
  description: z.string().optional(),
  in_environment: z.array(z.string()).optional().describe('TFDV environments this applies in'),
  not_in_environment: z.array(z.string()).optional().describe('TFDV environments it is skipped in'),
  row_condition: z
    .string()
    .min(1, 'expected a condition such as "amount > 0"')
    .optional()
    .describe('evaluate the expectation only on the rows where this condition holds'),
  condition_parser: z
    .enum(conditionParsers as [ConditionParser, ...ConditionParser[]])
    .optional()
    .describe('syntax of row_condition: pandas or great_expectations'),
};

/** Fields every expectation may carry besides `type` and `kwargs`. */
export interface ExpectationCommonFields {
  id?: string | undefined;
  severity?: 'error' | 'warning' | 'info' | undefined;
  meta?: Record<string, unknown> | undefined;
  /** Free text, or a list of paragraphs as GX 1.x writes it. */
  notes?: string | string[] | undefined;
  /** GX 1.x's one-line description of the expectation. */
  description?: string | undefined;
  in_environment?: string[] | undefined;
  not_in_environment?: string[] | undefined;
  /**
   * Great Expectations' conditional expectations: the expectation is evaluated only on the rows
   * where this condition holds (see `parseRowCondition` for the supported syntax).
   */
  row_condition?: string | undefined;
  /** Syntax of `row_condition`; required with it. */
  condition_parser?: ConditionParser | undefined;
}

/**
 * One expectation of a suite, in the shape Great Expectations serialises
 * (`{ type, kwargs, meta, id }`) plus `severity` and TFDV-style environments.
 */
export type ExpectationConfiguration = {
  [Type in ExpectationType]: {
    type: Type;
    kwargs: ExpectationKwargs<Type>;
  } & ExpectationCommonFields;
}[ExpectationType];

/**
 * Great Expectations serialises `row_condition` and `condition_parser` among the kwargs; they
 * are moved up beside `type` so kwargs schemas stay strict and the engine finds them in one place.
 */
function hoistCondition(input: unknown): unknown {
  if (input === null || typeof input !== 'object') return input;
  const { kwargs } = input as { kwargs?: unknown };
  if (kwargs === null || typeof kwargs !== 'object') return input;
  const { row_condition, condition_parser, ...rest } = kwargs as Record<string, unknown>;
  if (row_condition === undefined && condition_parser === undefined) return input;
  const top = input as Record<string, unknown>;
  // Written in both places: left alone, so the strict kwargs schema reports the duplicate.
  if (top.row_condition !== undefined || top.condition_parser !== undefined) return input;
  return {
    ...top,
    kwargs: rest,
    ...(row_condition === undefined ? {} : { row_condition }),
    ...(condition_parser === undefined ? {} : { condition_parser }),
  };
}

const expectationOptions = expectationTypes.map(type =>
  z.strictObject({
    type: z.literal(type),
    kwargs: expectationKwargsSchemas[type],
    ...commonFields,
  }),
);

/**
 * zod schema of one {@link ExpectationConfiguration}, discriminated on `type`.
 */
export const expectationConfigurationSchema = z.preprocess(
  (input, context) => {
    const expectation = hoistCondition(fromGxExpectation(input));
    if (expectation === null || typeof expectation !== 'object' || Array.isArray(expectation))
      return expectation;
    const { type } = expectation as { type?: unknown };
    // Checked before the discriminated union, whose own message lists every known type.
    if (typeof type !== 'string' || !Object.hasOwn(expectationKwargsSchemas, type)) {
      context.addIssue({
        code: 'custom',
        path: ['type'],
        message: unknownExpectationTypeMessage(type, expectationTypes),
        input: type,
      });
    }
    return expectation;
  },
  z
    .discriminatedUnion(
      'type',
      expectationOptions as unknown as [
        (typeof expectationOptions)[number],
        ...(typeof expectationOptions)[number][],
      ],
    )
    .superRefine((expectation, context) => {
      const {
        row_condition: condition,
        condition_parser: parser,
        type,
      } = expectation as {
        row_condition?: string;
        condition_parser?: ConditionParser;
        type: string;
      };
      if (condition === undefined) return;
      if (unconditionalExpectationTypes.has(type)) {
        context.addIssue({
          code: 'custom',
          path: ['row_condition'],
          message: `${type} reads the schema, not rows, and takes no row_condition`,
        });
        return;
      }
      if (parser === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['condition_parser'],
          message:
            'condition_parser is required with a row_condition ("pandas" or "great_expectations")',
        });
        return;
      }
      try {
        parseRowCondition(condition, parser);
      } catch (error) {
        const cause = (error as { cause?: unknown }).cause;
        context.addIssue({
          code: 'custom',
          path: ['row_condition'],
          message:
            cause instanceof Error && 'describe' in cause
              ? (cause as RowConditionSyntaxError).describe()
              : (error as Error).message,
        });
      }
    }),
) as unknown as z.ZodType<ExpectationConfiguration>;

/** A named list of expectations, optionally with TFDV default environments. */
export interface ExpectationSuite {
  kind: 'ExpectationSuite';
  specVersion: typeof SPEC_VERSION;
  name: string;
  /** The suite's id (GX 1.x `id`, GX 0.18 `ge_cloud_id`). */
  id?: string | undefined;
  meta?: Record<string, unknown> | undefined;
  /** Free text, or a list of paragraphs (GX 1.x). */
  notes?: string | string[] | undefined;
  default_environment?: string[] | undefined;
  expectations: ExpectationConfiguration[];
}

/**
 * zod schema of an {@link ExpectationSuite} document. `kind` and `specVersion` may be omitted
 * in hand-written files and are filled in.
 */
export const expectationSuiteSchema: z.ZodType<ExpectationSuite, unknown> = z.preprocess(
  fromGxSuite,
  z.strictObject({
    kind: z.literal('ExpectationSuite').default('ExpectationSuite'),
    specVersion: z.literal(SPEC_VERSION).default(SPEC_VERSION),
    name: z.string().min(1, 'expected a non-empty suite name'),
    id: z.string().optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    notes,
    default_environment: z.array(z.string()).optional(),
    expectations: z.array(expectationConfigurationSchema),
  }),
) as unknown as z.ZodType<ExpectationSuite, unknown>;
