// @ballast/policy-gates/internals: the building blocks behind the root entry, for tools that
// extend Ballast (custom renderers, policy linters, log auditors). Less stable than the root:
// names here may change in a minor release; the changelog says when.

// policy documents
export { formatDuration, parseDuration } from './policy/duration';
export { policySourceOf } from './policy/load-policy';
export {
  changeThresholdSchema,
  enforcementModeSchema,
  enforcementSchema,
  metadataProfiles,
  metricDirectionSchema,
  ruleSchema,
  ruleSeveritySchema,
  valueThresholdSchema,
  waiverSchema,
  zeroBaselineSchema,
} from './policy/policy-schema';
// evaluation kernels
export { evidenceDigests } from './evaluation/evidence-digests';
export {
  enforcementFor,
  isFailing,
  outcomeOf,
  type RuleEffect,
  ruleEffect,
} from './evaluation/rule-effect';
export { resolveWaivers, type WaiverResolution } from './evaluation/waivers';
export {
  compareMetric,
  type MetricComparison,
  type NormalizedMetricThreshold,
  normalizeMetricThreshold,
} from './rules/metric-threshold';
// output helpers
export {
  type DecisionSummary,
  formatSummary,
  type ResultLabel,
  resultLabel,
  summarizeDecision,
} from './renderers/decision-summary';
export { policyTestCaseSchema } from './testing/test-policy';
// records
export { decisionLogEntryHash, GENESIS_HASH } from './decision/decision-log';
export { POLICY_GATES_PRODUCER } from './decision/policy-decision-facet';
