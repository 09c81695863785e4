import type { PolicyDecision } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { mixedDecision } from '../__fixtures__/decisions';
import { summarizePolicyDecision } from './policy-decision-summary';

describe('summarizePolicyDecision', () => {
  it('counts every status and lists the rules that did not pass, in order', () => {
    const base = mixedDecision();
    const result = (ruleId: string, status: PolicyDecision['results'][number]['status']) => ({
      ruleId,
      severity: 'deny' as const,
      status,
      reason: `${ruleId} ${status}`,
    });
    const decision: PolicyDecision = {
      ...base,
      results: [
        result('a', 'pass'),
        result('b', 'fail'),
        result('c', 'waived'),
        result('d', 'pass'),
        result('e', 'error'),
        result('f', 'warn'),
      ],
    };
    expect(summarizePolicyDecision(decision)).toEqual({
      ruleCounts: { pass: 2, fail: 1, warn: 1, waived: 1, error: 1 },
      rulesNotPassed: ['b fail', 'c waived', 'e error', 'f warn'].map(reason => {
        const [ruleId, status] = reason.split(' ') as [string, 'fail'];
        return { ruleId, severity: 'deny', status, reason };
      }),
    });
  });
});
