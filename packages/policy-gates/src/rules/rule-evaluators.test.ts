import { describe, expect, it } from 'vitest';
import { contextOf, ruleOf } from '../__fixtures__/rules';
import { evaluateRule } from './rule-evaluators';

describe('evaluateRule', () => {
  it('turns an evaluator crash into status error with RULE_ERROR instead of passing', () => {
    // A hand-made rule that skipped the schema: maxAge is not a duration, so the evaluator throws.
    const rule = { ...ruleOf('freshness', { maxAge: '7d' }), maxAge: 'soon' };
    const finding = evaluateRule(rule, contextOf());
    expect(finding).toMatchObject({ status: 'error', code: 'RULE_ERROR' });
    expect(finding.reason).toContain('Invalid duration "soon"');
  });
});
