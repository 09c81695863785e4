import { describe, expectTypeOf, it } from 'vitest';
import type { ExpectationKwargs } from './expectation-schemas';
import { defineSuite } from './suite-builder';

describe('defineSuite types', () => {
  it('checks kwargs against the expectation named', () => {
    defineSuite('typed').expect('expect_column_values_to_be_between', {
      column: 'a',
      min_value: 0,
      strict_min: true,
    });
    // @ts-expect-error value_set is required for in_set
    defineSuite('typed').expect('expect_column_values_to_be_in_set', { column: 'a' });
    // @ts-expect-error unknown expectation names are rejected
    defineSuite('typed').expect('expect_magic', { column: 'a' });
    expectTypeOf<
      ExpectationKwargs<'expect_column_pair_values_a_to_be_greater_than_b'>
    >().toHaveProperty('column_A');
  });
});
