#!/usr/bin/env node
// The one command behind `pnpm test`: build, lint, dependency rule, type-check, tests,
// package-export checks and the consumer smoke test (packed tarballs installed outside the
// workspace), then one line totalling every package's tests.
//
// Output is one line per step and one per package; a failing step prints its full output.
// A test file that fails to load counts as one failed test, so it shows in the total.
// `--verbose` (or BALLAST_VERBOSE=1) streams every step's output as it runs.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.cwd();
const workspaceFolders = ['packages', 'examples', 'benchmarks'];
const concurrency = process.env.BALLAST_CONCURRENCY ?? '2';
const verbose = process.argv.includes('--verbose') || process.env.BALLAST_VERBOSE === '1';
const skipSmoke = process.argv.includes('--no-smoke');

function run(label, command, args) {
  const started = Date.now();
  return new Promise(resolve => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: verbose ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
    });
    const chunks = [];
    child.stdout?.on('data', chunk => chunks.push(chunk));
    child.stderr?.on('data', chunk => chunks.push(chunk));
    child.on('close', code => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${label} (${seconds} s)`);
      if (!ok && !verbose) {
        console.log(`--- output of ${command} ${args.join(' ')}`);
        process.stdout.write(Buffer.concat(chunks).toString('utf8'));
        console.log(`--- end of ${label}`);
      }
      resolve(ok);
    });
  });
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

const turbo = [
  'exec',
  'turbo',
  'run',
  '--concurrency',
  concurrency,
  '--continue',
  '--output-logs=errors-only',
];
const steps = [
  ['build', 'pnpm', [...turbo, 'build']],
  ['lint', 'pnpm', ['exec', 'biome', 'check', '--error-on-warnings', '.']],
  ['dependency rule', 'node', ['scripts/check-dependency-rule.mjs']],
  ['typecheck', 'pnpm', [...turbo, 'typecheck']],
  ['test', 'pnpm', [...turbo, 'test']],
  ['check-exports', 'pnpm', [...turbo, 'check-exports']],
];
if (!skipSmoke) steps.push(['consumer smoke test', 'node', ['scripts/consumer-smoke.mjs']]);

const failedSteps = [];
for (const [label, command, args] of steps) {
  if (!(await run(label, command, args))) failedSteps.push(label);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const directory of packageDirectories()) {
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  if (!manifest.scripts?.test) continue;
  const resultsFile = join(directory, 'test-results.json');
  if (!existsSync(resultsFile)) {
    missing.push(manifest.name);
    continue;
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  // A file that failed to load has no assertion results: count it as one failed test.
  const unloadedFiles = (results.testResults ?? []).filter(
    file => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
  );
  const packagePassed = results.numPassedTests ?? 0;
  const packageFailed = (results.numFailedTests ?? 0) + unloadedFiles.length;
  const packageSkipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  console.log(
    `${manifest.name}: ${packagePassed} passed, ${packageFailed} failed${packageSkipped > 0 ? `, ${packageSkipped} skipped` : ''}`,
  );
  for (const file of unloadedFiles) {
    console.log(`  failed to load: ${relative(root, file.name)}: ${file.message ?? ''}`.trimEnd());
  }
  passed += packagePassed;
  failed += packageFailed;
  skipped += packageSkipped;
}
for (const name of missing) failedSteps.push(`${name} wrote no test results`);
if (failedSteps.length > 0) console.log(`failed steps: ${failedSteps.join('; ')}`);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);
