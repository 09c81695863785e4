import type { PolicyDecision } from '@ballast/contracts';
import { formatSummary, formatValue, resultLabel, summarizeDecision } from './decision-summary';

const outcomeBadge = { allow: '✅ allow', warn: '⚠️ warn', deny: '❌ deny' } as const;

const labelIcon = {
  PASS: '✅',
  FAIL: '❌',
  ERROR: '💥',
  WARN: '⚠️',
  WAIVED: '🛡️',
  DRYRUN: '🧪',
  INFO: 'ℹ️',
} as const;

/** Escapes text for a Markdown table cell. */
function cell(text: string, limit = 300): string {
  const short = text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
  return short
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '&lt;');
}

/** An inline code span; HTML is inert inside it, but a table still splits on an unescaped pipe. */
function code(text: string, inTable = true, limit = 300): string {
  if (text === '') return '';
  const short = text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
  const flat = short.replace(/`/g, "'").replace(/[\r\n]+/g, ' ');
  return `\`${inTable ? flat.replace(/\|/g, '\\|') : flat}\``;
}

/**
 * Markdown for a pull-request comment: the outcome, a table of results (failures first,
 * passing rules folded away), the waivers applied and the digests of policy and evidence.
 *
 * @example
 * ```ts
 * await octokit.rest.issues.createComment({ owner, repo, issue_number, body: renderMarkdown(decision) });
 * ```
 */
export function renderMarkdown(decision: PolicyDecision): string {
  const order = { FAIL: 0, ERROR: 1, WARN: 2, DRYRUN: 3, INFO: 4, WAIVED: 5, PASS: 6 } as const;
  const rows = decision.results
    .map(result => ({ result, label: resultLabel(result) }))
    .sort((left, right) => order[left.label] - order[right.label]);
  const table = (items: typeof rows) => [
    '| | Rule | Result | Observed | Expected | Reason |',
    '| --- | --- | --- | --- | --- | --- |',
    ...items.map(
      ({ result, label }) =>
        `| ${labelIcon[label]} | ${code(result.ruleId)} | ${label}${result.code && label !== 'PASS' ? ` ${code(result.code)}` : ''} | ${code(formatValue(result.observed))} | ${code(formatValue(result.expected))} | ${cell(result.reason)} |`,
    ),
  ];
  const notPassing = rows.filter(row => row.label !== 'PASS');
  const passing = rows.filter(row => row.label === 'PASS');
  const lines = [
    `### Policy ${code(decision.policy.name, false)}${decision.policy.version ? ` ${code(`v${decision.policy.version}`, false)}` : ''}: ${outcomeBadge[decision.outcome]}`,
    '',
    `Environment ${code(decision.environment, false)} · evaluated ${decision.evaluatedAt} · ${formatSummary(summarizeDecision(decision))}`,
    '',
  ];
  if (notPassing.length > 0) lines.push(...table(notPassing), '');
  if (passing.length > 0) {
    lines.push(
      '<details><summary>Passed rules</summary>',
      '',
      ...table(passing),
      '',
      '</details>',
      '',
    );
  }
  if (decision.waivers.length > 0) {
    lines.push('**Waivers applied**', '');
    for (const waiver of decision.waivers) {
      lines.push(
        `- ${code(waiver.ruleId)} by ${cell(waiver.by)} until ${waiver.expires ?? 'never'}: ${cell(waiver.reason)}`,
      );
    }
    lines.push('');
  }
  lines.push(
    '<details><summary>Digests</summary>',
    '',
    `- policy: \`${decision.policy.digest}\``,
    ...decision.evidence.map(entry => `- ${cell(entry.kind)}: \`${entry.digest}\``),
    '',
    '</details>',
    '',
  );
  return lines.join('\n');
}
