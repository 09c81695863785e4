import type { PolicyDecision, RuleResult } from '@ballast/contracts';
import type { Policy, Rule } from '../policy/policy-schema';

/** An enforcement mode: `enforce`, `warn` or `dryrun`. */
export type EnforcementMode = NonNullable<RuleResult['enforcement']>;

/** What a failing rule does to the outcome. */
export type RuleEffect = 'deny' | 'warn' | 'none';

// Own properties only: an environment named `constructor` or `toString` must not find
// Object.prototype's member (a function, which is not `enforce`) and so weaken a deny.
function ownMode(spec: Readonly<Record<string, EnforcementMode>>, key: string) {
  return Object.hasOwn(spec, key) ? spec[key] : undefined;
}

function modeFor(spec: Rule['enforcement'] | Policy['enforcement'], environment: string) {
  if (spec === undefined || typeof spec === 'string') return spec;
  return ownMode(spec, environment) ?? ownMode(spec, 'default');
}

/**
 * The enforcement mode of a rule in an environment: the rule's own setting (its entry for the
 * environment, then its `default`), then the policy's, then `enforce` — unknown environments
 * fail closed.
 *
 * @example
 * ```ts
 * enforcementFor(rule, policy, 'staging'); // 'dryrun'
 * ```
 */
export function enforcementFor(rule: Rule, policy: Policy, environment: string): EnforcementMode {
  return (
    modeFor(rule.enforcement, environment) ?? modeFor(policy.enforcement, environment) ?? 'enforce'
  );
}

/**
 * What a failing result does: `dryrun` and `info` never change the outcome; `deny` severity
 * under `enforce` denies; everything else warns.
 *
 * @example
 * ```ts
 * ruleEffect({ severity: 'deny', enforcement: 'warn' }); // 'warn'
 * ```
 */
export function ruleEffect(result: Pick<RuleResult, 'severity' | 'enforcement'>): RuleEffect {
  if (result.enforcement === 'dryrun' || result.severity === 'info') return 'none';
  if (result.severity === 'deny' && (result.enforcement ?? 'enforce') === 'enforce') return 'deny';
  return 'warn';
}

/**
 * True when a result did not pass and was not waived.
 *
 * @example
 * ```ts
 * decision.results.filter(isFailing).map(result => result.ruleId);
 * ```
 */
export function isFailing(result: Pick<RuleResult, 'status'>): boolean {
  return result.status === 'fail' || result.status === 'warn' || result.status === 'error';
}

/**
 * The outcome of a set of results: `deny` if a failing result has effect `deny`, `warn` if
 * one has effect `warn`, else `allow`.
 *
 * @example
 * ```ts
 * outcomeOf(decision.results); // 'warn'
 * ```
 */
export function outcomeOf(results: readonly RuleResult[]): PolicyDecision['outcome'] {
  let outcome: PolicyDecision['outcome'] = 'allow';
  for (const result of results) {
    if (!isFailing(result)) continue;
    const effect = ruleEffect(result);
    if (effect === 'deny') return 'deny';
    if (effect === 'warn') outcome = 'warn';
  }
  return outcome;
}
