import { InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { parseSuite } from './parse-suite';
import { defineSuite } from './suite-builder';

describe('defineSuite', () => {
  it('builds the same suite as the equivalent YAML', () => {
    const built = defineSuite('orders', { default_environment: ['TRAINING'] })
      .expect(
        'expect_column_values_to_not_be_null',
        { column: 'id' },
        { severity: 'warning', id: 'id-present' },
      )
      .build();
    const parsed = parseSuite(`
name: orders
default_environment: [TRAINING]
expectations:
  - type: expect_column_values_to_not_be_null
    kwargs: { column: id }
    severity: warning
    id: id-present
`);
    expect(built).toEqual(parsed);
  });

  it('validates what it builds, naming the expectation path', () => {
    const error = (() => {
      try {
        return defineSuite('bad')
          .expect('expect_column_values_to_be_between', { column: 'a', mostly: 1.5 })
          .build();
      } catch (caught) {
        return caught;
      }
    })();
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as InvalidInputError).details).toMatchObject({
      path: 'expectations[0].kwargs.mostly',
    });
  });
});
