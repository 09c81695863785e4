import type { Evidence } from '@ballast/contracts';
import { parsePolicy } from '../policy/load-policy';
import type { RuleInput, RuleKind, RuleOfKind } from '../policy/policy-schema';
import type { CustomPredicate, RuleContext } from '../rules/rule-finding';
import { makeEvidence, now } from './evidence';

/** Parses one rule through the policy schema, so defaults are filled as in a policy file. */
export function ruleOf<Kind extends RuleKind>(
  kind: Kind,
  fields: Record<string, unknown> = {},
): RuleOfKind<Kind> {
  const rule = { id: 'r', description: 'd', kind, ...fields } as RuleInput;
  return parsePolicy({ name: 'p', rules: [rule] }).rules[0] as RuleOfKind<Kind>;
}

export function contextOf(
  evidence: Evidence | undefined = makeEvidence(),
  predicates: Record<string, CustomPredicate> = {},
): RuleContext {
  return { evidence, environment: 'production', now, predicates };
}
