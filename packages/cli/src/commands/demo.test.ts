import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBallast, tempDir } from '../testing/cli-harness';

describe('ballast demo', () => {
  it('prints one numbered line per step into .ballast/demo, then --json prints the summary', async () => {
    const directory = await tempDir();
    const run = await runBallast(directory, ['demo']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const steps = run.stdout.split('\n').filter(line => /^ ?\d\. /.test(line));
    expect(steps.map(line => line.slice(4).split(' ')[0])).toEqual([
      'data',
      'validate',
      'train',
      'register',
      'gate',
      'serve',
      'traffic',
      'reports',
      'lineage',
    ]);
    expect(run.stdout).toContain('Everything is in .ballast/demo/');
    expect(
      existsSync(join(directory, '.ballast', 'demo', 'reports', 'traffic-2015-drift.html')),
    ).toBe(true);

    // A rerun clears its own output; --json prints only the summary object.
    const json = await runBallast(directory, ['demo', '--drift', '--json', '--out', 'drifted']);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary).toMatchObject({ version: '1', outcome: 'deny', promoted: false });
    expect(summary.paths.outDir).toBe(join(directory, 'drifted'));
    expect(summary.alerts.length).toBeGreaterThan(0);
  }, 180_000);
});
