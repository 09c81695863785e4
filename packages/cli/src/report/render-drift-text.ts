import type { DriftReport } from '@ballast/contracts';
import { formatNumber, formatPercent } from './format-value';
import { columnVerdict, decisivePValue, missingShare } from './render-drift-html';
import { markdownCell, markdownTable, textTable } from './text-table';

const header = [
  'column',
  'type',
  'method',
  'statistic',
  'threshold',
  'p-value',
  'verdict',
  'missing share',
];

function rows(report: DriftReport): string[][] {
  return report.columns.map(column => [
    column.column,
    column.type,
    column.method,
    formatNumber(column.statistic),
    formatNumber(column.threshold),
    formatNumber(decisivePValue(column)),
    columnVerdict(column),
    `${formatPercent(missingShare(column.reference))} -> ${formatPercent(missingShare(column.current))}${column.missingShareDrift?.drifted ? ' (changed)' : ''}`,
  ]);
}

function summaryLine(report: DriftReport): string {
  const { dataset } = report;
  return `${dataset.drifted ? 'Drift detected' : 'No drift'}: ${dataset.driftedColumns} of ${dataset.totalColumns} columns drifted (share ${formatPercent(dataset.share)}, threshold ${formatPercent(report.options.driftShare)}; correction ${report.options.correction}; ${report.reference.rows} reference rows, ${report.current.rows} current rows)`;
}

/**
 * Renders a drift report for a terminal: one summary line, then a table of every column.
 *
 * @example
 * ```ts
 * process.stdout.write(renderDriftReportText(await detectDrift(reference, current)));
 * ```
 */
export function renderDriftReportText(report: DriftReport): string {
  return `${summaryLine(report)}\n\n${textTable(header, rows(report))}\n`;
}

/**
 * Renders a drift report as GitHub-flavoured markdown (a pull-request comment or a job summary).
 *
 * @example
 * ```ts
 * await appendFile(process.env.GITHUB_STEP_SUMMARY, renderDriftReportMarkdown(report));
 * ```
 */
export function renderDriftReportMarkdown(report: DriftReport): string {
  return `## Drift report\n\n**${markdownCell(summaryLine(report))}**\n\n${markdownTable(header, rows(report))}\n`;
}
