import { InvalidInputError } from '@ballast/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectationTypes } from './expectation-schemas';
import { parseSuite } from './parse-suite';
import { suggestExpectationTypes, unknownExpectationTypeMessage } from './unknown-expectation-type';

function parseError(type: string | undefined | number): InvalidInputError {
  const typeLine = type === undefined ? '' : `    type: ${JSON.stringify(type)}\n`;
  try {
    parseSuite(`name: x\nexpectations:\n  -\n${typeLine}    kwargs: {column: a}\n`);
  } catch (error) {
    if (InvalidInputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

/** Everything the error carries, as a user or a log would see it. */
function everything(error: InvalidInputError): string {
  return `${error.message}${JSON.stringify(error.details)}${(error.cause as Error | undefined)?.message ?? ''}`;
}

describe('unknown expectation types', () => {
  it('gets a short INVALID_SUITE error with a suggestion, at the type line', () => {
    const error = parseError('expect_colum_values_to_be_unique');
    expect(error.code).toBe('INVALID_SUITE');
    expect(error.message).toBe(
      'Invalid expectation suite (text) at expectations[0].type (line 4, column 11): unknown expectation type "expect_colum_values_to_be_unique"; did you mean "expect_column_values_to_be_unique"?',
    );
    // The catalog is never dumped: not in the message, the details or the zod cause.
    expect(everything(error).length).toBeLessThan(900);
    expect(everything(error)).not.toContain('expect_table_columns_to_match_ordered_list');
  });

  it('suggests the full name for a fragment and neighbours for a near name', () => {
    expect(suggestExpectationTypes('values_to_be_unique', expectationTypes)).toContain(
      'expect_column_values_to_be_unique',
    );
    expect(
      suggestExpectationTypes('expect_column_value_length_to_equal', expectationTypes)[0],
    ).toBe('expect_column_value_lengths_to_equal');
  });

  it('says when nothing is close, without listing the catalog', () => {
    const message = unknownExpectationTypeMessage('check_everything', expectationTypes);
    expect(message).toBe(
      `unknown expectation type "check_everything" (${expectationTypes.length} types are supported; see expectationTypes)`,
    );
  });

  it('names GX expectations Ballast does not implement as unsupported', () => {
    expect(parseError('expect_column_kl_divergence_to_be_less_than').message).toContain(
      'unsupported expectation type "expect_column_kl_divergence_to_be_less_than"',
    );
  });

  it('reports a missing or non-string type briefly', () => {
    expect(parseError(undefined).message).toContain('missing expectation type');
    expect(parseError(42).message).toContain('expected an expectation type name, got number');
    const error = (() => {
      try {
        parseSuite({ name: 'x', expectations: [{ type: '__proto__', kwargs: {} }] });
      } catch (caught) {
        return caught as InvalidInputError;
      }
    })();
    expect(error?.message).toContain('unknown expectation type "__proto__"');
  });

  it('keeps every error short whatever the type (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), type => {
        fc.pre(!expectationTypes.includes(type as never));
        const message = unknownExpectationTypeMessage(type, expectationTypes);
        expect(message.length).toBeLessThan(400);
        expect(message).not.toContain('expect_table_columns_to_match_ordered_list" or');
      }),
      { numRuns: 200 },
    );
  });

  it('leaves known types alone', () => {
    expect(() =>
      parseSuite({
        name: 'x',
        expectations: [{ type: 'expect_column_values_to_not_be_null', kwargs: { column: 'a' } }],
      }),
    ).not.toThrow();
  });
});
