import type { Evidence } from '@ballast/contracts';
import {
  type CustomPredicateResult,
  failed,
  passed,
  type RuleEvaluator,
  type RuleFinding,
  reasonCodes,
} from './rule-finding';

function errorFinding(code: string, reason: string): RuleFinding {
  return { status: 'error', code, reason };
}

function isPredicateResult(value: unknown): value is CustomPredicateResult {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { pass?: unknown }).pass === 'boolean'
  );
}

/**
 * Evaluates `custom` rules by calling the predicate registered under `rule.predicate` with a
 * copy of the evidence. An unregistered name, a throw, a promise or a malformed return value
 * gives status `error`, which counts like a failure (fail closed).
 */
export const evaluateCustomPredicate: RuleEvaluator<'custom'> = (rule, context) => {
  const predicate = Object.hasOwn(context.predicates, rule.predicate)
    ? context.predicates[rule.predicate]
    : undefined;
  if (!predicate) {
    const known = Object.keys(context.predicates);
    return errorFinding(
      reasonCodes.predicateNotRegistered,
      `No predicate named "${rule.predicate}" was registered; pass it in evaluate's predicates option (registered: ${known.length > 0 ? known.join(', ') : 'none'}).`,
    );
  }
  const evidence = context.evidence;
  if (!evidence) {
    return failed(reasonCodes.evidenceMissing, 'No evidence was given; the gate fails closed.');
  }
  let outcome: unknown;
  try {
    outcome = predicate({
      evidence: structuredClone(evidence) as Evidence,
      params: structuredClone(rule.params ?? {}),
      environment: context.environment,
      now: new Date(context.now.getTime()),
      rule,
    });
  } catch (error) {
    return errorFinding(
      reasonCodes.predicateThrew,
      `Predicate "${rule.predicate}" threw: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (
    outcome !== null &&
    typeof outcome === 'object' &&
    typeof (outcome as { then?: unknown }).then === 'function'
  ) {
    // Swallow the eventual rejection: the result is already reported as an error.
    (outcome as Promise<unknown>).then(undefined, () => undefined);
    return errorFinding(
      reasonCodes.predicateInvalidResult,
      `Predicate "${rule.predicate}" returned a promise; predicates must be synchronous (compute async inputs into evidence.attributes first).`,
    );
  }
  if (typeof outcome === 'boolean') {
    return outcome
      ? passed(`Predicate "${rule.predicate}" passed.`)
      : failed(reasonCodes.predicateFailed, `Predicate "${rule.predicate}" failed.`);
  }
  if (!isPredicateResult(outcome)) {
    return errorFinding(
      reasonCodes.predicateInvalidResult,
      `Predicate "${rule.predicate}" returned ${JSON.stringify(outcome) ?? String(outcome)}; return a boolean or { pass, reason? }.`,
    );
  }
  const details = {
    ...(outcome.observed === undefined ? {} : { observed: outcome.observed }),
    ...(outcome.expected === undefined ? {} : { expected: outcome.expected }),
  };
  return outcome.pass
    ? passed(outcome.reason ?? `Predicate "${rule.predicate}" passed.`, details)
    : failed(
        outcome.code ?? reasonCodes.predicateFailed,
        outcome.reason ?? `Predicate "${rule.predicate}" failed.`,
        details,
      );
};
