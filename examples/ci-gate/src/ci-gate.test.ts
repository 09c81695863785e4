import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareWorkDir, runWorkflow, workflowCommands, workflowPath } from './run-workflow';
import { sampleOrdersCsv } from './sample-data';
import { sarifLogSchema } from './sarif';

const dirs: string[] = [];
function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-gate-test-'));
  dirs.push(dir);
  prepareWorkDir(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function readSarif(dir: string) {
  return sarifLogSchema.parse(JSON.parse(readFileSync(join(dir, 'reports', 'gate.sarif'), 'utf8')));
}

describe('the ballast-gate workflow', () => {
  it('runs validate, drift, the evidence script and gate --output sarif, and uploads the SARIF', () => {
    expect(workflowCommands().map(command => command.run.split(' ').slice(0, 3).join(' '))).toEqual(
      [
        'npx ballast validate',
        'npx ballast drift',
        'npx tsx src/build-evidence.ts',
        'npx ballast gate',
      ],
    );
    const workflow = readFileSync(workflowPath, 'utf8');
    expect(workflow).toContain('--output sarif --out reports/gate.sarif');
    expect(workflow).toMatch(
      /uses: github\/codeql-action\/upload-sarif@v3\n\s+with:\n\s+sarif_file: reports\/gate\.sarif/,
    );
    expect(workflow).toContain('security-events: write');
  });

  it('allows the committed data: every step exits 0 and the SARIF has no error result', () => {
    const dir = workDir();
    const results = runWorkflow(dir);
    expect(results.map(result => [result.name, result.status])).toEqual([
      ['Validate current data', 0],
      ['Drift against the reference', 0],
      ['Assemble the evidence', 0],
      ['Gate the promotion', 0],
    ]);
    const sarif = readSarif(dir);
    expect(sarif.runs[0]?.results.map(result => [result.ruleId, result.level])).toEqual([
      ['auc-floor', 'none'],
      ['no-dataset-drift', 'none'],
      ['orders-valid', 'none'],
    ]);
  }, 120_000);

  it('denies drifted data with exit code 2 and a SARIF error on the drift rule', () => {
    const dir = workDir();
    // The same commands, with this week's file replaced by a drifted one.
    writeFileSync(
      join(dir, 'data', 'current.csv'),
      sampleOrdersCsv({ rows: 400, seed: 2, drifted: true }),
    );
    const results = runWorkflow(dir);
    expect(results.map(result => result.status)).toEqual([0, 0, 0, 2]);
    const drift = JSON.parse(readFileSync(join(dir, 'reports', 'drift.json'), 'utf8'));
    expect(drift.dataset.drifted).toBe(true);
    const failing = readSarif(dir).runs[0]?.results.filter(result => result.level === 'error');
    expect(failing?.map(result => result.ruleId)).toEqual(['no-dataset-drift']);
    expect(failing?.[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'ci/promotion-policy.yaml',
    );
  }, 120_000);

  it('the SARIF check rejects what code scanning would reject', () => {
    const bad = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'x' } },
          results: [{ ruleId: 'r', message: { text: 't' }, locations: [] }],
        },
      ],
    };
    expect(sarifLogSchema.safeParse(bad).success).toBe(false);
    expect(sarifLogSchema.safeParse({ ...bad, version: '2.0.0' }).success).toBe(false);
  });

  it('the committed CSVs are the ones sample-data generates', () => {
    const data = (name: string) =>
      readFileSync(join(workflowPath, '..', '..', 'data', name), 'utf8');
    expect(data('reference.csv')).toBe(sampleOrdersCsv({ rows: 400, seed: 1 }));
    expect(data('current.csv')).toBe(sampleOrdersCsv({ rows: 400, seed: 2 }));
  });
});
