#!/usr/bin/env node
// `pnpm demo`: build the packages quietly (their logs only on failure), then run the golden-path
// example with its own output. Arguments are passed on (`pnpm demo --drift`).
import { spawnSync } from 'node:child_process';

const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
  { encoding: 'utf8', env: { ...process.env, TURBO_NO_UPDATE_NOTIFIER: '1' } },
);
if (build.status !== 0) {
  process.stdout.write(build.stdout ?? '');
  process.stderr.write(build.stderr ?? '');
  console.error('demo: building the packages failed (output above)');
  process.exit(build.status ?? 1);
}
const demo = spawnSync(
  'pnpm',
  ['--silent', '--filter', '@ballast-examples/golden-path', 'start', ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(demo.status ?? 1);
