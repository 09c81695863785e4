import type { PolicyDecision, RuleResult } from './schemas/policy-decision';

/** A rule that did not pass, as summaries list it. */
export interface RuleNotPassed {
  ruleId: string;
  severity: RuleResult['severity'];
  status: Exclude<RuleResult['status'], 'pass'>;
  reason: string;
}

/** Counts of rule results per status, and the rules that did not pass with their reasons. */
export interface PolicyDecisionSummary {
  ruleCounts: Record<RuleResult['status'], number>;
  rulesNotPassed: RuleNotPassed[];
}

/**
 * Summarises a decision's rule results, the shape the `ballast_policyDecision` lineage facet
 * carries, so every producer of that facet counts the same way.
 *
 * @example
 * ```ts
 * const { ruleCounts, rulesNotPassed } = summarizePolicyDecision(decision);
 * console.log(`${ruleCounts.fail} failed`, rulesNotPassed.map(rule => rule.reason));
 * ```
 */
export function summarizePolicyDecision(decision: PolicyDecision): PolicyDecisionSummary {
  const ruleCounts = { pass: 0, fail: 0, warn: 0, waived: 0, error: 0 };
  const rulesNotPassed: RuleNotPassed[] = [];
  for (const { ruleId, severity, status, reason } of decision.results) {
    ruleCounts[status] += 1;
    if (status !== 'pass') rulesNotPassed.push({ ruleId, severity, status, reason });
  }
  return { ruleCounts, rulesNotPassed };
}
