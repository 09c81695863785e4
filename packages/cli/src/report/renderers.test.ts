import type { DriftReport, ValidationReport } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { binCounts, computeColumnDistributions } from './column-distributions';
import { escapeHtml } from './escape-html';
import { formatNumber } from './format-value';
import { renderDriftReportHtml } from './render-drift-html';
import { renderDriftReportMarkdown, renderDriftReportText } from './render-drift-text';
import { renderValidationReportHtml } from './render-validation-html';
import {
  renderValidationReportMarkdown,
  renderValidationReportText,
} from './render-validation-text';

const evil = '<script>alert("x")</script>';
const evilCategory = '<img src=x onerror=alert(1)>';

const side = (count: number, missing = 0) => ({ count, missing });
const driftReport: DriftReport = {
  kind: 'DriftReport',
  specVersion: 'ballast.dev/v1',
  createdAt: '2026-12-07T00:00:00.000Z',
  reference: { rows: 4 },
  current: { rows: 4 },
  options: { correction: 'benjamini-hochberg', driftShare: 0.5 },
  columns: [
    {
      column: evil,
      type: 'numeric',
      method: 'ks',
      statistic: 0.75,
      pValue: 0.01,
      adjustedPValue: 0.02,
      threshold: 0.05,
      drifted: true,
      status: 'ok',
      reference: side(4),
      current: side(3, 1),
      missingShareDrift: { reference: 0, current: 0.25, drifted: true },
      backend: 'cpu',
    },
    {
      column: 'city|name',
      type: 'categorical',
      method: 'chisquare',
      statistic: null,
      threshold: 0.05,
      drifted: false,
      status: 'insufficient_data',
      reason: 'empty side',
      reference: side(4),
      current: side(0, 4),
      backend: 'cpu',
    },
  ],
  dataset: { driftedColumns: 1, totalColumns: 1, share: 1, drifted: true },
};

const validationReport: ValidationReport = {
  kind: 'ValidationReport',
  specVersion: 'ballast.dev/v1',
  suite: evil,
  success: false,
  statistics: { evaluated: 2, successful: 1, unsuccessful: 1, successPercent: 50 },
  results: [
    {
      expectation: {
        type: 'expect_column_values_to_be_in_set',
        kwargs: { column: evil, value_set: ['a'] },
      },
      success: false,
      severity: 'error',
      code: 'VALUE_NOT_IN_SET',
      result: {
        element_count: 3,
        missing_count: 0,
        unexpected_count: 2,
        unexpected_percent: 66.7,
        partial_unexpected_list: [evilCategory, evilCategory],
      },
    },
    {
      expectation: {
        type: 'expect_column_mean_to_be_between',
        kwargs: { column: 'x', min_value: 0 },
      },
      success: true,
      severity: 'error',
      result: {
        element_count: 3,
        missing_count: 0,
        unexpected_count: 0,
        unexpected_percent: 0,
        observed_value: 1.23456,
        partial_unexpected_list: [],
      },
    },
  ],
};

/** Everything between tags, with the inline style and script removed. */
function withoutOwnCode(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<script>[\s\S]*?<\/script>\s*<\/body>/, '</body>');
}

describe('HTML renderers', () => {
  it('escape every string from the data in the drift page', () => {
    const html = renderDriftReportHtml(driftReport, {
      distributions: {
        [evil]: { kind: 'numeric', edges: [0, 1, 2], reference: [2, 2], current: [1, 2] },
        'city|name': {
          kind: 'categorical',
          categories: [evilCategory],
          reference: [4],
          current: [0],
          other: { reference: 0, current: 0 },
        },
      },
      currentName: evil,
    });
    const page = withoutOwnCode(html);
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain("default-src 'none'");
  });

  it('shows the corrected p-value, the missing-share change and n/a for insufficient data', () => {
    const html = renderDriftReportHtml(driftReport);
    expect(html).toContain('data-value="0.02"');
    expect(html).toContain('0.0% → 25.0%');
    expect(html).toContain('<span class="badge na">n/a</span>');
    expect(html).toContain('No distribution recorded for this column.');
  });

  it('escape every string from the data in the validation page and group examples', () => {
    const html = renderValidationReportHtml(validationReport, { dataName: evil });
    const page = withoutOwnCode(html);
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain(
      '&lt;img src=x onerror=alert(1)&gt;</code><span class="examples"> ×2</span>',
    );
    expect(page).toContain('1.235');
    expect(page).toContain('1 of 2 met');
  });
});

describe('text and markdown renderers', () => {
  it('lay out the drift report', () => {
    const text = renderDriftReportText(driftReport);
    expect(text.split('\n')[0]).toBe(
      'Drift detected: 1 of 1 columns drifted (share 100.0%, threshold 50.0%; correction benjamini-hochberg; 4 reference rows, 4 current rows)',
    );
    expect(text).toMatch(/city\|name\s+categorical\s+chisquare\s+—\s+0\.05\s+—\s+n\/a/);
    const markdown = renderDriftReportMarkdown(driftReport);
    expect(markdown).toContain('| city\\|name |');
    expect(markdown).toContain('&lt;script&gt;');
    expect(markdown).not.toContain('<script>');
  });

  it('lay out the validation report', () => {
    expect(renderValidationReportText(validationReport)).toMatch(
      /FAILED\s+VALUE_NOT_IN_SET\s+2 unexpected of 3 \(66\.7%\)\s+<img src=x onerror=alert\(1\)> x2/,
    );
    expect(renderValidationReportMarkdown(validationReport)).not.toContain('<img');
  });
});

describe('column distributions', () => {
  it('bins over shared edges, clamping values outside into the end bins', () => {
    expect(binCounts([0, 0.5, 1, 1.5, 2, -3, 9], [0, 1, 2])).toEqual([3, 4]);
    expect(binCounts([1, 5, 10], [0, 2, 10, 100])).toEqual([1, 1, 1]);
  });

  it('computes histograms and category counts from named columns', () => {
    const distributions = computeColumnDistributions(
      driftReport,
      { [evil]: [1, 2, 3, 4], 'city|name': ['a', 'a', 'b', null] },
      { [evil]: [3, 4, 5, null], 'city|name': ['a', 'c', 'c', 'c'] },
      { bins: 4, maxCategories: 2 },
    );
    const numeric = distributions[evil];
    expect(numeric).toEqual({
      kind: 'numeric',
      edges: [1, 2, 3, 4, 5],
      reference: [1, 1, 1, 1],
      current: [0, 0, 1, 2],
    });
    expect(distributions['city|name']).toEqual({
      kind: 'categorical',
      categories: ['a', 'c'],
      reference: [2, 0],
      current: [1, 3],
      other: { reference: 1, current: 0 },
    });
  });
});

describe('formatting', () => {
  it('formats numbers and escapes html', () => {
    expect([
      formatNumber(null),
      formatNumber(0),
      formatNumber(1e-5),
      formatNumber(0.123456),
    ]).toEqual(['—', '0', '1.00e-5', '0.1235']);
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
