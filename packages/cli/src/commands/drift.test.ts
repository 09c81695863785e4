import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDatasetProfile, parseDriftReport } from '@ballast/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  rows,
  runBallast,
  tempDir,
  writeArrow,
  writeCsv,
  writeJsonLines,
} from '../testing/cli-harness';

let directory: string;

beforeAll(async () => {
  directory = await tempDir();
  const reference = rows(2000, 0);
  const current = rows(1500, 4, ['paris', 'lyon']);
  await writeCsv(join(directory, 'reference.csv'), reference);
  await writeCsv(join(directory, 'current.csv'), current);
  await writeCsv(join(directory, 'same.csv'), reference);
  await writeJsonLines(join(directory, 'current.jsonl'), current);
  await writeArrow(join(directory, 'current.arrow'), current);
  await writeCsv(join(directory, 'current.data'), current);
});

describe('ballast drift', () => {
  it('prints a text report and exits 1 when the dataset drifted', async () => {
    const run = await runBallast(directory, [
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'current.csv',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Drift detected: 2 of 3 columns drifted/);
    expect(run.stdout).toMatch(/amount\s+numeric\s+wasserstein/);
  });

  it('exits 0 without drift, and with --no-fail', async () => {
    const same = await runBallast(directory, [
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'same.csv',
    ]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^No drift/);
    const noFail = await runBallast(directory, [
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'current.csv',
      '--no-fail',
    ]);
    expect(noFail.code).toBe(0);
  });

  it('prints the DriftReport as JSON with --json, honouring --method and --correction', async () => {
    const run = await runBallast(directory, [
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'current.csv',
      '--method',
      'amount=ks',
      '--method',
      'city=chisquare',
      '--correction',
      'bonferroni',
      '--json',
    ]);
    const report = parseDriftReport(JSON.parse(run.stdout));
    expect(report.options.correction).toBe('bonferroni');
    expect(report.columns.find(column => column.column === 'amount')?.method).toBe('ks');
    expect(report.columns.find(column => column.column === 'city')?.method).toBe('chisquare');
  });

  it('reads JSON Lines, Arrow IPC and, with --input-format, any extension, to the same report', async () => {
    const statistics = async (file: string, extra: string[] = []) => {
      const run = await runBallast(directory, [
        'drift',
        '--reference',
        'reference.csv',
        '--current',
        file,
        '--json',
        ...extra,
      ]);
      expect(run.stderr).toBe('');
      return parseDriftReport(JSON.parse(run.stdout)).columns.map(column => column.statistic);
    };
    const csv = await statistics('current.csv');
    expect(await statistics('current.jsonl')).toEqual(csv);
    expect(await statistics('current.arrow')).toEqual(csv);
    expect(await statistics('current.data', ['--input-format', 'csv'])).toEqual(csv);
  });

  it('reads Parquet', async () => {
    const fixture = join(
      import.meta.dirname,
      '../../../data-validation/src/__fixtures__/parity.parquet',
    );
    await copyFile(fixture, join(directory, 'parity.parquet'));
    const run = await runBallast(directory, [
      'drift',
      '--reference',
      'parity.parquet',
      '--current',
      'parity.parquet',
      '--columns',
      'amount',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = parseDriftReport(JSON.parse(run.stdout));
    expect(report.columns.map(column => column.column)).toEqual(['amount']);
    expect(report.reference.rows).toBe(2000);
  });

  it('writes markdown and HTML reports to --out and prints one summary line', async () => {
    const markdown = await runBallast(directory, [
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'current.csv',
      '--format',
      'markdown',
      '--out',
      'out/drift.md',
    ]);
    expect(markdown.stdout).toBe(
      'Drift detected: 2 of 3 columns drifted; markdown report written to out/drift.md\n',
    );
    expect(await readFile(join(directory, 'out/drift.md'), 'utf8')).toMatch(/^## Drift report/);
    const html = await runBallast(directory, [
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'current.csv',
      '--format',
      'html',
      '--out',
      'drift.html',
      '--json',
    ]);
    expect(JSON.parse(html.stdout).out).toBe('drift.html');
    const page = await readFile(join(directory, 'drift.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page.match(/<svg /g)).toHaveLength(3);
    expect(page).not.toMatch(/https?:\/\//);
  });

  it('profiles a reference and drifts against the stored profile', async () => {
    const profiled = await runBallast(directory, [
      'profile',
      'reference.csv',
      '--out',
      'reference.profile.json',
    ]);
    expect(profiled.code).toBe(0);
    expect(profiled.stdout).toMatch(/^Profiled 2000 rows × 3 columns/);
    const profile = parseDatasetProfile(
      JSON.parse(await readFile(join(directory, 'reference.profile.json'), 'utf8')),
    );
    expect(profile.rowCount).toBe(2000);
    const run = await runBallast(directory, [
      'drift',
      '--reference-profile',
      'reference.profile.json',
      '--current',
      'current.csv',
      '--format',
      'html',
      '--out',
      'from-profile.html',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const page = await readFile(join(directory, 'from-profile.html'), 'utf8');
    expect(page.match(/<svg /g)).toHaveLength(3);
    const json = await runBallast(directory, [
      'profile',
      'reference.csv',
      '--out',
      'p2.json',
      '--json',
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({ out: 'p2.json', rowCount: 2000, columns: 3 });
  });

  it('reports errors as one line with the fix and exits 3', async () => {
    const missing = await runBallast(directory, [
      'drift',
      '--reference',
      'nope.csv',
      '--current',
      'current.csv',
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(
      'ballast: FILE_NOT_FOUND: No file at nope.csv. (fix: check the path (relative paths are resolved from the current directory))\n',
    );
    const method = await runBallast(directory, [
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'current.csv',
      '--method',
      'amount=nope',
    ]);
    expect(method.stderr).toMatch(
      /^ballast: UNKNOWN_DRIFT_METHOD: Unknown drift method "nope" for column amount\. \(fix: use one of ks, /,
    );
    const both = await runBallast(directory, ['drift', '--current', 'current.csv']);
    expect(both.stderr).toMatch(/^ballast: MISSING_REFERENCE: /);
    const extension = await runBallast(directory, [
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'current.data',
    ]);
    expect(extension.stderr).toMatch(/^ballast: UNSUPPORTED_FILE_TYPE: .*--input-format/);
    const usage = await runBallast(directory, ['drift', '--reference', 'reference.csv']);
    expect(usage.stderr).toBe(
      "ballast: USAGE: required option '--current <file>' not specified (fix: run ballast drift --help)\n",
    );
    for (const run of [method, both, extension, usage]) {
      expect(run.code).toBe(3);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('prints the stack only with --verbose', async () => {
    await writeFile(join(directory, 'bad.jsonl'), '{"amount": 1}\nnot json\n');
    const quiet = await runBallast(directory, [
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'bad.jsonl',
    ]);
    expect(quiet.code).toBe(3);
    expect(quiet.stderr.trim().split('\n')).toHaveLength(1);
    const verbose = await runBallast(directory, [
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      'bad.jsonl',
      '--verbose',
    ]);
    expect(verbose.stderr.split('\n')[0]).toBe(quiet.stderr.trim());
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });
});
