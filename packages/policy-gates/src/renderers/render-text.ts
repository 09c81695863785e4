import type { PolicyDecision } from '@ballast/contracts';
import { formatSummary, formatValue, resultLabel, summarizeDecision } from './decision-summary';

/** Options of {@link renderText}. */
export interface RenderTextOptions {
  /** Also list passing rules. Default false, as Conftest. */
  showPassed?: boolean;
}

/**
 * Human-readable text in Conftest's shape: one `LABEL - rule - reason` line per result (with
 * observed and expected values for failures), the waivers applied, then the tallies.
 *
 * @example
 * ```ts
 * console.log(renderText(decision));
 * // FAIL - auc-floor - auc [(overall)]: 0.79 < lower bound 0.8
 * // 13 tests, 12 passed, 0 warnings, 1 failure, 0 exceptions, 0 not enforced
 * ```
 */
export function renderText(decision: PolicyDecision, options: RenderTextOptions = {}): string {
  const lines = [
    `Policy ${decision.policy.name}${decision.policy.version ? ` v${decision.policy.version}` : ''} in ${decision.environment}: ${decision.outcome.toUpperCase()}`,
  ];
  for (const result of decision.results) {
    const label = resultLabel(result);
    if (label === 'PASS' && !options.showPassed) continue;
    lines.push(`${label} - ${result.ruleId} - ${result.reason}`);
    if (label !== 'PASS') {
      if (result.observed !== undefined)
        lines.push(`    observed: ${formatValue(result.observed)}`);
      if (result.expected !== undefined)
        lines.push(`    expected: ${formatValue(result.expected)}`);
    }
  }
  for (const waiver of decision.waivers) {
    lines.push(
      `waiver: ${waiver.ruleId} by ${waiver.by} until ${waiver.expires ?? 'never'}: ${waiver.reason}`,
    );
  }
  lines.push('', formatSummary(summarizeDecision(decision)));
  return `${lines.join('\n')}\n`;
}

/**
 * The decision as indented JSON, for machines and archives.
 *
 * @example
 * ```ts
 * await writeFile('decision.json', renderJson(decision));
 * ```
 */
export function renderJson(decision: PolicyDecision): string {
  return `${JSON.stringify(decision, null, 2)}\n`;
}
