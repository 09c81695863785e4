// Test-only helpers (not exported): run the program in-process against a temp directory, and
// write small datasets in every format the CLI reads.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll } from 'vitest';
import { runCli } from '../program';
import type { CliContext } from '../shared/context';

/** What a run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const created: string[] = [];
// Each test file gets its own copy of this module, so this removes that file's directories.
afterAll(async () => {
  await Promise.all(created.splice(0).map(path => rm(path, { recursive: true, force: true })));
});

/** A fresh temp directory, removed after the test file. */
export async function tempDir(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'ballast-cli-'));
  created.push(path);
  return path;
}

/** Runs `ballast <argv>` in-process with `cwd` as the working directory. */
export async function runBallast(
  cwd: string,
  argv: readonly string[],
  extra: Partial<CliContext> = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    env: {},
    stdout: { write: text => (stdout += text) },
    stderr: { write: text => (stderr += text) },
    ...extra,
  });
  return { code, stdout, stderr };
}

/** Rows of a small dataset: `amount` (numeric, shifted by `shift`), `city`, `active`. */
export function rows(count: number, shift: number, cities = ['paris', 'lyon', 'nice']) {
  return Array.from({ length: count }, (_, index) => ({
    amount: Math.round((50 + shift + 10 * Math.sin(index * 1.7)) * 1000) / 1000,
    city: cities[index % cities.length] ?? 'paris',
    active: index % 4 !== 0,
  }));
}

/** A suite over {@link rows}: `amount` not null, `city` in the `cities` parameter. */
export const ordersSuiteYaml = `name: orders
expectations:
  - type: expect_column_values_to_not_be_null
    kwargs: { column: amount }
  - type: expect_column_values_to_be_in_set
    kwargs: { column: city, value_set: { $PARAMETER: cities } }
`;

type Row = Record<string, number | string | boolean | null>;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes rows as CSV. */
export async function writeCsv(path: string, data: readonly Row[]): Promise<void> {
  const columns = Object.keys(data[0] ?? {});
  const lines = [
    columns.map(csvCell).join(','),
    ...data.map(row => columns.map(c => csvCell(row[c])).join(',')),
  ];
  await writeFile(path, `${lines.join('\n')}\n`);
}

/** Writes rows as JSON Lines. */
export async function writeJsonLines(path: string, data: readonly Row[]): Promise<void> {
  await writeFile(path, `${data.map(row => JSON.stringify(row)).join('\n')}\n`);
}

/** Writes rows as an Arrow IPC file. */
export async function writeArrow(path: string, data: readonly Row[]): Promise<void> {
  const columns = Object.keys(data[0] ?? {});
  const arrays = Object.fromEntries(
    columns.map(column => {
      const values = data.map(row => row[column]);
      return [
        column,
        typeof values[0] === 'number' ? Float64Array.from(values as number[]) : values,
      ];
    }),
  );
  await writeFile(
    path,
    tableToIPC(tableFromArrays(arrays as Record<string, Float64Array>), 'file'),
  );
}
