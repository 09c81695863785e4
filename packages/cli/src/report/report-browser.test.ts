// Loads the HTML reports in a real headless Chromium (Debian's, driven by playwright-core):
// elements, sorting, no request leaving the page, and a screenshot kept as a CI artifact.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, runBallast, tempDir, writeCsv } from '../testing/cli-harness';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const mustRun = Boolean(process.env['CI']);
const artifacts = join(import.meta.dirname, '..', '..', 'test-artifacts');
const hostile = '<script>window.__pwned=1</script>';

if (!available && !mustRun) {
  console.warn(
    `report-browser.test.ts skipped: ${CHROMIUM} is absent (apt-get install chromium); in CI (CI set) it runs and fails instead.`,
  );
}

describe.skipIf(!available && !mustRun)('HTML reports in headless Chromium', () => {
  let browser: Browser;
  let directory: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    directory = await tempDir();
    const reference = rows(2000, 0).map((row, index) => ({
      ...row,
      [hostile]: index % 5,
      score: Math.cos(index * 0.3),
    }));
    const current = rows(1500, 4, ['paris', 'lyon', 'marseille']).map((row, index) => ({
      ...row,
      [hostile]: index % 7,
      score: index % 10 === 0 ? null : Math.cos(index * 0.3) + 0.05,
    }));
    await writeCsv(join(directory, 'reference.csv'), reference);
    await writeCsv(join(directory, 'current.csv'), current);
    await writeFile(
      join(directory, 'suite.yaml'),
      `name: orders
expectations:
  - type: expect_column_values_to_not_be_null
    kwargs: { column: score }
  - type: expect_column_values_to_be_between
    kwargs: { column: amount, min_value: 40, max_value: 60 }
  - type: expect_column_values_to_be_in_set
    kwargs: { column: city, value_set: [paris, lyon, nice] }
  - type: expect_column_mean_to_be_between
    kwargs: { column: amount, min_value: 45, max_value: 60 }
  - type: expect_table_row_count_to_be_between
    kwargs: { min_value: 1000 }
  - type: expect_column_to_exist
    kwargs: { column: "${hostile}" }
`,
    );
    await mkdir(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report, recording every request the page makes. */
  async function open(file: string) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', request => requests.push(request.url()));
    page.on('dialog', dialog => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });
    return { page, requests, dialogs, url };
  }

  it('shows the drift summary, a row and a chart per column, sorts, and loads nothing', async () => {
    const run = await runBallast(directory, [
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'current.csv',
      '--format',
      'html',
      '--out',
      'drift.html',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const { page, requests, dialogs, url } = await open(join(directory, 'drift.html'));
    try {
      await expect(page.locator('#dataset-verdict').textContent()).resolves.toMatch(
        /drift detected/i,
      );
      await expect(page.locator('#drift-share').textContent()).resolves.toMatch(/%/);
      await expect(page.locator('#correction').textContent()).resolves.toMatch(/none/);
      const names = ['amount', 'city', 'active', hostile, 'score'];
      await expect(page.locator('#columns-table tbody tr').count()).resolves.toBe(names.length);
      await expect(page.locator('#distributions section.column svg').count()).resolves.toBe(
        names.length,
      );
      for (const name of names) {
        const svgs = page.locator(
          `#distributions section.column[data-column="${name.replaceAll('"', '\\"')}"] svg rect`,
        );
        expect(await svgs.count()).toBeGreaterThan(0);
      }
      // The hostile column name is shown as text, never run.
      await expect(page.getByText(hostile).first().isVisible()).resolves.toBe(true);
      expect(
        await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned),
      ).toBeUndefined();
      // Sorting by statistic: ascending on the first click, descending on the second.
      const statistics = () =>
        page.$$eval('#columns-table tbody tr', trs =>
          trs.map(tr => Number.parseFloat(tr.cells[3]?.getAttribute('data-value') ?? 'NaN')),
        );
      const header = page.locator('#columns-table th', { hasText: 'Statistic' });
      await header.click();
      const ascending = await statistics();
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
      await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
      await header.click();
      const descending = await statistics();
      expect(descending).toEqual([...ascending].reverse());
      const columnHeader = page.locator('#columns-table th', { hasText: 'Column' });
      await columnHeader.click();
      const columnNames = await page.$$eval('#columns-table tbody tr', trs =>
        trs.map(tr => tr.getAttribute('data-column') ?? ''),
      );
      expect(columnNames).toEqual(
        [...columnNames].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
      );
      await header.click();
      await page.screenshot({ path: join(artifacts, 'drift-report.png'), fullPage: true });
      expect(dialogs).toEqual([]);
      expect(requests.every(request => request === url || request.startsWith('about:'))).toBe(true);
      expect(requests).toContain(url);
    } finally {
      await page.close();
    }
  });

  it('shows the validation data docs with results, examples, sorting, and loads nothing', async () => {
    const run = await runBallast(directory, [
      'validate',
      '--suite',
      'suite.yaml',
      'current.csv',
      '--format',
      'html',
      '--out',
      'validation.html',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const { page, requests, dialogs, url } = await open(join(directory, 'validation.html'));
    try {
      await expect(page.locator('#suite-verdict').textContent()).resolves.toMatch(/failed/i);
      await expect(page.locator('#expectations').textContent()).resolves.toMatch(/of 6 met/);
      await expect(page.locator('#expectations-table tbody tr').count()).resolves.toBe(6);
      // Unexpected examples of the in-set expectation name the new city.
      await expect(
        page
          .locator('#expectations-table tbody tr', { hasText: 'expect_column_values_to_be_in_set' })
          .textContent(),
      ).resolves.toContain('marseille');
      await expect(page.getByText(hostile).first().isVisible()).resolves.toBe(true);
      const header = page.locator('#expectations-table th', { hasText: 'Success' });
      await header.click();
      const successes = await page.$$eval('#expectations-table tbody tr', trs =>
        trs.map(tr => tr.cells[2]?.getAttribute('data-value')),
      );
      expect(successes).toEqual([...successes].sort());
      await page.screenshot({ path: join(artifacts, 'validation-report.png'), fullPage: true });
      expect(dialogs).toEqual([]);
      expect(
        await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned),
      ).toBeUndefined();
      expect(requests.every(request => request === url || request.startsWith('about:'))).toBe(true);
    } finally {
      await page.close();
    }
  });
});
