import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type DatasetProfile, type DriftReport, parseDatasetProfile } from '@ballast/contracts';
import { readParquet } from '@ballast/data-validation';
import { detectDrift, profile } from '@ballast/drift-stats';
import { Table } from 'apache-arrow';

/** Where the job reads and writes. */
export interface DriftJobOptions {
  /** The reference Parquet file (training data). */
  reference: string;
  /** Folder new Parquet files land in (one per day, say). */
  incoming: string;
  /** Folder for `<file>.drift.json` reports and the reference profile. */
  reports: string;
}

/** What one pass did with one incoming file. */
export interface DriftJobResult {
  file: string;
  report: string;
  drifted: boolean;
  driftedColumns: string[];
}

async function readParquetTable(path: string): Promise<Table> {
  const batches = [];
  for await (const batch of readParquet(path, { batchSize: 16_384 })) batches.push(batch);
  return new Table(batches);
}

function writeJson(path: string, value: unknown): void {
  // Write then rename: a crash mid-write never leaves a half report that a later pass would skip.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temporary, path);
}

/**
 * The reference profile: computed from the reference Parquet once and stored, so later passes
 * compare against the summary (sketches and histograms) without reading the training data again.
 */
export async function referenceProfile(options: DriftJobOptions): Promise<DatasetProfile> {
  const path = join(options.reports, 'reference.profile.json');
  if (existsSync(path)) return parseDatasetProfile(JSON.parse(readFileSync(path, 'utf8')));
  const result = profile(await readParquetTable(options.reference));
  writeJson(path, result);
  return result;
}

/**
 * One pass: every incoming `.parquet` file without a report yet is compared with the reference
 * profile and gets `<reports>/<name>.drift.json` (a contracts `DriftReport`).
 */
export async function runDriftPass(options: DriftJobOptions): Promise<DriftJobResult[]> {
  const reference = await referenceProfile(options);
  const results: DriftJobResult[] = [];
  const files = readdirSync(options.incoming)
    .filter(name => name.endsWith('.parquet'))
    .sort();
  for (const name of files) {
    const report = join(options.reports, `${basename(name, '.parquet')}.drift.json`);
    if (existsSync(report)) continue;
    const drift: DriftReport = await detectDrift(
      reference,
      await readParquetTable(join(options.incoming, name)),
    );
    writeJson(report, drift);
    results.push({
      file: name,
      report,
      drifted: drift.dataset.drifted,
      driftedColumns: drift.columns.filter(column => column.drifted).map(column => column.column),
    });
  }
  return results;
}

/**
 * Runs a pass now and then every `intervalMs` until `signal` aborts. The next pass is scheduled
 * when the previous one ends, so passes never overlap however long one takes.
 */
export async function runDriftSchedule(
  options: DriftJobOptions & { intervalMs: number; signal: AbortSignal },
  onPass: (results: DriftJobResult[]) => void,
): Promise<void> {
  while (!options.signal.aborted) {
    onPass(await runDriftPass(options));
    await new Promise<void>(resolve => {
      const timer = setTimeout(resolve, options.intervalMs);
      options.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
