import { basename } from 'node:path';
import { type DatasetProfile, parseDatasetProfile } from '@ballast/contracts';
import {
  type DetectDriftOptions,
  type DriftMethodId,
  detectDrift,
  driftMethods,
  isDriftMethodId,
} from '@ballast/drift-stats';
import { type Command, Option } from 'commander';
import { computeColumnDistributions } from '../report/column-distributions';
import { renderDriftReportHtml } from '../report/render-drift-html';
import { renderDriftReportMarkdown, renderDriftReportText } from '../report/render-drift-text';
import { CliError } from '../shared/cli-error';
import type { CliContext } from '../shared/context';
import { exitCodes } from '../shared/exit-codes';
import {
  collect,
  errorExitLine,
  helpEpilogue,
  inputFormatOption,
  jsonOption,
  keyValues,
  parseNumber,
} from '../shared/options';
import { printJson, printLine, writeOutput } from '../shared/output';
import type { ProgramState } from '../shared/program-state';
import { readJson } from '../shared/read-json';
import { readTable } from '../shared/read-table';

/** The report formats of `ballast drift`. */
export const driftFormats = ['text', 'json', 'html', 'markdown'] as const;

interface DriftCommandOptions {
  reference?: string;
  referenceProfile?: string;
  current: string;
  method?: string[];
  threshold?: string[];
  columns?: string;
  correction: 'none' | 'bonferroni' | 'benjamini-hochberg';
  driftShare?: string;
  format?: (typeof driftFormats)[number];
  out?: string;
  inputFormat?: string;
  json?: boolean;
  fail: boolean;
}

function methodsOf(items: readonly string[]): Record<string, DriftMethodId> {
  const methods: Record<string, DriftMethodId> = {};
  for (const [column, method] of Object.entries(keyValues(items, '--method'))) {
    if (!isDriftMethodId(method)) {
      throw new CliError({
        code: 'UNKNOWN_DRIFT_METHOD',
        message: `Unknown drift method "${method}" for column ${column}.`,
        fix: `use one of ${driftMethods.map(item => item.id).join(', ')}`,
      });
    }
    methods[column] = method;
  }
  return methods;
}

function thresholdsOf(items: readonly string[]): Record<string, number> {
  return Object.fromEntries(
    Object.entries(keyValues(items, '--threshold')).map(([column, value]) => [
      column,
      parseNumber(value, '--threshold'),
    ]),
  );
}

async function runDrift(
  context: CliContext,
  state: ProgramState,
  options: DriftCommandOptions,
): Promise<void> {
  if ((options.reference === undefined) === (options.referenceProfile === undefined)) {
    throw new CliError({
      code: 'MISSING_REFERENCE',
      message: 'Pass exactly one of --reference (a data file) and --reference-profile (a profile).',
      fix: 'add --reference data/train.parquet, or --reference-profile train.profile.json from ballast profile',
    });
  }
  const comparison: DetectDriftOptions = {
    correction: options.correction,
    ...(options.method ? { methods: methodsOf(options.method) } : {}),
    ...(options.threshold ? { thresholds: thresholdsOf(options.threshold) } : {}),
    ...(options.driftShare === undefined
      ? {}
      : { driftShare: parseNumber(options.driftShare, '--drift-share') }),
    ...(options.columns
      ? {
          columns: options.columns
            .split(',')
            .map(column => column.trim())
            .filter(Boolean),
        }
      : {}),
  };
  const reference: DatasetProfile | Awaited<ReturnType<typeof readTable>> =
    options.referenceProfile === undefined
      ? await readTable(context, options.reference as string, options.inputFormat)
      : parseDatasetProfile(await readJson(context, options.referenceProfile, 'reference profile'));
  const current = await readTable(context, options.current, options.inputFormat);
  const report = await detectDrift(reference, current, comparison);
  const format = options.format ?? (options.json ? 'json' : 'text');
  let rendered: string;
  if (format === 'json') rendered = JSON.stringify(report, null, 2);
  else if (format === 'markdown') rendered = renderDriftReportMarkdown(report);
  else if (format === 'html') {
    rendered = renderDriftReportHtml(report, {
      distributions: computeColumnDistributions(report, reference, current),
      referenceName: basename(options.reference ?? options.referenceProfile ?? ''),
      currentName: basename(options.current),
    });
  } else rendered = renderDriftReportText(report);
  await writeOutput(context, rendered, options.out);
  if (options.out !== undefined && options.out !== '-') {
    if (options.json) printJson(context, { out: options.out, format, report });
    else {
      const { dataset } = report;
      printLine(
        context,
        `${dataset.drifted ? 'Drift detected' : 'No drift'}: ${dataset.driftedColumns} of ${dataset.totalColumns} columns drifted; ${format} report written to ${options.out}`,
      );
    }
  }
  state.exitCode = report.dataset.drifted && options.fail ? exitCodes.finding : exitCodes.ok;
}

/** Adds `ballast drift` to the program. */
export function registerDriftCommand(
  program: Command,
  context: CliContext,
  state: ProgramState,
): Command {
  return program
    .command('drift')
    .summary('compare a current dataset with a reference, column by column')
    .description(
      "Compares a current dataset with a reference (a data file or a stored profile) column by column, with Evidently's default method per column unless --method says otherwise, and reports the verdict per column and for the dataset. Reads Arrow IPC, Parquet, CSV and JSON Lines.",
    )
    .option('--reference <file>', 'reference data file')
    .option(
      '--reference-profile <file>',
      'reference profile from `ballast profile` (instead of --reference)',
    )
    .requiredOption('--current <file>', 'current data file')
    .option(
      '--method <column=method>',
      'drift method for a column (repeatable), e.g. amount=ks',
      collect,
    )
    .option('--threshold <column=value>', 'threshold for a column (repeatable)', collect)
    .option('--columns <names>', 'compare only these columns (comma-separated)')
    .addOption(
      new Option('--correction <name>', 'multiple-testing correction across p-value columns')
        .choices(['none', 'bonferroni', 'benjamini-hochberg'])
        .default('none'),
    )
    .option(
      '--drift-share <share>',
      'share of drifted columns that makes the dataset drift (default 0.5)',
    )
    .addOption(
      new Option('--format <format>', 'report format (default: text, or json with --json)').choices(
        driftFormats,
      ),
    )
    .option('--out <file>', 'write the report to this file instead of stdout')
    .addOption(inputFormatOption())
    .option('--no-fail', 'exit 0 even when the dataset drifted')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        [
          'ballast drift --reference train.parquet --current today.parquet',
          'ballast drift --reference train.csv --current today.csv --method amount=psi --format html --out drift.html',
          'ballast drift --reference-profile train.profile.json --current today.arrow --json',
        ],
        ['0  no dataset drift', '1  the dataset drifted (unless --no-fail)', errorExitLine],
      ),
    )
    .action(async (options: DriftCommandOptions) => runDrift(context, state, options));
}
