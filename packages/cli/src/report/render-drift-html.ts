import type { ColumnDrift, DriftReport } from '@ballast/contracts';
import type { ColumnDistributions } from './column-distributions';
import { escapeHtml } from './escape-html';
import { formatNumber, formatPercent } from './format-value';
import { badge, card, htmlPage, tableHead } from './html-page';
import { categoryBarsSvg, histogramSvg } from './svg-charts';

/** Options of the drift report renderers. */
export interface DriftReportRenderOptions {
  /** Per-column distributions to draw (from `computeColumnDistributions`); none: no charts. */
  distributions?: ColumnDistributions;
  /** Page title (default "Drift report"). */
  title?: string;
  /** How to name the reference in the summary (a file name). */
  referenceName?: string;
  /** How to name the current data in the summary. */
  currentName?: string;
}

/** The share of a side's rows that were missing. */
export function missingShare(side: { count: number; missing: number }): number | null {
  const total = side.count + side.missing;
  return total === 0 ? null : side.missing / total;
}

/** The p-value a verdict was decided on: the corrected one when a correction ran. */
export function decisivePValue(column: ColumnDrift): number | null {
  return column.adjustedPValue ?? column.pValue ?? null;
}

/** A column's verdict: `drift`, `ok` or `n/a` (insufficient data). */
export function columnVerdict(column: ColumnDrift): 'drift' | 'ok' | 'n/a' {
  if (column.status === 'insufficient_data') return 'n/a';
  return column.drifted ? 'drift' : 'ok';
}

function verdictBadge(column: ColumnDrift): string {
  const verdict = columnVerdict(column);
  return badge(verdict === 'drift' ? 'bad' : verdict === 'ok' ? 'ok' : 'na', verdict);
}

function numberCell(value: number | null | undefined): string {
  return `<td class="num" data-value="${value === null || value === undefined ? '' : escapeHtml(value)}">${escapeHtml(formatNumber(value))}</td>`;
}

function row(column: ColumnDrift): string {
  const referenceMissing = missingShare(column.reference);
  const currentMissing = missingShare(column.current);
  const missing = `${formatPercent(referenceMissing)} → ${formatPercent(currentMissing)}`;
  const missingFlag = column.missingShareDrift?.drifted ? ` ${badge('bad', 'changed')}` : '';
  return `<tr data-column="${escapeHtml(column.column)}"><td><code>${escapeHtml(column.column)}</code></td><td>${escapeHtml(column.type)}</td><td>${escapeHtml(column.method)}</td>${numberCell(column.statistic)}${numberCell(column.threshold)}${numberCell(decisivePValue(column))}<td data-value="${columnVerdict(column) === 'drift' ? 0 : columnVerdict(column) === 'ok' ? 1 : 2}">${verdictBadge(column)}</td><td class="num" data-value="${currentMissing ?? ''}">${escapeHtml(missing)}${missingFlag}</td></tr>`;
}

function columnSection(
  column: ColumnDrift,
  distributions: ColumnDistributions | undefined,
): string {
  const distribution = distributions?.[column.column];
  const chart =
    distribution === undefined
      ? '<p>No distribution recorded for this column.</p>'
      : distribution.kind === 'numeric'
        ? histogramSvg(column.column, distribution)
        : categoryBarsSvg(column.column, distribution);
  const detail = [
    `${column.method} ${formatNumber(column.statistic)} (threshold ${formatNumber(column.threshold)})`,
    decisivePValue(column) === null ? '' : `p = ${formatNumber(decisivePValue(column))}`,
    `${column.reference.count.toLocaleString('en-US')} vs ${column.current.count.toLocaleString('en-US')} values`,
    column.reason ?? '',
  ]
    .filter(Boolean)
    .join(' · ');
  return `<section class="column" data-column="${escapeHtml(column.column)}"><h3><code>${escapeHtml(column.column)}</code>${verdictBadge(column)}</h3><p>${escapeHtml(detail)}</p>${chart}</section>`;
}

/**
 * Renders a drift report as one self-contained HTML page: a summary (dataset verdict, drift
 * share, correction), a table of every column sortable by clicking its headers, and per column
 * the reference and current distributions as inline SVG. Nothing is loaded from the network;
 * every string from the data is escaped.
 *
 * @example
 * ```ts
 * await writeFile('drift.html', renderDriftReportHtml(report, { distributions }));
 * ```
 */
export function renderDriftReportHtml(
  report: DriftReport,
  options: DriftReportRenderOptions = {},
): string {
  const title = options.title ?? 'Drift report';
  const { dataset } = report;
  const verdict = dataset.drifted ? badge('bad', 'Drift detected') : badge('ok', 'No drift');
  const subtitle = [
    options.referenceName ? `reference ${options.referenceName}` : undefined,
    options.currentName ? `current ${options.currentName}` : undefined,
    `created ${report.createdAt}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const summary = [
    card('Dataset', verdict, 'dataset-verdict'),
    card(
      'Drifted columns',
      `${dataset.driftedColumns} of ${dataset.totalColumns}`,
      'drifted-columns',
    ),
    card(
      'Drift share',
      `${escapeHtml(formatPercent(dataset.share))} <small>(threshold ${escapeHtml(formatPercent(report.options.driftShare))})</small>`,
      'drift-share',
    ),
    card('Correction', escapeHtml(report.options.correction), 'correction'),
    card(
      'Rows',
      `${report.reference.rows.toLocaleString('en-US')} → ${report.current.rows.toLocaleString('en-US')}`,
      'rows',
    ),
  ].join('');
  const head = tableHead([
    { label: 'Column', sort: 'text' },
    { label: 'Type', sort: 'text' },
    { label: 'Method', sort: 'text' },
    { label: 'Statistic', sort: 'number', numeric: true },
    { label: 'Threshold', sort: 'number', numeric: true },
    { label: 'p-value', sort: 'number', numeric: true },
    { label: 'Verdict', sort: 'number' },
    { label: 'Missing share', sort: 'number', numeric: true },
  ]);
  const body = `<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></header>
<section class="cards" id="summary">${summary}</section>
<h2>Columns</h2>
<div class="table-wrap"><table id="columns-table" data-sortable>${head}<tbody>${report.columns.map(row).join('')}</tbody></table></div>
<h2>Distributions</h2>
<p class="examples">Each side as a share of its own values; <span style="color:var(--ref)">■</span> reference, <span style="color:var(--cur)">■</span> current.</p>
<div class="columns" id="distributions">${report.columns.map(column => columnSection(column, options.distributions)).join('')}</div>`;
  return htmlPage(title, body);
}
