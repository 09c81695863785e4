import { formatDuration, parseDuration } from '../policy/duration';
import { evidenceMissing, failed, passed, type RuleEvaluator, reasonCodes } from './rule-finding';

/**
 * Evaluates `freshness` rules: `now − evidence.evaluatedAt ≤ maxAge`, with the clock passed
 * to `evaluate` (`now`). An evaluation dated more than `maxClockSkew` in the future fails too,
 * since it means a wrong clock or a forged timestamp.
 */
export const evaluateFreshness: RuleEvaluator<'freshness'> = (rule, context) => {
  const maxAge = parseDuration(rule.maxAge, 'maxAge');
  const maxSkew = parseDuration(rule.maxClockSkew, 'maxClockSkew');
  const expected = { maxAge: rule.maxAge, maxClockSkew: rule.maxClockSkew };
  const evaluatedAt = context.evidence?.evaluatedAt;
  if (!evaluatedAt) return evidenceMissing('evaluation timestamp (evaluatedAt)', expected);
  const age = context.now.getTime() - Date.parse(evaluatedAt);
  const observed = { evaluatedAt, now: context.now.toISOString(), age: formatDuration(age) };
  if (age > maxAge) {
    return failed(
      reasonCodes.evaluationStale,
      `The evaluation is ${formatDuration(age)} old, older than ${rule.maxAge}.`,
      { observed, expected },
    );
  }
  if (-age > maxSkew) {
    return failed(
      reasonCodes.evaluationInFuture,
      `The evaluation is dated ${formatDuration(-age)} in the future (more than ${rule.maxClockSkew}); check the clocks.`,
      { observed, expected },
    );
  }
  return passed(`The evaluation is ${formatDuration(Math.max(age, 0))} old.`, {
    observed,
    expected,
  });
};
