import type { PolicyDecision, RuleResult } from '@ballast/contracts';

/** A rule that did not pass, as summaries list it. */
export interface RuleNotPassed {
  /** Id of the rule. */
  ruleId: string;
  /** The rule's severity. */
  severity: RuleResult['severity'];
  /** Why it did not pass: failed, warned, waived or errored. */
  status: Exclude<RuleResult['status'], 'pass'>;
  /** The result's explanation. */
  reason: string;
}

/** Counts of rule results per status, and the rules that did not pass with their reasons. */
export interface PolicyDecisionSummary {
  /** Number of results per status. */
  ruleCounts: Record<RuleResult['status'], number>;
  /** The results that did not pass, in the decision's order. */
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
