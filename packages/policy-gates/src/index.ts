// @ballast/policy-gates: policy-as-code promotion gates that fail closed and explain themselves.
// Kernels and building blocks (sub-schemas, rule effects, metric comparison, waiver resolution,
// hashing of log entries) are on `@ballast/policy-gates/internals`.

// policies: parse, load, build
export {
  definePolicy,
  loadPolicy,
  type ParsePolicyOptions,
  parsePolicy,
} from './policy/load-policy';
export type { DocumentSource } from './policy/parse-document';
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
} from './policy/policy-builders';
export type { EnforcementMode } from './evaluation/rule-effect';
export {
  type Policy,
  type PolicyInput,
  policySchema,
  type Rule,
  type RuleInput,
  type RuleKind,
  type RuleOfKind,
  ruleKinds,
  type Waiver,
} from './policy/policy-schema';
// evaluation
export { type EvaluateOptions, evaluate, policyDigest } from './evaluation/evaluate';
export { type ExitCodeOptions, exitCode } from './evaluation/exit-code';
export {
  type CustomPredicate,
  type CustomPredicateInput,
  type CustomPredicateResult,
  type ReasonCode,
  reasonCodes,
  type RuleFinding,
} from './rules/rule-finding';
// output
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
// records: decision log and lineage
export {
  type AppendDecisionOptions,
  appendDecision,
  type DecisionLogEntry,
  type DecisionLogHead,
  type DecisionLogProblem,
  type DecisionLogVerification,
  readDecisionLogHead,
  type VerifyDecisionLogOptions,
  verifyDecisionLog,
} from './decision/decision-log';
export {
  type DecisionLineageOptions,
  decisionToLineageEvent,
  emitDecision,
} from './decision/decision-lineage-event';
export {
  POLICY_DECISION_FACET_SCHEMA_URL,
  type PolicyDecisionFacet,
  type PolicyDecisionFacetOptions,
  policyDecisionFacet,
} from './decision/policy-decision-facet';
export {
  type PolicyDecisionSummary,
  type RuleNotPassed,
  summarizePolicyDecision,
} from './decision/policy-decision-summary';
// policy tests
export {
  formatPolicyTestReport,
  loadPolicyTestCases,
  type PolicyTestCase,
  type PolicyTestCaseResult,
  type PolicyTestReport,
  parsePolicyTestCases,
  type TestPolicyOptions,
  testPolicy,
} from './testing/test-policy';
