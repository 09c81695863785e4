import type { ValidationReport } from '@ballast/contracts';
import { formatPercent } from './format-value';
import { distinctExamples, expectationTarget, observedText } from './render-validation-html';
import { markdownCell, markdownTable, textTable } from './text-table';

const header = ['expectation', 'column', 'success', 'code', 'observed', 'unexpected examples'];

function rows(report: ValidationReport): string[][] {
  return report.results.map(result => [
    result.expectation.type,
    expectationTarget(result),
    result.success ? 'passed' : result.severity === 'error' ? 'FAILED' : result.severity,
    result.code ?? '',
    observedText(result),
    distinctExamples(result.result.partial_unexpected_list)
      .slice(0, 5)
      .map(([text, count]) => (count > 1 ? `${text} x${count}` : text))
      .join(', '),
  ]);
}

function summaryLine(report: ValidationReport): string {
  const { statistics } = report;
  return `Suite ${report.suite} ${report.success ? 'passed' : 'failed'}: ${statistics.successful} of ${statistics.evaluated} expectations met (${formatPercent(statistics.successPercent === null ? null : statistics.successPercent / 100)})`;
}

/**
 * Renders a validation report for a terminal: one summary line and a row per expectation.
 *
 * @example
 * ```ts
 * process.stdout.write(renderValidationReportText(await validate(suite, table)));
 * ```
 */
export function renderValidationReportText(report: ValidationReport): string {
  return `${summaryLine(report)}\n\n${textTable(header, rows(report))}\n`;
}

/**
 * Renders a validation report as GitHub-flavoured markdown.
 *
 * @example
 * ```ts
 * await writeFile('validation.md', renderValidationReportMarkdown(report));
 * ```
 */
export function renderValidationReportMarkdown(report: ValidationReport): string {
  return `## Validation report: ${markdownCell(report.suite)}\n\n**${markdownCell(summaryLine(report))}**\n\n${markdownTable(header, rows(report))}\n`;
}
