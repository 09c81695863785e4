import { tableFromJSON } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { validate } from '../validate';
import { inferSuite } from './infer-suite';
import { wilsonLowerBound } from './wilson-lower-bound';

const training = tableFromJSON(
  Array.from({ length: 200 }, (_, index) => ({
    age: index % 10 === 0 ? null : 20 + (index % 50),
    country: ['FR', 'DE', 'US'][index % 3]!,
    id: `id-${index}`,
    label: index % 2 === 0,
    user: { tier: index % 4 === 0 ? 'gold' : 'silver' },
  })),
);

describe('inferSuite', () => {
  it('proposes types, Wilson-bounded nullability, small string domains and nested paths', async () => {
    const suite = await inferSuite(training);
    const find = (type: string, column: string) =>
      suite.expectations.find(
        expectation =>
          expectation.type === type &&
          'column' in expectation.kwargs &&
          expectation.kwargs.column === column,
      );
    const ageNulls = find('expect_column_values_to_not_be_null', 'age');
    expect(ageNulls?.kwargs).toMatchObject({ mostly: expect.any(Number) });
    const mostly = (ageNulls?.kwargs as { mostly: number } | undefined)?.mostly ?? Number.NaN;
    expect(mostly).toBeCloseTo(wilsonLowerBound(180, 200), 5);
    expect(mostly).toBeLessThan(0.9);
    expect(find('expect_column_values_to_not_be_null', 'country')?.kwargs).toEqual({
      column: 'country',
    });
    expect(find('expect_column_values_to_be_in_set', 'country')?.kwargs).toEqual({
      column: 'country',
      value_set: ['DE', 'FR', 'US'],
    });
    expect(find('expect_column_values_to_be_in_set', 'id')).toBeUndefined(); // 200 distinct > 100
    expect(find('expect_column_values_to_be_in_set', 'user.tier')?.kwargs).toMatchObject({
      value_set: ['gold', 'silver'],
    });
    expect(find('expect_column_values_to_be_in_set', 'label')?.kwargs).toMatchObject({
      value_set: [false, true],
    });
    expect(find('expect_column_values_to_be_between', 'age')).toBeUndefined();
    expect(find('expect_column_values_to_be_of_type', 'age')?.kwargs).toMatchObject({
      type_: 'float',
    });

    const report = await validate(suite, training);
    expect(report.success).toBe(true);
  });

  it('proposes numeric ranges only when asked', async () => {
    const suite = await inferSuite(training, { numericRanges: true });
    const range = suite.expectations.find(
      expectation => expectation.type === 'expect_column_values_to_be_between',
    );
    // Ages 20 sit on rows 0, 50, 100, 150, which are the null ones.
    expect(range?.kwargs).toEqual({ column: 'age', min_value: 21, max_value: 69 });
  });

  it('marks features missing from an environment and validates serving data without the label', async () => {
    const serving = tableFromJSON([{ age: 30, country: 'FR', id: 'x', user: { tier: 'gold' } }]);
    const suite = await inferSuite(training, {
      environments: { TRAINING: training, SERVING: serving },
    });
    expect(suite.default_environment).toEqual(['TRAINING', 'SERVING']);
    const label = suite.expectations.filter(
      expectation => 'column' in expectation.kwargs && expectation.kwargs.column === 'label',
    );
    expect(label.every(expectation => expectation.not_in_environment?.includes('SERVING'))).toBe(
      true,
    );

    const servingReport = await validate(suite, serving, { environment: 'SERVING' });
    expect(servingReport.success).toBe(true);
    const withoutEnvironment = await validate(suite, serving);
    expect(
      withoutEnvironment.results.filter(result => result.code === 'COLUMN_MISSING').length,
    ).toBeGreaterThan(0);
  });
});
