import type { Rule } from '../policy/policy-schema';
import { evaluateApprovals } from './approvals';
import { evaluateArtifactIntegrity } from './artifact-integrity';
import { evaluateCustomPredicate } from './custom-predicate';
import { evaluateDataValidation } from './data-validation';
import { evaluateDrift } from './drift';
import { evaluateFreshness } from './freshness';
import { evaluateLineageCompleteness } from './lineage-completeness';
import { evaluateMetricThreshold } from './metric-threshold';
import { evaluateRequiredMetadata } from './required-metadata';
import {
  type RuleContext,
  type RuleEvaluator,
  type RuleFinding,
  reasonCodes,
} from './rule-finding';
import { evaluateSliceGap } from './slice-gap';

const evaluators: { [Kind in Rule['kind']]: RuleEvaluator<Kind> } = {
  'metric-threshold': evaluateMetricThreshold,
  'slice-gap': evaluateSliceGap,
  drift: evaluateDrift,
  'data-validation': evaluateDataValidation,
  'required-metadata': evaluateRequiredMetadata,
  approvals: evaluateApprovals,
  'artifact-integrity': evaluateArtifactIntegrity,
  'lineage-completeness': evaluateLineageCompleteness,
  freshness: evaluateFreshness,
  custom: evaluateCustomPredicate,
};

/** Runs the evaluator of the rule's kind; an unexpected throw becomes status `error`. */
export function evaluateRule(rule: Rule, context: RuleContext): RuleFinding {
  const evaluator = evaluators[rule.kind] as RuleEvaluator<Rule['kind']>;
  try {
    return evaluator(rule, context);
  } catch (error) {
    return {
      status: 'error',
      code: reasonCodes.ruleError,
      reason: `Rule "${rule.id}" could not be evaluated: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
