import type { PolicyDecision, RuleResult } from '@ballast/contracts';
import { isFailing, ruleEffect } from '../evaluation/rule-effect';

/** How a result is shown: Conftest's labels plus WAIVED, DRYRUN, INFO and ERROR. */
export type ResultLabel = 'PASS' | 'FAIL' | 'WARN' | 'ERROR' | 'WAIVED' | 'DRYRUN' | 'INFO';

/**
 * The label of one result: failing results are labelled by their effect (`FAIL` denies,
 * `WARN` warns, `DRYRUN`/`INFO` change nothing); `ERROR` marks a check that broke and counts
 * like a failure.
 *
 * @example
 * ```ts
 * resultLabel({ status: 'fail', severity: 'deny', enforcement: 'dryrun' }); // 'DRYRUN'
 * ```
 */
export function resultLabel(
  result: Pick<RuleResult, 'status' | 'severity' | 'enforcement'>,
): ResultLabel {
  if (result.status === 'pass') return 'PASS';
  if (result.status === 'waived') return 'WAIVED';
  const effect = ruleEffect(result);
  if (effect === 'none') return result.enforcement === 'dryrun' ? 'DRYRUN' : 'INFO';
  if (result.status === 'error') return 'ERROR';
  return effect === 'deny' ? 'FAIL' : 'WARN';
}

/** Conftest-style tallies of a decision. */
export interface DecisionSummary {
  tests: number;
  passed: number;
  /** Failing results whose effect is `warn`. */
  warnings: number;
  /** Failing results whose effect is `deny` (including errors). */
  failures: number;
  /** Results a waiver suppressed (Conftest's "exceptions"). */
  exceptions: number;
  /** Failing results in dryrun or of severity info, which change nothing. */
  notEnforced: number;
}

/**
 * Counts a decision's results the way Conftest prints them.
 *
 * @example
 * ```ts
 * summarizeDecision(decision); // { tests: 13, passed: 11, warnings: 1, failures: 1, exceptions: 0, notEnforced: 0 }
 * ```
 */
export function summarizeDecision(decision: PolicyDecision): DecisionSummary {
  const summary: DecisionSummary = {
    tests: decision.results.length,
    passed: 0,
    warnings: 0,
    failures: 0,
    exceptions: 0,
    notEnforced: 0,
  };
  for (const result of decision.results) {
    if (result.status === 'pass') summary.passed += 1;
    else if (result.status === 'waived') summary.exceptions += 1;
    else if (isFailing(result)) {
      const effect = ruleEffect(result);
      if (effect === 'deny') summary.failures += 1;
      else if (effect === 'warn') summary.warnings += 1;
      else summary.notEnforced += 1;
    }
  }
  return summary;
}

/**
 * "13 tests, 11 passed, 1 warning, 1 failure, 0 exceptions, 0 not enforced".
 *
 * @example
 * ```ts
 * formatSummary(summarizeDecision(decision)); // '13 tests, 12 passed, ...'
 * ```
 */
export function formatSummary(summary: DecisionSummary): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return [
    plural(summary.tests, 'test'),
    `${summary.passed} passed`,
    plural(summary.warnings, 'warning'),
    plural(summary.failures, 'failure'),
    plural(summary.exceptions, 'exception'),
    `${summary.notEnforced} not enforced`,
  ].join(', ');
}

/** A compact JSON rendering of observed/expected values for one-line messages. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
