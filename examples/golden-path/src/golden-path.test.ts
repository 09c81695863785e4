import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGoldenPath, summarizeGoldenPath } from '@ballast/cli';
import { afterAll, expect, it } from 'vitest';

// The pipeline is tested in @ballast/cli (src/demo/golden-path.test.ts); this checks that the
// example's wrapper gets a complete run from the published entry point.
let directory: string | undefined;

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

it('runs the golden path from @ballast/cli: promoted, served, reports written', async () => {
  directory = await mkdtemp(join(tmpdir(), 'golden-path-example-'));
  const lines: string[] = [];
  const result = await runGoldenPath({
    outDir: join(directory, 'out'),
    batchRows: 25,
    log: line => lines.push(line),
  });
  expect(lines[0]).toMatch(/^data {6}read 1461 days of Seattle weather/);
  expect(result.promoted).toBe(true);
  expect(result.requests).toEqual({ sent: 15, failed: 0, rows: 365 });
  for (const path of Object.values(result.paths)) expect(existsSync(path), path).toBe(true);
  expect(summarizeGoldenPath(result, directory).at(-1)).toBe(
    'Everything is in out/ (reports in reports/, open the .html files in a browser).',
  );
}, 120_000);
