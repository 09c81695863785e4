import type { ExpectationResult, ValidationReport } from '@ballast/contracts';
import { escapeHtml } from './escape-html';
import { formatNumber, formatObserved, formatPercent } from './format-value';
import { badge, card, htmlPage, tableHead } from './html-page';

/** Options of the validation report renderers. */
export interface ValidationReportRenderOptions {
  /** Page title (default "Validation report: <suite>"). */
  title?: string;
  /** How to name the validated data in the summary (a file name). */
  dataName?: string;
  /** Unexpected examples shown per expectation (default 10). */
  maxExamples?: number;
}

/** The column (or columns) an expectation reads, from its kwargs. */
export function expectationTarget(result: ExpectationResult): string {
  const kwargs = result.expectation.kwargs;
  if (typeof kwargs['column'] === 'string') return kwargs['column'];
  for (const key of ['column_list', 'column_A', 'column_B']) {
    const value = kwargs[key];
    if (Array.isArray(value)) return value.join(', ');
  }
  if (typeof kwargs['column_A'] === 'string') return `${kwargs['column_A']}, ${kwargs['column_B']}`;
  return '(table)';
}

/** The kwargs other than the column, as short `key=value` text. */
export function expectationArguments(result: ExpectationResult): string {
  return Object.entries(result.expectation.kwargs)
    .filter(([key]) => key !== 'column')
    .map(([key, value]) => `${key}=${formatObserved(value, 60)}`)
    .join(', ');
}

/** The observed value of a result, or its unexpected count for row-level expectations. */
export function observedText(result: ExpectationResult): string {
  const detail = result.result;
  if (detail.observed_value !== undefined) return formatObserved(detail.observed_value);
  if (detail.element_count > 0 || detail.unexpected_count > 0) {
    return `${detail.unexpected_count.toLocaleString('en-US')} unexpected of ${detail.element_count.toLocaleString('en-US')} (${formatNumber(detail.unexpected_percent)}%)`;
  }
  return '—';
}

/** The unexpected examples, each distinct value once with how often it appeared in the list. */
export function distinctExamples(values: readonly unknown[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const value of values) {
    const text = formatObserved(value, 60);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts.entries()];
}

/** Escaped text with a line-break opportunity after each underscore (long GX names). */
function breakable(text: string): string {
  return escapeHtml(text).replaceAll('_', '_<wbr>');
}

function resultRow(result: ExpectationResult, index: number, maxExamples: number): string {
  const examples = distinctExamples(result.result.partial_unexpected_list).slice(0, maxExamples);
  const exampleHtml =
    examples.length === 0
      ? '<span class="examples">—</span>'
      : examples
          .map(
            ([text, count]) =>
              `<code>${escapeHtml(text)}</code>${count > 1 ? `<span class="examples"> ×${count}</span>` : ''}`,
          )
          .join(' ');
  const args = expectationArguments(result);
  const status = result.success
    ? badge('ok', 'passed')
    : badge(
        result.severity === 'error' ? 'bad' : 'na',
        result.severity === 'error' ? 'failed' : result.severity,
      );
  return `<tr data-expectation="${index}"><td class="expectation"><code>${breakable(result.expectation.type)}</code>${args ? `<div class="examples">${escapeHtml(args)}</div>` : ''}</td><td><code>${escapeHtml(expectationTarget(result))}</code></td><td data-value="${result.success ? 1 : 0}">${status}</td><td>${escapeHtml(result.code ?? '')}</td><td class="num" data-value="${result.result.unexpected_count}">${escapeHtml(observedText(result))}</td><td>${exampleHtml}</td></tr>`;
}

/**
 * Renders a validation report as a self-contained data-docs page (as Great Expectations' Data
 * Docs): the suite's verdict and statistics, then one sortable row per expectation with its
 * success, observed value and unexpected examples. Nothing is loaded from the network; every
 * string from the data is escaped.
 *
 * @example
 * ```ts
 * await writeFile('validation.html', renderValidationReportHtml(report, { dataName: 'orders.csv' }));
 * ```
 */
export function renderValidationReportHtml(
  report: ValidationReport,
  options: ValidationReportRenderOptions = {},
): string {
  const title = options.title ?? `Validation report: ${report.suite}`;
  const { statistics } = report;
  const failedErrors = report.results.filter(r => !r.success && r.severity === 'error').length;
  const subtitle = [
    `suite ${report.suite}`,
    options.dataName ? `data ${options.dataName}` : undefined,
    report.createdAt ? `created ${report.createdAt}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const summary = [
    card('Suite', report.success ? badge('ok', 'Passed') : badge('bad', 'Failed'), 'suite-verdict'),
    card('Expectations', `${statistics.successful} of ${statistics.evaluated} met`, 'expectations'),
    card(
      'Success rate',
      escapeHtml(
        formatPercent(statistics.successPercent === null ? null : statistics.successPercent / 100),
      ),
      'success-rate',
    ),
    card('Failed (error)', String(failedErrors), 'failed-errors'),
  ].join('');
  const head = tableHead([
    { label: 'Expectation', sort: 'text' },
    { label: 'Column', sort: 'text' },
    { label: 'Success', sort: 'number' },
    { label: 'Code', sort: 'text' },
    { label: 'Observed value', sort: 'number', numeric: true },
    { label: 'Unexpected examples' },
  ]);
  const maxExamples = options.maxExamples ?? 10;
  const body = `<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></header>
<section class="cards" id="summary">${summary}</section>
<h2>Expectations</h2>
<div class="table-wrap"><table id="expectations-table" data-sortable>${head}<tbody>${report.results.map((result, index) => resultRow(result, index, maxExamples)).join('')}</tbody></table></div>`;
  return htmlPage(title, body);
}
