import {
  type Evidence,
  evidenceSchema,
  InvalidInputError,
  type PolicyDecision,
  parseWithSchema,
  type RuleResult,
  SPEC_VERSION,
} from '@ballast/contracts';
import { sha256Of } from '@ballast/kit';
import { z } from 'zod';
import { evidenceDigests } from './evidence-digests';
import { parsePolicy } from '../policy/load-policy';
import { parseDocumentValue } from '../policy/parse-document';
import { type Policy, type Rule, type Waiver, waiverSchema } from '../policy/policy-schema';
import { enforcementFor, outcomeOf, ruleEffect } from './rule-effect';
import { evaluateRule } from '../rules/rule-evaluators';
import { type CustomPredicate, failed, type RuleFinding, reasonCodes } from '../rules/rule-finding';
import { resolveWaivers } from './waivers';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Environment whose enforcement modes apply, e.g. `production`. Default `default`. */
  environment?: string;
  /** The clock: a Date, an ISO timestamp or a function. Default: the current time. */
  now?: Date | string | (() => Date);
  /** Custom predicates by name, for `custom` rules. */
  predicates?: Readonly<Record<string, CustomPredicate>>;
  /** Waivers in addition to the policy's own (for example from a separate, reviewed file). */
  waivers?: readonly z.input<typeof waiverSchema>[];
}

function resolveNow(now: EvaluateOptions['now']): Date {
  const value = typeof now === 'function' ? now() : now === undefined ? new Date() : new Date(now);
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidInputError({
      code: 'CLOCK_INVALID',
      message: `Invalid now option (${String(now)}); pass a Date, an ISO 8601 timestamp or a function returning a Date.`,
      details: { path: 'now' },
    });
  }
  return value;
}

function resultOf(
  rule: Rule,
  finding: RuleFinding,
  enforcement: RuleResult['enforcement'],
  waiver: Waiver | undefined,
  expired: readonly Waiver[],
): { result: RuleResult; waiverApplied: boolean } {
  const base = {
    ruleId: rule.id,
    severity: rule.severity,
    enforcement,
    ...(finding.observed === undefined ? {} : { observed: finding.observed }),
    ...(finding.expected === undefined ? {} : { expected: finding.expected }),
    code: finding.code,
  };
  const expiredNote = expired
    .map(item => ` Warning: waiver by ${item.by} expired at ${item.expires} and was ignored.`)
    .join('');
  if (finding.status === 'pass') {
    return {
      result: { ...base, status: 'pass', reason: finding.reason + expiredNote },
      waiverApplied: false,
    };
  }
  const effect = ruleEffect(base);
  if (waiver && effect !== 'none') {
    return {
      result: {
        ...base,
        status: 'waived',
        reason: `Waived by ${waiver.by} until ${waiver.expires} (${waiver.reason}). Finding: ${finding.reason}${expiredNote}`,
      },
      waiverApplied: true,
    };
  }
  const prefix = enforcement === 'dryrun' ? '[dryrun] ' : '';
  const status: RuleResult['status'] =
    finding.status === 'error'
      ? 'error'
      : rule.severity === 'deny' && effect !== 'warn'
        ? 'fail'
        : 'warn';
  return {
    result: { ...base, status, reason: prefix + finding.reason + expiredNote },
    waiverApplied: false,
  };
}

/**
 * Evaluates a policy against evidence and explains the outcome: every rule's result with
 * observed and expected values, a reason and a reason code; the waivers that actually
 * suppressed a failure; and sha256 digests of the policy (canonical JSON) and of each piece of
 * evidence. Missing evidence fails closed: `evidence` may be `undefined`, and every rule then
 * fails with `EVIDENCE_MISSING`. Evidence that does not match the contract throws
 * `InvalidInputError`.
 *
 * @example
 * ```ts
 * const decision = evaluate(policy, evidence, { environment: 'production', now: new Date() });
 * process.exitCode = exitCode(decision, { failOnWarn: true });
 * ```
 */
export function evaluate(
  policy: Policy,
  evidence: Evidence | undefined,
  options: EvaluateOptions = {},
): PolicyDecision {
  const validPolicy = parsePolicy(policy);
  const validEvidence =
    evidence === undefined || evidence === null
      ? undefined
      : parseWithSchema(evidenceSchema, evidence, 'Evidence');
  const extraWaivers = parseDocumentValue(z.array(waiverSchema), options.waivers ?? [], {
    what: 'waivers',
    uri: 'options.waivers',
    code: 'WAIVER_INVALID',
  });
  const environment = options.environment ?? 'default';
  const now = resolveNow(options.now);
  const waivers = [...validPolicy.waivers, ...extraWaivers];
  const context = {
    evidence: validEvidence,
    environment,
    now,
    predicates: options.predicates ?? {},
  };
  const results: RuleResult[] = [];
  const applied: PolicyDecision['waivers'] = [];
  for (const rule of validPolicy.rules) {
    const finding: RuleFinding = validEvidence
      ? evaluateRule(rule, context)
      : failed(reasonCodes.evidenceMissing, 'No evidence was given; the gate fails closed.');
    const { active, expired } = resolveWaivers(waivers, rule.id, environment, now);
    const { result, waiverApplied } = resultOf(
      rule,
      finding,
      enforcementFor(rule, validPolicy, environment),
      active,
      expired,
    );
    results.push(result);
    if (waiverApplied && active) {
      applied.push({
        ruleId: active.ruleId,
        reason: active.reason,
        by: active.by,
        expires: active.expires,
      });
    }
  }
  return {
    kind: 'PolicyDecision',
    specVersion: SPEC_VERSION,
    policy: {
      name: validPolicy.name,
      digest: policyDigest(validPolicy),
      ...(validPolicy.version === undefined ? {} : { version: validPolicy.version }),
    },
    ...(validEvidence ? { subject: validEvidence.subject } : {}),
    environment,
    outcome: outcomeOf(results),
    evaluatedAt: now.toISOString(),
    results,
    evidence: validEvidence ? evidenceDigests(validEvidence) : [],
    waivers: applied,
  };
}

/**
 * The sha256 of a policy's canonical JSON (sorted keys, defaults filled), so the same policy
 * written as YAML, JSON or TypeScript has the same digest.
 *
 * @example
 * ```ts
 * policyDigest(await loadPolicy('policy.yaml')) === policyDigest(await loadPolicy('policy.json'));
 * ```
 */
export function policyDigest(policy: Policy): string {
  return sha256Of(parsePolicy(policy));
}
