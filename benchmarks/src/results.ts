import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One measured row: what ran, on which side (ours or the peer), and the figures. */
export interface BenchmarkRow {
  case: string;
  subject: string;
  metrics: Record<string, number>;
}

/** A ratio between ours and the peer, measured in the same run, with the target it is held to. */
export interface BenchmarkRatio {
  name: string;
  value: number;
  target?: string;
  met?: boolean;
}

/** Everything a suite measured, written as JSON and markdown under `benchmarks/results/`. */
export interface BenchmarkResult {
  suite: string;
  title: string;
  notes?: string[];
  rows: BenchmarkRow[];
  ratios: BenchmarkRatio[];
}

const resultsDirectory = fileURLToPath(new URL('../results/', import.meta.url));

function environment() {
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    date: new Date().toISOString(),
  };
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(4);
}

/** Writes `<suite>.json` and `<suite>.md` and returns their paths. */
export function writeResults(result: BenchmarkResult): { json: string; markdown: string } {
  mkdirSync(resultsDirectory, { recursive: true });
  const env = environment();
  const json = join(resultsDirectory, `${result.suite}.json`);
  writeFileSync(json, `${JSON.stringify({ ...result, environment: env }, null, 2)}\n`);
  const metricNames = [...new Set(result.rows.flatMap(row => Object.keys(row.metrics)))];
  const lines = [
    `# ${result.title}`,
    '',
    `Measured ${env.date} on Node ${env.node}, ${env.cores} cores (${env.cpu}), ${env.memoryGiB} GiB.`,
    '',
    ...(result.notes ?? []).map(note => `- ${note}`),
    ...(result.notes?.length ? [''] : []),
    '## Ratios',
    '',
    '| ratio | value | target | met |',
    '| --- | --- | --- | --- |',
    ...result.ratios.map(
      ratio =>
        `| ${ratio.name} | ${formatNumber(ratio.value)} | ${ratio.target ?? ''} | ${ratio.met === undefined ? '' : ratio.met ? 'yes' : 'no'} |`,
    ),
    '',
    '## Measurements',
    '',
    `| case | subject | ${metricNames.join(' | ')} |`,
    `| --- | --- | ${metricNames.map(() => '---').join(' | ')} |`,
    ...result.rows.map(
      row =>
        `| ${row.case} | ${row.subject} | ${metricNames
          .map(name =>
            row.metrics[name] === undefined ? '' : formatNumber(row.metrics[name] as number),
          )
          .join(' | ')} |`,
    ),
    '',
  ];
  const markdown = join(resultsDirectory, `${result.suite}.md`);
  writeFileSync(markdown, lines.join('\n'));
  return { json, markdown };
}
