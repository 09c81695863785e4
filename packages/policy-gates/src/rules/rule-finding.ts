import type { Evidence } from '@ballast/contracts';
import type { Rule, RuleOfKind } from '../policy/policy-schema';

/**
 * Stable reason codes a rule result may carry. Any code other than `PASS` means the rule did
 * not pass; codes ending in `_MISSING`/`_ZERO`/`_UNKNOWN` are fail-closed cases where the gate
 * could not check and therefore refused.
 */
export const reasonCodes = {
  pass: 'PASS',
  evidenceMissing: 'EVIDENCE_MISSING',
  metricMissing: 'METRIC_MISSING',
  metricAmbiguous: 'METRIC_AMBIGUOUS',
  baselineMissing: 'BASELINE_MISSING',
  baselineZero: 'BASELINE_ZERO',
  thresholdNotMet: 'THRESHOLD_NOT_MET',
  sliceGapExceeded: 'SLICE_GAP_EXCEEDED',
  datasetDrifted: 'DATASET_DRIFTED',
  columnDrifted: 'COLUMN_DRIFTED',
  columnMissing: 'COLUMN_MISSING',
  driftInsufficientData: 'DRIFT_INSUFFICIENT_DATA',
  driftShareExceeded: 'DRIFT_SHARE_EXCEEDED',
  validationFailed: 'VALIDATION_FAILED',
  metadataMissing: 'METADATA_MISSING',
  approvalsInsufficient: 'APPROVALS_INSUFFICIENT',
  approvalRejected: 'APPROVAL_REJECTED',
  authorUnknown: 'AUTHOR_UNKNOWN',
  artifactsEmpty: 'ARTIFACTS_EMPTY',
  artifactDigestMissing: 'ARTIFACT_DIGEST_MISSING',
  artifactDigestMismatch: 'ARTIFACT_DIGEST_MISMATCH',
  lineageIncomplete: 'LINEAGE_INCOMPLETE',
  evaluationStale: 'EVALUATION_STALE',
  evaluationInFuture: 'EVALUATION_IN_FUTURE',
  predicateNotRegistered: 'PREDICATE_NOT_REGISTERED',
  predicateThrew: 'PREDICATE_THREW',
  predicateInvalidResult: 'PREDICATE_INVALID_RESULT',
  predicateFailed: 'PREDICATE_FAILED',
  ruleError: 'RULE_ERROR',
} as const;

/** One of {@link reasonCodes}. */
export type ReasonCode = (typeof reasonCodes)[keyof typeof reasonCodes];

/** What one rule found, before severity, enforcement and waivers are applied. */
export interface RuleFinding {
  /** `error` means the check itself broke (for example a throwing predicate); it fails closed. */
  status: 'pass' | 'fail' | 'error';
  code: string;
  reason: string;
  observed?: unknown;
  expected?: unknown;
}

/** What a custom predicate returns when a plain boolean is not enough. */
export interface CustomPredicateResult {
  pass: boolean;
  reason?: string;
  code?: string;
  observed?: unknown;
  expected?: unknown;
}

/** What a custom predicate receives. The evidence is a copy, so mutating it changes nothing. */
export interface CustomPredicateInput {
  evidence: Evidence;
  params: Record<string, unknown>;
  environment: string;
  now: Date;
  rule: RuleOfKind<'custom'>;
}

/**
 * A synchronous check written in TypeScript, registered by name in `evaluate`'s `predicates`.
 * Throwing, returning a promise or returning anything but a boolean or
 * {@link CustomPredicateResult} yields status `error`, which fails closed.
 */
export type CustomPredicate = (input: CustomPredicateInput) => boolean | CustomPredicateResult;

/** Everything a rule evaluator may read. */
export interface RuleContext {
  evidence: Evidence | undefined;
  environment: string;
  now: Date;
  predicates: Readonly<Record<string, CustomPredicate>>;
}

/** Checks one rule kind. */
export type RuleEvaluator<Kind extends Rule['kind']> = (
  rule: RuleOfKind<Kind>,
  context: RuleContext,
) => RuleFinding;

/** A passing finding. */
export function passed(
  reason: string,
  details: Omit<RuleFinding, 'status' | 'code' | 'reason'> = {},
): RuleFinding {
  return { status: 'pass', code: reasonCodes.pass, reason, ...details };
}

/** A failing finding with a reason code. */
export function failed(
  code: ReasonCode | (string & {}),
  reason: string,
  details: Omit<RuleFinding, 'status' | 'code' | 'reason'> = {},
): RuleFinding {
  return { status: 'fail', code, reason, ...details };
}

/** The fail-closed finding for a piece of evidence that is absent. */
export function evidenceMissing(what: string, expected?: unknown): RuleFinding {
  return failed(
    reasonCodes.evidenceMissing,
    `The evidence has no ${what}, so this rule cannot be checked; the gate fails closed.`,
    expected === undefined ? {} : { expected },
  );
}

/** Joins a list for messages, shortening long ones. */
export function listForMessage(items: readonly string[], limit = 5): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown} and ${items.length - limit} more` : shown;
}
