import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareWorkDir, runWorkflow } from './run-workflow';
import { sarifLogSchema } from './sarif';

// Runs the workflow's commands on the committed sample data, as the CI job would.
const workDir = mkdtempSync(join(tmpdir(), 'ballast-ci-gate-'));
prepareWorkDir(workDir);
const results = runWorkflow(workDir);
for (const result of results) {
  console.log(
    `$ ${result.run}\n${(result.stdout + result.stderr).trim()}\n(exit ${result.status})\n`,
  );
}
const sarif = sarifLogSchema.parse(
  JSON.parse(readFileSync(join(workDir, 'reports', 'gate.sarif'), 'utf8')),
);
const failing =
  sarif.runs[0]?.results.filter(result => result.level === 'error').map(r => r.ruleId) ?? [];
console.log(
  `SARIF 2.1.0 in ${join(workDir, 'reports', 'gate.sarif')}: ${sarif.runs[0]?.results.length} results, failing: ${failing.join(', ') || 'none'}`,
);
process.exitCode = results.at(-1)?.status ?? 3;
