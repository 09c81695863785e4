import {
  ballastFacetSpecs,
  ballastPolicyDecisionFacetFieldsSchema,
  InvalidInputError,
  type PolicyDecision,
} from '@ballast/contracts';
import { sha256Of } from '@ballast/kit';
import { describe, expect, it } from 'vitest';
import { mixedDecision } from '../__fixtures__/decisions';
import {
  POLICY_DECISION_FACET_SCHEMA_URL,
  POLICY_GATES_PRODUCER,
  policyDecisionFacet,
} from './policy-decision-facet';

describe('policyDecisionFacet', () => {
  const decision = mixedDecision();

  it("matches the contracts' facet field schema exactly", () => {
    const { _producer, _schemaURL, ...fields } = policyDecisionFacet(decision);
    expect(ballastPolicyDecisionFacetFieldsSchema.parse(fields)).toEqual(fields);
    expect(_producer).toBe(POLICY_GATES_PRODUCER);
    expect(_schemaURL).toBe(POLICY_DECISION_FACET_SCHEMA_URL);
    expect(_schemaURL).toContain(`/${ballastFacetSpecs.policyDecision.schemaName}.json#`);
  });

  it('carries the digest, counts and the rules that did not pass', () => {
    const facet = policyDecisionFacet(decision, { producer: 'https://github.com/acme/ml' });
    expect(facet).toMatchObject({
      _producer: 'https://github.com/acme/ml',
      decisionDigest: sha256Of(decision),
      policy: decision.policy,
      environment: decision.environment,
      outcome: 'deny',
      evaluatedAt: decision.evaluatedAt,
      ruleCounts: { pass: 1, fail: 2, warn: 2, waived: 1, error: 1 },
      evidence: decision.evidence,
    });
    expect(facet.rulesNotPassed.map(rule => rule.status)).not.toContain('pass');
    expect(facet.rulesNotPassed).toHaveLength(6);
  });

  it('refuses an invalid decision with InvalidInputError', () => {
    const broken = { ...decision, outcome: 'maybe' } as unknown as PolicyDecision;
    expect(() => policyDecisionFacet(broken)).toThrow(InvalidInputError);
  });
});
