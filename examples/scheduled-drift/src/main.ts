import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type DriftJobResult, runDriftPass, runDriftSchedule } from './drift-job';
import { prepareSampleData } from './sample-data';

// Usage: tsx src/main.ts [--once] [--interval 60] [--dir DIR]
// DIR holds reference.parquet, incoming/*.parquet and reports/; sample flights are written there
// when it has no reference yet.
const { values } = parseArgs({
  options: {
    once: { type: 'boolean', default: false },
    interval: { type: 'string', default: '60' },
    dir: { type: 'string', default: join(tmpdir(), 'ballast-scheduled-drift') },
  },
});
const directory = values.dir;
const reference = join(directory, 'reference.parquet');
if (!existsSync(reference)) {
  prepareSampleData(directory);
  console.log(`Sample flights written to ${directory} (reference.parquet, incoming/*.parquet)`);
}
const options = {
  reference,
  incoming: join(directory, 'incoming'),
  reports: join(directory, 'reports'),
};
mkdirSync(options.reports, { recursive: true });

function print(results: DriftJobResult[]): void {
  if (results.length === 0)
    console.log(`${new Date().toISOString()} nothing new in ${options.incoming}`);
  for (const result of results) {
    const verdict = result.drifted ? `DRIFT in ${result.driftedColumns.join(', ')}` : 'no drift';
    console.log(`${new Date().toISOString()} ${result.file}: ${verdict}; report ${result.report}`);
  }
}

if (values.once) {
  print(await runDriftPass(options));
} else {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  console.log(`Checking ${options.incoming} every ${values.interval} s; Ctrl-C stops`);
  await runDriftSchedule(
    { ...options, intervalMs: Number(values.interval) * 1000, signal: controller.signal },
    print,
  );
}
