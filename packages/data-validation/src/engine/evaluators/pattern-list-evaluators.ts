import { anomalyCodes } from '../../anomaly-codes';
import { compileGuardedPattern } from '../../patterns/linear-pattern';
import type { ExpectationKwargs } from '../../suite/expectation-schemas';
import { type AsciiAutomaton, compileAsciiPattern } from '../ascii-pattern';
import type { ExpectationEvaluator } from '../expectation-evaluator';
import { compileLikePattern } from '../like-pattern';
import type { ValueTest } from '../scan-column';
import { columnMapEvaluator } from './column-map-evaluators';
import type { EvaluatorContext } from './evaluator-context';

/** One compiled pattern of a list: its engine test and the regex source the DFA may take. */
interface ListedPattern {
  /** `undefined` when the value is longer than the regex guard (counted as unexpected). */
  test(value: string): boolean | undefined;
  regex: string;
}

interface PatternListOptions {
  column: string;
  mostly: number | undefined;
  patterns: readonly ListedPattern[];
  matchOn: 'any' | 'all';
  /** `false` for the `not_match` variants: a value is unexpected when the list matches it. */
  expectMatch: boolean;
  maxInputLength: number;
}

/** Whether the list matches `value` (`any` or `all` of its patterns); `undefined` if undecidable. */
function listMatches(
  patterns: readonly ListedPattern[],
  all: boolean,
  value: string,
): boolean | undefined {
  for (const pattern of patterns) {
    const matched = pattern.test(value);
    if (matched === undefined) return undefined;
    if (matched !== all) return matched;
  }
  return all;
}

/**
 * A map expectation over a list of patterns, on string columns as the single regex check. On
 * plain UTF-8 columns the patterns the byte-level DFA can compile run on the undecoded bytes
 * (one automaton, or several combined per value); if any pattern is beyond the DFA, values are
 * decoded and tested with the compiled patterns.
 */
function patternListEvaluator(
  options: PatternListOptions,
  context: EvaluatorContext,
): ExpectationEvaluator {
  const { patterns, expectMatch, maxInputLength } = options;
  const all = options.matchOn === 'all';
  const string = (value: string) => {
    const matched = listMatches(patterns, all, value);
    return matched === undefined ? undefined : matched === expectMatch;
  };
  const automata: AsciiAutomaton[] = [];
  for (const pattern of patterns) {
    const ascii = compileAsciiPattern(pattern.regex);
    if (ascii === undefined) break;
    automata.push(ascii.automaton);
  }
  const bytesTest: Partial<ValueTest> =
    automata.length !== patterns.length
      ? {}
      : automata.length === 1
        ? { automaton: { ...automata[0]!, expectMatch, maxInputLength } }
        : { automata: { list: automata, matchOn: options.matchOn, expectMatch, maxInputLength } };
  const code = expectMatch ? anomalyCodes.patternMismatch : anomalyCodes.forbiddenPattern;
  return columnMapEvaluator(options.column, options.mostly, code, context, view =>
    view.kind === 'utf8' || view.kind === 'dictionary' || view.kind === 'generic'
      ? {
          string,
          value: value => (typeof value === 'string' ? string(value) : false),
          ...bytesTest,
        }
      : `column ${options.column} (${view.arrowType}) is not a string column`,
  );
}

function regexPatterns(list: readonly string[], context: EvaluatorContext): ListedPattern[] {
  return list.map((regex, index) => {
    const guarded = compileGuardedPattern(
      regex,
      `${context.path}.kwargs.regex_list[${index}]`,
      context.maxPatternInputLength,
    );
    return { test: value => guarded.test(value), regex };
  });
}

function likePatterns(list: readonly string[], field: string): ListedPattern[] {
  return list.map((source, index) => {
    const like = compileLikePattern(source, list.length === 1 ? field : `${field}[${index}]`);
    return { test: value => like.test(value), regex: like.regex };
  });
}

/** The kwargs every pattern-list expectation shares. */
interface PatternKwargs {
  column: string;
  mostly?: number | undefined;
  match_on?: 'any' | 'all' | undefined;
}

/**
 * One factory per expectation: where its patterns come from and whether values should match.
 * Only the matching variants read `match_on`; a value must match none of the patterns of the
 * `not_` ones, as Great Expectations defines them.
 */
function patternExpectation<Kwargs extends PatternKwargs>(
  patternsOf: (kwargs: Kwargs, context: EvaluatorContext) => ListedPattern[],
  expectMatch: boolean,
) {
  return (kwargs: Kwargs, context: EvaluatorContext) =>
    patternListEvaluator(
      {
        column: kwargs.column,
        mostly: kwargs.mostly,
        patterns: patternsOf(kwargs, context),
        matchOn: expectMatch ? (kwargs.match_on ?? 'any') : 'any',
        expectMatch,
        maxInputLength: context.maxPatternInputLength,
      },
      context,
    );
}

const fromRegexList = (kwargs: { regex_list: string[] }, context: EvaluatorContext) =>
  regexPatterns(kwargs.regex_list, context);
const fromLikePattern = (kwargs: { like_pattern: string }, context: EvaluatorContext) =>
  likePatterns([kwargs.like_pattern], `${context.path}.kwargs.like_pattern`);
const fromLikeList = (kwargs: { like_pattern_list: string[] }, context: EvaluatorContext) =>
  likePatterns(kwargs.like_pattern_list, `${context.path}.kwargs.like_pattern_list`);

/** Factories of the regex-list and SQL LIKE expectations, keyed by Great Expectations name. */
export const patternListEvaluators = {
  expect_column_values_to_match_regex_list: patternExpectation<
    ExpectationKwargs<'expect_column_values_to_match_regex_list'>
  >(fromRegexList, true),
  expect_column_values_to_not_match_regex_list: patternExpectation<
    ExpectationKwargs<'expect_column_values_to_not_match_regex_list'>
  >(fromRegexList, false),
  expect_column_values_to_match_like_pattern: patternExpectation<
    ExpectationKwargs<'expect_column_values_to_match_like_pattern'>
  >(fromLikePattern, true),
  expect_column_values_to_not_match_like_pattern: patternExpectation<
    ExpectationKwargs<'expect_column_values_to_not_match_like_pattern'>
  >(fromLikePattern, false),
  expect_column_values_to_match_like_pattern_list: patternExpectation<
    ExpectationKwargs<'expect_column_values_to_match_like_pattern_list'>
  >(fromLikeList, true),
  expect_column_values_to_not_match_like_pattern_list: patternExpectation<
    ExpectationKwargs<'expect_column_values_to_not_match_like_pattern_list'>
  >(fromLikeList, false),
};
