import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDriftReport } from '@ballast/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriftJobResult, runDriftPass, runDriftSchedule } from './drift-job';
import { prepareSampleData } from './sample-data';

let directory: string;
let options: { reference: string; incoming: string; reports: string };
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'scheduled-drift-'));
  const { reference, incoming } = prepareSampleData(directory);
  options = { reference, incoming, reports: join(directory, 'reports') };
  mkdirSync(options.reports, { recursive: true });
}, 60_000);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('scheduled drift job over Parquet', () => {
  it('writes one DriftReport per new file: a sample like the reference passes, evening flights drift', async () => {
    const results = await runDriftPass(options);
    expect(results.map(r => [r.file, r.drifted])).toEqual([
      ['2026-12-01.parquet', false],
      ['2026-12-02.parquet', true],
    ]);
    expect(results[1]?.driftedColumns).toEqual(['delay', 'time']);
    for (const result of results) {
      const report = parseDriftReport(JSON.parse(readFileSync(result.report, 'utf8')));
      expect(report.current.rows).toBe(20_000);
      expect(report.reference.rows).toBe(50_000);
    }
    expect(readdirSync(options.reports).sort()).toEqual([
      '2026-12-01.drift.json',
      '2026-12-02.drift.json',
      'reference.profile.json',
    ]);
  }, 60_000);

  it('skips files already reported and picks up new ones on the next pass', async () => {
    expect(await runDriftPass(options)).toEqual([]);
    copyFileSync(
      join(options.incoming, '2026-12-01.parquet'),
      join(options.incoming, '2026-12-03.parquet'),
    );
    const results = await runDriftPass(options);
    expect(results.map(r => [r.file, r.drifted])).toEqual([['2026-12-03.parquet', false]]);
  }, 60_000);

  it('the schedule runs passes until aborted, without overlapping', async () => {
    const controller = new AbortController();
    const passes: DriftJobResult[][] = [];
    await runDriftSchedule({ ...options, intervalMs: 1, signal: controller.signal }, results => {
      passes.push(results);
      if (passes.length === 3) controller.abort();
    });
    expect(passes).toEqual([[], [], []]);
  }, 60_000);
});
