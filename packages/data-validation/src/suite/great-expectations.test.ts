import { readFileSync } from 'node:fs';
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { validate } from '../validate';
import { parseSuite } from './parse-suite';
import { defineSuite } from './suite-builder';
import { toGxSuite } from './great-expectations';

const fixture = (name: string) =>
  readFileSync(new URL(`../__fixtures__/gx/${name}`, import.meta.url), 'utf8');

const orders = tableFromArrays({
  order_id: ['a', null, 'c', 'd'],
  amount: [10, -5, 20_000, 30],
  status: ['new', 'paid', 'lost', 'refund'],
});

describe('Great Expectations 1.x suites', () => {
  it('reads a GX 1.x export: ids, notes, description, meta, severity critical', () => {
    const suite = parseSuite(fixture('orders-gx1.json'), { sourceName: 'orders-gx1.json' });
    expect(suite).toMatchObject({
      name: 'orders_suite',
      id: '0f8a2c4e-5b1d-4e8f-9a6b-3c2d1e0f9a8b',
      notes: 'Orders landed by the nightly export.',
      meta: { great_expectations_version: '1.3.5' },
    });
    expect(suite.expectations.map(expectation => expectation.severity)).toEqual([
      'error',
      'warning',
      'info',
    ]);
    expect(suite.expectations[1]).toMatchObject({
      notes: ['Refunds are separate rows.', 'A few outliers are tolerated.'],
      description: 'Amounts are non-negative and below ten thousand',
    });
    expect(suite.expectations[2]).toMatchObject({
      row_condition: 'amount > 0',
      condition_parser: 'pandas',
    });
  });

  it('writes the same GX 1.x JSON back (round trip)', () => {
    const original = JSON.parse(fixture('orders-gx1.json'));
    expect(toGxSuite(parseSuite(original))).toEqual(original);
  });

  it('keeps ids, meta and notes in the report', async () => {
    const report = await validate(fixture('orders-gx1.json'), orders);
    expect(report.results.map(result => result.expectation)).toEqual([
      expect.objectContaining({
        id: '7c1e9d2a-3b4f-4a5e-8d6c-1f2e3d4c5b6a',
        meta: { owner: 'data-eng' },
        notes: 'Every order has an id.',
      }),
      expect.objectContaining({
        id: 'a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d',
        notes: ['Refunds are separate rows.', 'A few outliers are tolerated.'],
      }),
      expect.objectContaining({ id: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' }),
    ]);
    // The critical expectation fails, so the run fails; the others only warn or inform.
    expect(report.results.map(result => [result.success, result.severity])).toEqual([
      [false, 'error'],
      [false, 'warning'],
      [false, 'info'],
    ]);
    expect(report.success).toBe(false);
  });

  it('accepts the null fields GX writes for an unset id or notes', () => {
    const suite = parseSuite({
      name: 'bare',
      id: null,
      notes: null,
      meta: {},
      expectations: [
        {
          type: 'expect_column_to_exist',
          kwargs: { column: 'order_id' },
          meta: {},
          id: null,
          notes: null,
          severity: 'critical',
          rendered_content: null,
        },
      ],
    });
    expect(suite.expectations[0]).toEqual({
      type: 'expect_column_to_exist',
      kwargs: { column: 'order_id' },
      meta: {},
      severity: 'error',
    });
  });

  it('keeps TFDV environments through GX JSON in meta.ballast', () => {
    const suite = defineSuite('envs')
      .expect(
        'expect_column_values_to_not_be_null',
        { column: 'label' },
        { not_in_environment: ['SERVING'] },
      )
      .build();
    const withEnvironment = { ...suite, default_environment: ['TRAINING', 'SERVING'] };
    const gx = toGxSuite(withEnvironment);
    expect(gx.meta).toEqual({ ballast: { default_environment: ['TRAINING', 'SERVING'] } });
    expect(gx.expectations[0]?.meta).toEqual({ ballast: { not_in_environment: ['SERVING'] } });
    const back = parseSuite(gx);
    expect(back.default_environment).toEqual(['TRAINING', 'SERVING']);
    expect(back.expectations[0]).toEqual({
      ...withEnvironment.expectations[0],
      // GX has no default severity: Ballast's default `error` travels as `critical`.
      severity: 'error',
    });
  });
});

describe('Great Expectations 0.18 suites', () => {
  it('reads expectation_suite_name and expectation_type, keeping meta', () => {
    const suite = parseSuite(fixture('orders-gx018.json'));
    expect(suite.name).toBe('orders_suite');
    expect(suite.expectations.map(expectation => expectation.type)).toEqual([
      'expect_column_values_to_not_be_null',
      'expect_column_values_to_be_between',
    ]);
    expect(suite.expectations[0]?.meta).toEqual({
      notes: { format: 'markdown', content: 'Every order has an **id**.' },
    });
  });

  it('writes a 0.18 suite as GX 1.x JSON', () => {
    expect(toGxSuite(parseSuite(fixture('orders-gx018.json')))).toEqual({
      name: 'orders_suite',
      expectations: [
        {
          type: 'expect_column_values_to_not_be_null',
          kwargs: { column: 'order_id' },
          meta: { notes: { format: 'markdown', content: 'Every order has an **id**.' } },
          severity: 'critical',
        },
        {
          type: 'expect_column_values_to_be_between',
          kwargs: { column: 'amount', min_value: 0, max_value: 10000, mostly: 0.99 },
          meta: {},
          severity: 'critical',
        },
      ],
      meta: { great_expectations_version: '0.18.19' },
    });
  });

  it('still names the path of a misspelt kwarg in a 0.18 suite', () => {
    expect(() =>
      parseSuite({
        expectation_suite_name: 'typo',
        expectations: [{ expectation_type: 'expect_column_to_exist', kwargs: { colum: 'x' } }],
      }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_SUITE' }));
  });
});
