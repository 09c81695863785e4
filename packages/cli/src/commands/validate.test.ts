import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseValidationReport } from '@ballast/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { ordersSuiteYaml, rows, runBallast, tempDir, writeCsv } from '../testing/cli-harness';

let directory: string;

beforeAll(async () => {
  directory = await tempDir();
  await writeCsv(join(directory, 'train.csv'), rows(500, 0));
  await writeCsv(join(directory, 'today.csv'), rows(300, 0, ['paris', 'lyon', 'rome']));
  await writeFile(join(directory, 'suite.yaml'), ordersSuiteYaml);
  // Great Expectations 0.18's JSON shape.
  await writeFile(
    join(directory, 'gx-018.json'),
    JSON.stringify({
      expectation_suite_name: 'orders_gx',
      data_asset_type: null,
      ge_cloud_id: null,
      expectations: [
        { expectation_type: 'expect_column_to_exist', kwargs: { column: 'amount' }, meta: {} },
        {
          expectation_type: 'expect_column_values_to_be_between',
          kwargs: { column: 'amount', min_value: 0, max_value: 100 },
          meta: {},
        },
      ],
      meta: { great_expectations_version: '0.18.19' },
    }),
  );
  // Great Expectations 1.x's JSON shape.
  await writeFile(
    join(directory, 'gx-1.json'),
    JSON.stringify({
      name: 'orders_gx1',
      id: null,
      notes: null,
      meta: { great_expectations_version: '1.3.0' },
      expectations: [
        {
          type: 'expect_column_values_to_not_be_null',
          kwargs: { column: 'city' },
          meta: {},
          severity: 'critical',
          id: null,
          notes: null,
          description: null,
        },
      ],
    }),
  );
});

describe('ballast validate', () => {
  it('passes a suite with parameters and exits 0', async () => {
    const run = await runBallast(directory, [
      'validate',
      '--suite',
      'suite.yaml',
      'train.csv',
      '--param',
      'cities=["paris","lyon","nice"]',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Suite orders passed: 2 of 2 expectations met/);
  });

  it('fails a suite, exits 1, and lists the unexpected values once with their count', async () => {
    const run = await runBallast(directory, [
      'validate',
      '--suite',
      'suite.yaml',
      'today.csv',
      '--param',
      'cities=["paris","lyon","nice"]',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Suite orders failed: 1 of 2 expectations met/);
    expect(run.stdout).toMatch(/VALUE_NOT_IN_SET .* rome x\d+/);
    const noFail = await runBallast(directory, [
      'validate',
      '--suite',
      'suite.yaml',
      'today.csv',
      '--param',
      'cities=["paris"]',
      '--no-fail',
    ]);
    expect(noFail.code).toBe(0);
  });

  it('reads Great Expectations 0.18 and 1.x suites', async () => {
    const legacy = await runBallast(directory, [
      'validate',
      '--suite',
      'gx-018.json',
      'train.csv',
      '--json',
    ]);
    expect(legacy.stderr).toBe('');
    const legacyReport = parseValidationReport(JSON.parse(legacy.stdout));
    expect(legacyReport.suite).toBe('orders_gx');
    expect(legacyReport.statistics.evaluated).toBe(2);
    expect(legacyReport.success).toBe(true);
    const current = await runBallast(directory, [
      'validate',
      '--suite',
      'gx-1.json',
      'train.csv',
      '--json',
    ]);
    expect(parseValidationReport(JSON.parse(current.stdout)).suite).toBe('orders_gx1');
  });

  it('writes html and markdown data docs', async () => {
    const html = await runBallast(directory, [
      'validate',
      '--suite',
      'gx-018.json',
      'train.csv',
      '--format',
      'html',
      '--out',
      'docs/validation.html',
    ]);
    expect(html.stdout).toMatch(/html report written to docs\/validation\.html/);
    const page = await readFile(join(directory, 'docs/validation.html'), 'utf8');
    expect(page).toContain('expect_<wbr>column_<wbr>values_<wbr>to_<wbr>be_<wbr>between');
    const markdown = await runBallast(directory, [
      'validate',
      '--suite',
      'gx-018.json',
      'train.csv',
      '--format',
      'markdown',
    ]);
    expect(markdown.stdout).toMatch(/^## Validation report: orders_gx/);
  });

  it('reports a malformed suite as one line and exits 3', async () => {
    await writeFile(
      join(directory, 'broken.yaml'),
      'name: x\nexpectations:\n  - type: expect_nothing\n',
    );
    const run = await runBallast(directory, ['validate', '--suite', 'broken.yaml', 'train.csv']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^ballast: INVALID_SUITE: .*broken\.yaml/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('ballast infer-suite', () => {
  it('proposes a suite that the same data passes', async () => {
    const run = await runBallast(directory, ['infer-suite', 'train.csv', '--out', 'inferred.json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Inferred \d+ expectations for train\.csv; suite written to inferred\.json/,
    );
    const suite = JSON.parse(await readFile(join(directory, 'inferred.json'), 'utf8'));
    expect(suite.name).toBe('train');
    const validated = await runBallast(directory, [
      'validate',
      '--suite',
      'inferred.json',
      'train.csv',
    ]);
    expect(validated.code).toBe(0);
    const drifted = await runBallast(directory, [
      'validate',
      '--suite',
      'inferred.json',
      'today.csv',
    ]);
    expect(drifted.code).toBe(1);
  });

  it('prints the suite on stdout without --out', async () => {
    const run = await runBallast(directory, [
      'infer-suite',
      'train.csv',
      '--name',
      'x',
      '--numeric-ranges',
    ]);
    const suite = JSON.parse(run.stdout);
    expect(suite.name).toBe('x');
    expect(JSON.stringify(suite)).toMatch(
      /"expect_column_values_to_be_between","kwargs":{"column":"amount","min_value"/,
    );
  });
});
