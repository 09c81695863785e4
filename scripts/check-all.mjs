#!/usr/bin/env node
// The one command behind `pnpm test`: build, lint, dependency rule, type-check, tests and
// package-export checks for every package, then one line totalling every package's tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const workspaceFolders = ['packages', 'examples', 'benchmarks'];
const concurrency = process.env.BALLAST_CONCURRENCY ?? '2';

function run(label, command, args) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root });
  return result.status === 0;
}

function packageDirectories() {
  const directories = [];
  for (const folder of workspaceFolders) {
    const path = join(root, folder);
    if (!existsSync(path)) continue;
    if (existsSync(join(path, 'package.json'))) directories.push(path);
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(path, entry.name, 'package.json'))) {
        directories.push(join(path, entry.name));
      }
    }
  }
  return directories;
}

for (const directory of packageDirectories())
  rmSync(join(directory, 'test-results.json'), { force: true });

const turbo = ['exec', 'turbo', 'run', '--concurrency', concurrency, '--continue'];
const steps = [
  ['build', 'pnpm', [...turbo, 'build']],
  ['lint', 'pnpm', ['exec', 'biome', 'check', '--error-on-warnings', '.']],
  ['dependency rule', 'node', ['scripts/check-dependency-rule.mjs']],
  ['typecheck', 'pnpm', [...turbo, 'typecheck']],
  ['test', 'pnpm', [...turbo, 'test']],
  ['check-exports', 'pnpm', [...turbo, 'check-exports']],
];
const failedSteps = [];
for (const [label, command, args] of steps) {
  if (!run(label, command, args)) failedSteps.push(label);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
console.log('\n=== test totals by package');
for (const directory of packageDirectories()) {
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  if (!manifest.scripts?.test) continue;
  const resultsFile = join(directory, 'test-results.json');
  if (!existsSync(resultsFile)) {
    missing.push(manifest.name);
    continue;
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const packagePassed = results.numPassedTests ?? 0;
  const packageFailed = results.numFailedTests ?? 0;
  const packageSkipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  console.log(
    `${manifest.name}: ${packagePassed} passed, ${packageFailed} failed, ${packageSkipped} skipped`,
  );
  passed += packagePassed;
  failed += packageFailed;
  skipped += packageSkipped;
  if ((results.numFailedTestSuites ?? 0) > 0 && packageFailed === 0) {
    failedSteps.push(`${manifest.name} test files failed to load`);
  }
}
for (const name of missing) failedSteps.push(`${name} wrote no test results`);
if (failedSteps.length > 0) console.log(`\nfailed steps: ${failedSteps.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);
