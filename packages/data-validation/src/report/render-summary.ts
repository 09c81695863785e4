import type { DataValidationReport } from '../engine/run-suite';

function describeKwargs(kwargs: Record<string, unknown>): string {
  const column =
    kwargs.column ??
    kwargs.column_list ??
    (kwargs.column_A ? `${kwargs.column_A} > ${kwargs.column_B}` : undefined);
  return column === undefined
    ? ''
    : ` ${Array.isArray(column) ? column.join(', ') : String(column)}`;
}

/**
 * Renders a report as plain text for terminals and logs: one verdict line, then one line per
 * failed expectation (errors before warnings) with its anomaly code, message and up to five
 * unexpected values.
 *
 * @example
 * ```ts
 * console.log(renderSummary(await validate(suite, table)));
 * ```
 */
export function renderSummary(
  report: DataValidationReport,
  options: { showPassed?: boolean } = {},
): string {
  const { statistics } = report;
  const lines = [
    `${report.success ? 'PASSED' : 'FAILED'} ${report.suite}: ${statistics.successful}/${statistics.evaluated} expectations met (${statistics.successPercent === null ? 'n/a' : `${statistics.successPercent.toFixed(1)}%`})`,
  ];
  const order = { error: 0, warning: 1, info: 2 } as const;
  const shown = report.results
    .filter(result => options.showPassed || !result.success)
    .sort((left, right) => order[left.severity] - order[right.severity]);
  for (const result of shown) {
    const status = result.success ? 'ok' : result.severity.toUpperCase();
    const values = result.result.partial_unexpected_list
      .slice(0, 5)
      .map(value => JSON.stringify(value));
    lines.push(
      `  ${status.padEnd(7)} ${result.expectation.type}${describeKwargs(result.expectation.kwargs)}${result.code ? ` [${result.code}]` : ''}${result.message ? `: ${result.message}` : ''}${values.length > 0 ? ` e.g. ${values.join(', ')}` : ''}`,
    );
  }
  return lines.join('\n');
}
