import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePolicyDecision } from '@ballast/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBallast, tempDir } from '../testing/cli-harness';

let directory: string;

const evidence = (auc: number) => ({
  kind: 'Evidence',
  specVersion: 'ballast.dev/v1',
  subject: { name: 'fraud', version: '3' },
  metrics: [{ name: 'auc', value: auc }],
  evaluatedAt: '2026-11-20T10:00:00Z',
});

beforeAll(async () => {
  directory = await tempDir();
  await writeFile(
    join(directory, 'policy.yaml'),
    `name: fraud-promotion
version: '1'
enforcement: { default: enforce }
rules:
  - id: auc-floor
    description: AUC at least 0.8
    kind: metric-threshold
    metric: auc
    threshold: 0.8
    greater_is_better: true
  - id: auc-target
    description: AUC at least 0.95, only a warning
    kind: metric-threshold
    metric: auc
    threshold: 0.95
    greater_is_better: true
    severity: warn
`,
  );
  await writeFile(join(directory, 'good.json'), JSON.stringify(evidence(0.97)));
  await writeFile(join(directory, 'warn.json'), JSON.stringify(evidence(0.9)));
  await writeFile(join(directory, 'bad.json'), JSON.stringify(evidence(0.7)));
});

const gate = (evidenceFile: string, ...extra: string[]) =>
  runBallast(directory, [
    'gate',
    '--policy',
    'policy.yaml',
    '--evidence',
    evidenceFile,
    '--now',
    '2026-11-21T00:00:00Z',
    ...extra,
  ]);

describe('ballast gate', () => {
  it('exits 0 on allow, 0 or 1 on warn (--fail-on-warn), 2 on deny', async () => {
    expect((await gate('good.json')).code).toBe(0);
    expect((await gate('warn.json')).code).toBe(0);
    expect((await gate('warn.json', '--fail-on-warn')).code).toBe(1);
    const denied = await gate('bad.json');
    expect(denied.code).toBe(2);
    expect(denied.stdout).toContain('auc-floor');
  });

  it('renders json, junit, sarif and markdown', async () => {
    const json = await gate('bad.json', '--json');
    expect(parsePolicyDecision(JSON.parse(json.stdout)).outcome).toBe('deny');
    expect((await gate('bad.json', '--output', 'junit')).stdout).toMatch(
      /^<\?xml[\s\S]*<testsuite/,
    );
    const sarif = await gate('bad.json', '--output', 'sarif', '--out', 'gate.sarif');
    expect(sarif.stdout).toBe('Gate deny; sarif written to gate.sarif\n');
    expect(JSON.parse(await readFile(join(directory, 'gate.sarif'), 'utf8')).version).toBe('2.1.0');
    expect((await gate('bad.json', '--output', 'markdown')).stdout).toMatch(/auc-floor/);
  });

  it('appends to a decision log that verify-log checks, and detects an edit', async () => {
    const first = await gate(
      'good.json',
      '--log',
      'decisions.jsonl',
      '--output',
      'json',
      '--out',
      'd1.json',
    );
    expect(first.stdout).toMatch(
      /Decision appended to decisions\.jsonl \(seq 1, hash [0-9a-f]{64}\)/,
    );
    await gate('bad.json', '--log', 'decisions.jsonl', '--out', 'd2.txt');
    const verified = await runBallast(directory, ['gate', 'verify-log', 'decisions.jsonl']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^valid: /);
    const json = await runBallast(directory, ['gate', 'verify-log', 'decisions.jsonl', '--json']);
    const head = JSON.parse(json.stdout).head as string;
    const anchored = await runBallast(directory, [
      'gate',
      'verify-log',
      'decisions.jsonl',
      '--expected-head',
      head,
    ]);
    expect(anchored.code).toBe(0);
    const wrongHead = await runBallast(directory, [
      'gate',
      'verify-log',
      'decisions.jsonl',
      '--expected-head',
      'f'.repeat(64),
    ]);
    expect(wrongHead.code).toBe(1);
    const log = await readFile(join(directory, 'decisions.jsonl'), 'utf8');
    await writeFile(join(directory, 'decisions.jsonl'), log.replace('"allow"', '"deny"'));
    const broken = await runBallast(directory, ['gate', 'verify-log', 'decisions.jsonl']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^INVALID: .*line 1/);
  });

  it('reports a missing policy or bad evidence as one line and exits 3', async () => {
    const missing = await runBallast(directory, [
      'gate',
      '--policy',
      'nope.yaml',
      '--evidence',
      'good.json',
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^ballast: FILE_NOT_FOUND: /);
    await writeFile(join(directory, 'not-evidence.json'), '{"kind":"Nope"}');
    const invalid = await gate('not-evidence.json');
    expect(invalid.code).toBe(3);
    expect(invalid.stderr.trim().split('\n')).toHaveLength(1);
    const log = await runBallast(directory, ['gate', 'verify-log', 'missing.jsonl']);
    expect(log.code).toBe(3);
  });
});
