import type { Evidence, PolicyDecision } from '@ballast/contracts';
import { describe, expectTypeOf, it } from 'vitest';
import { evaluate } from '../evaluation/evaluate';
import { definePolicy } from './load-policy';
import { driftRule, freshnessRule, metricThresholdRule } from './policy-builders';
import type { Policy, RuleOfKind } from './policy-schema';

describe('typed builders', () => {
  it('fix the kind and type the options of each rule', () => {
    const rule = metricThresholdRule({
      id: 'auc',
      description: 'd',
      metric: 'auc',
      change: { direction: 'higher_is_better', relative: -0.01 },
    });
    expectTypeOf(rule.kind).toEqualTypeOf<'metric-threshold'>();
    // @ts-expect-error a bound must be a number
    metricThresholdRule({ id: 'a', description: 'd', metric: 'auc', value: { lower: 'high' } });
    // @ts-expect-error direction is an enum
    metricThresholdRule({ id: 'a', description: 'd', metric: 'auc', change: { direction: 'up' } });
    // @ts-expect-error freshness needs maxAge
    freshnessRule({ id: 'f', description: 'd' });
    expectTypeOf(
      driftRule({ id: 'd', description: 'd', columns: ['amount'] }).kind,
    ).toEqualTypeOf<'drift'>();
  });

  it('builds policies that evaluate to PolicyDecision', () => {
    const policy = definePolicy({
      name: 'p',
      rules: [freshnessRule({ id: 'f', description: 'd', maxAge: '7d' })],
    });
    expectTypeOf(policy).toEqualTypeOf<Policy>();
    expectTypeOf(evaluate).parameter(1).toEqualTypeOf<Evidence | undefined>();
    expectTypeOf(evaluate(policy, undefined)).toEqualTypeOf<PolicyDecision>();
    expectTypeOf<RuleOfKind<'approvals'>['minApprovers']>().toEqualTypeOf<number>();
    expectTypeOf<RuleOfKind<'approvals'>['forbidAuthor']>().toEqualTypeOf<boolean>();
  });
});
