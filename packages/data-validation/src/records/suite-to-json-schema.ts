import { compileLikePattern } from '../engine/like-pattern';
import type { ExpectationConfiguration, ExpectationSuite } from '../suite/expectation-schemas';

/** A JSON Schema object (draft 2020-12 keywords that ajv's default draft-07 also reads). */
export type JsonSchema = Record<string, unknown>;

/** The JSON Schema for a suite and the expectations it could not express. */
export interface SuiteJsonSchema {
  schema: JsonSchema;
  /**
   * Expectations left out: aggregates, uniqueness, cross-column checks, `mostly` below 1, and
   * conditional ones (`row_condition`).
   */
  skipped: Array<{ index: number; type: string; reason: string }>;
}

const logicalToJsonType: Record<string, string[]> = {
  integer: ['integer'],
  int: ['integer'],
  float: ['number'],
  number: ['number'],
  string: ['string'],
  categorical: ['string'],
  str: ['string'],
  boolean: ['boolean'],
  bool: ['boolean'],
  struct: ['object'],
  list: ['array'],
};

function propertyAt(
  root: JsonSchema,
  path: string,
): { property: JsonSchema; parent: JsonSchema; name: string } {
  const parts = path.split('.');
  let parent = root;
  for (const part of parts.slice(0, -1)) {
    const properties = (parent.properties ??= {}) as Record<string, JsonSchema>;
    parent = properties[part] ??= { type: ['object', 'null'] };
  }
  const name = parts[parts.length - 1]!;
  const properties = (parent.properties ??= {}) as Record<string, JsonSchema>;
  const property = (properties[name] ??= {});
  return { property, parent, name };
}

/** JSON Schema keywords requiring `any` or `all` of `patterns` (non-strings pass, as nulls). */
function patternsFragment(patterns: readonly string[], matchOn: 'any' | 'all'): JsonSchema {
  if (patterns.length === 1) return { pattern: patterns[0] };
  return { [matchOn === 'all' ? 'allOf' : 'anyOf']: patterns.map(pattern => ({ pattern })) };
}

function likeRegexes(patterns: readonly string[], field: string): string[] {
  return patterns.map(
    (pattern, index) =>
      compileLikePattern(pattern, patterns.length === 1 ? field : `${field}[${index}]`).regex,
  );
}

function constraintsOf(
  expectation: ExpectationConfiguration,
  path: string,
):
  | { column: string; apply: (property: JsonSchema, parent: JsonSchema, name: string) => void }
  | string {
  if (expectation.row_condition !== undefined) {
    // A per-record rule that holds only on some rows would need the condition in JSON Schema.
    return 'row_condition is not translated to JSON Schema; use the Arrow engine';
  }
  if (
    'mostly' in expectation.kwargs &&
    expectation.kwargs.mostly !== undefined &&
    expectation.kwargs.mostly < 1
  ) {
    return 'mostly below 1 is a share over all rows, not a per-record rule';
  }
  switch (expectation.type) {
    case 'expect_column_values_to_not_be_null': {
      return {
        column: expectation.kwargs.column,
        apply: (property, parent, name) => {
          parent.required = [...new Set([...((parent.required as string[]) ?? []), name])];
          property.not = { type: 'null' };
        },
      };
    }
    case 'expect_column_values_to_be_between': {
      const { min_value, max_value, strict_min, strict_max } = expectation.kwargs;
      if (
        typeof min_value === 'string' ||
        typeof max_value === 'string' ||
        expectation.kwargs.parse_strings_as_datetimes
      ) {
        return 'date bounds have no JSON Schema keyword';
      }
      return {
        column: expectation.kwargs.column,
        apply: property => {
          if (min_value != null) property[strict_min ? 'exclusiveMinimum' : 'minimum'] = min_value;
          if (max_value != null) property[strict_max ? 'exclusiveMaximum' : 'maximum'] = max_value;
        },
      };
    }
    case 'expect_column_values_to_be_in_set':
      return {
        column: expectation.kwargs.column,
        apply: property => void (property.enum = [...expectation.kwargs.value_set, null]),
      };
    case 'expect_column_values_to_not_be_in_set':
      return {
        column: expectation.kwargs.column,
        apply: property => void (property.not = { enum: expectation.kwargs.value_set }),
      };
    case 'expect_column_values_to_match_regex':
      return {
        column: expectation.kwargs.column,
        apply: property => void (property.pattern = expectation.kwargs.regex),
      };
    case 'expect_column_values_to_not_match_regex':
      return {
        column: expectation.kwargs.column,
        apply: property =>
          void (property.not = { type: 'string', pattern: expectation.kwargs.regex }),
      };
    case 'expect_column_value_lengths_to_be_between': {
      const { min_value, max_value } = expectation.kwargs;
      return {
        column: expectation.kwargs.column,
        apply: property => {
          if (min_value != null) property.minLength = property.minItems = min_value;
          if (max_value != null) property.maxLength = property.maxItems = max_value;
        },
      };
    }
    case 'expect_column_value_lengths_to_equal': {
      const { value } = expectation.kwargs;
      return {
        column: expectation.kwargs.column,
        apply: property => {
          property.minLength = property.maxLength = value;
          property.minItems = property.maxItems = value;
        },
      };
    }
    case 'expect_column_values_to_be_of_type': {
      const types = logicalToJsonType[expectation.kwargs.type_.toLowerCase()];
      if (!types) return `type ${expectation.kwargs.type_} has no JSON Schema type`;
      return {
        column: expectation.kwargs.column,
        apply: property => void (property.type = [...types, 'null']),
      };
    }
    case 'expect_column_values_to_be_in_type_list': {
      const { type_list } = expectation.kwargs;
      if (type_list === null) return 'a null type_list accepts every type';
      const types = type_list.map(typeName => logicalToJsonType[typeName.toLowerCase()]);
      const untranslated = type_list.filter((_, index) => types[index] === undefined);
      if (untranslated.length > 0) return `type ${untranslated.join(', ')} has no JSON Schema type`;
      return {
        column: expectation.kwargs.column,
        apply: property => void (property.type = [...new Set([...types.flat(), 'null'])]),
      };
    }
    case 'expect_column_values_to_match_regex_list':
      return {
        column: expectation.kwargs.column,
        apply: property =>
          void Object.assign(
            property,
            patternsFragment(expectation.kwargs.regex_list, expectation.kwargs.match_on ?? 'any'),
          ),
      };
    case 'expect_column_values_to_not_match_regex_list':
      return {
        column: expectation.kwargs.column,
        apply: property =>
          void (property.not = {
            type: 'string',
            ...patternsFragment(expectation.kwargs.regex_list, 'any'),
          }),
      };
    case 'expect_column_values_to_match_like_pattern':
    case 'expect_column_values_to_not_match_like_pattern':
    case 'expect_column_values_to_match_like_pattern_list':
    case 'expect_column_values_to_not_match_like_pattern_list': {
      const { kwargs } = expectation;
      const listed = 'like_pattern_list' in kwargs;
      const regexes = likeRegexes(
        listed ? kwargs.like_pattern_list : [kwargs.like_pattern],
        `${path}.kwargs.${listed ? 'like_pattern_list' : 'like_pattern'}`,
      );
      const fragment = patternsFragment(
        regexes,
        ('match_on' in kwargs && kwargs.match_on) || 'any',
      );
      const negated = expectation.type.includes('_not_match_');
      return {
        column: kwargs.column,
        apply: property =>
          void (negated
            ? (property.not = { type: 'string', ...fragment })
            : Object.assign(property, fragment)),
      };
    }
    case 'expect_column_values_to_be_increasing':
    case 'expect_column_values_to_be_decreasing':
      return 'compares each record with the previous one, not a per-record rule';
    case 'expect_column_values_to_match_json_schema':
      return {
        column: expectation.kwargs.column,
        apply: property =>
          void (property.anyOf = [{ type: 'null' }, expectation.kwargs.json_schema]),
      };
    case 'expect_column_to_exist':
      return {
        column: expectation.kwargs.column,
        apply: (_, parent, name) =>
          void (parent.required = [...new Set([...((parent.required as string[]) ?? []), name])]),
      };
    default:
      return 'not a per-record rule (aggregate, uniqueness, cross-column or table-level)';
  }
}

/**
 * Translates the row-level expectations of a suite into one JSON Schema for records, so JSON
 * objects can be checked one by one with ajv. Constraints of one column that share a keyword
 * (two `not` rules) are combined with `allOf`. Nulls pass every rule but not-null, as in the
 * Arrow engine.
 *
 * @example
 * ```ts
 * const { schema, skipped } = suiteToJsonSchema(suite);
 * const check = new Ajv().compile(schema);
 * ```
 */
export function suiteToJsonSchema(suite: ExpectationSuite): SuiteJsonSchema {
  const schema: JsonSchema = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' };
  const skipped: SuiteJsonSchema['skipped'] = [];
  suite.expectations.forEach((expectation, index) => {
    const constraint = constraintsOf(expectation, `expectations[${index}]`);
    if (typeof constraint === 'string') {
      skipped.push({ index, type: expectation.type, reason: constraint });
      return;
    }
    const { property, parent, name } = propertyAt(schema, constraint.column);
    const fragment: JsonSchema = {};
    constraint.apply(fragment, parent, name);
    const clashes = Object.keys(fragment).some(key => key in property);
    if (clashes) property.allOf = [...((property.allOf as JsonSchema[]) ?? []), fragment];
    else Object.assign(property, fragment);
  });
  return { schema, skipped };
}
