import type { PolicyDecision } from '@ballast/contracts';
import { ruleEffect } from '../evaluation/rule-effect';
import { formatValue, resultLabel } from './decision-summary';

/** Options of {@link renderJUnit}. */
export interface RenderJUnitOptions {
  /** Report warnings as failures (Conftest's `--fail-on-warn`). Default false. */
  failOnWarn?: boolean;
}

// XML 1.0 forbids most control characters even when escaped; drop them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const invalidXmlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for XML attributes and character data. */
export function escapeXml(text: string): string {
  return text
    .replace(invalidXmlCharacters, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function detail(result: PolicyDecision['results'][number]): string {
  return [
    result.reason,
    result.observed === undefined ? '' : `observed: ${formatValue(result.observed)}`,
    result.expected === undefined ? '' : `expected: ${formatValue(result.expected)}`,
  ]
    .filter(line => line !== '')
    .join('\n');
}

/**
 * JUnit XML with one testcase per rule: `failure` for failing rules that deny (and for
 * warnings with `failOnWarn`), `error` for rules whose check broke, `skipped` for waived and
 * dryrun/info results; other warnings pass with the message in `system-out`.
 *
 * @example
 * ```ts
 * await writeFile('policy-junit.xml', renderJUnit(decision, { failOnWarn: true }));
 * ```
 */
export function renderJUnit(decision: PolicyDecision, options: RenderJUnitOptions = {}): string {
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const suiteName = `${decision.policy.name} (${decision.environment})`;
  const cases = decision.results.map(result => {
    const label = resultLabel(result);
    const open = `    <testcase name="${escapeXml(result.ruleId)}" classname="${escapeXml(decision.policy.name)}">`;
    const type = escapeXml(result.code ?? label);
    const message = escapeXml(result.reason);
    let body = '';
    if (label === 'WAIVED' || label === 'DRYRUN' || label === 'INFO') {
      skipped += 1;
      body = `\n      <skipped message="${escapeXml(`${label.toLowerCase()}: ${result.reason}`)}"/>\n    `;
    } else if (label === 'ERROR' && (ruleEffect(result) === 'deny' || options.failOnWarn)) {
      errors += 1;
      body = `\n      <error message="${message}" type="${type}">${escapeXml(detail(result))}</error>\n    `;
    } else if (label === 'FAIL' || (label === 'WARN' && options.failOnWarn)) {
      failures += 1;
      body = `\n      <failure message="${message}" type="${type}">${escapeXml(detail(result))}</failure>\n    `;
    } else if (label === 'WARN' || label === 'ERROR') {
      body = `\n      <system-out>${escapeXml(`${label}: ${detail(result)}`)}</system-out>\n    `;
    }
    return `${open}${body}</testcase>`;
  });
  const counts = `tests="${decision.results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ballast-policy-gates" ${counts}>`,
    `  <testsuite name="${escapeXml(suiteName)}" ${counts} timestamp="${escapeXml(decision.evaluatedAt)}">`,
    '    <properties>',
    `      <property name="outcome" value="${decision.outcome}"/>`,
    `      <property name="policy.digest" value="${decision.policy.digest}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
