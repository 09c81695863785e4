// Kept for callers that imported them from here; they now live in the contracts.
export { canonicalJson, sha256Of } from '@ballast/contracts';
export {
  type DecisionLineageOptions,
  decisionToLineageEvent,
  emitDecision,
  POLICY_DECISION_FACET_SCHEMA_URL,
  policyDecisionRunFacet,
} from './decision-lineage-event';
export {
  type AppendDecisionOptions,
  appendDecision,
  type DecisionLogEntry,
  type DecisionLogProblem,
  type DecisionLogVerification,
  decisionLogEntryHash,
  GENESIS_HASH,
  type VerifyDecisionLogOptions,
  verifyDecisionLog,
} from './decision-log';
export { formatDuration, parseDuration } from './duration';
export { type EvaluateOptions, evaluate, policyDigest } from './evaluate';
export { evidenceDigests } from './evidence-digests';
export { type ExitCodeOptions, exitCode } from './exit-code';
export {
  definePolicy,
  loadPolicy,
  type ParsePolicyOptions,
  parsePolicy,
  policySourceOf,
} from './load-policy';
export type { DocumentSource } from './parse-document';
export {
  approvalsRule,
  artifactIntegrityRule,
  customRule,
  dataValidationRule,
  driftRule,
  freshnessRule,
  lineageCompletenessRule,
  metricThresholdRule,
  requiredMetadataRule,
  sliceGapRule,
} from './policy-builders';
export {
  changeThresholdSchema,
  enforcementModeSchema,
  enforcementSchema,
  metadataProfiles,
  metricDirectionSchema,
  type Policy,
  type PolicyInput,
  policySchema,
  type Rule,
  type RuleInput,
  type RuleKind,
  type RuleOfKind,
  ruleKinds,
  ruleSchema,
  ruleSeveritySchema,
  valueThresholdSchema,
  type Waiver,
  waiverSchema,
  zeroBaselineSchema,
} from './policy-schema';
export {
  type EnforcementMode,
  enforcementFor,
  isFailing,
  outcomeOf,
  type RuleEffect,
  ruleEffect,
} from './rule-effect';
export {
  compareMetric,
  type MetricComparison,
  type NormalizedMetricThreshold,
  normalizeMetricThreshold,
} from './rules/metric-threshold';
export {
  type CustomPredicate,
  type CustomPredicateInput,
  type CustomPredicateResult,
  type ReasonCode,
  reasonCodes,
  type RuleFinding,
} from './rules/rule-finding';
export {
  type DecisionSummary,
  formatSummary,
  type ResultLabel,
  resultLabel,
  summarizeDecision,
} from './renderers/decision-summary';
export { type RenderJUnitOptions, renderJUnit } from './renderers/render-junit';
export { renderMarkdown } from './renderers/render-markdown';
export {
  renderSarif,
  type SarifLevel,
  type SarifLog,
  type SarifOptions,
  toSarif,
} from './renderers/render-sarif';
export { type RenderTextOptions, renderJson, renderText } from './renderers/render-text';
export {
  formatPolicyTestReport,
  loadPolicyTestCases,
  type PolicyTestCase,
  type PolicyTestCaseResult,
  type PolicyTestReport,
  parsePolicyTestCases,
  policyTestCaseSchema,
  type TestPolicyOptions,
  testPolicy,
} from './test-policy';
export { resolveWaivers, type WaiverResolution } from './waivers';
