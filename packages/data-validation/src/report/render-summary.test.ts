import { tableFromJSON } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { defineSuite } from '../suite/suite-builder';
import { validate } from '../validate';
import { renderSummary } from './render-summary';

describe('renderSummary', () => {
  it('prints the verdict and the failures, errors first, with codes and sample values', async () => {
    const suite = defineSuite('orders')
      .expect(
        'expect_column_values_to_be_in_set',
        { column: 'country', value_set: ['FR'] },
        { severity: 'warning' },
      )
      .expect('expect_column_values_to_be_between', { column: 'amount', min_value: 0 })
      .expect('expect_table_row_count_to_be_between', { min_value: 1 })
      .build();
    const report = await validate(suite, tableFromJSON([{ country: 'DE', amount: -5 }]), {
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(renderSummary(report)).toBe(
      [
        'FAILED orders: 1/3 expectations met (33.3%)',
        '  ERROR   expect_column_values_to_be_between amount [VALUE_OUT_OF_RANGE]: 1 of 1 values unexpected (100.00%) e.g. -5',
        '  WARNING expect_column_values_to_be_in_set country [VALUE_NOT_IN_SET]: 1 of 1 values unexpected (100.00%) e.g. "DE"',
      ].join('\n'),
    );
    expect(renderSummary(report, { showPassed: true })).toContain(
      'ok      expect_table_row_count_to_be_between',
    );
  });
});
