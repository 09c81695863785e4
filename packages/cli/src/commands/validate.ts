import { basename } from 'node:path';
import { parseSuite, validate } from '@ballast/data-validation';
import { validationReportFacet } from '@ballast/lineage';
import { type Command, Option } from 'commander';
import { renderValidationReportHtml } from '../report/render-validation-html';
import {
  renderValidationReportMarkdown,
  renderValidationReportText,
} from '../report/render-validation-text';
import type { CliContext } from '../shared/context';
import { exitCodes } from '../shared/exit-codes';
import {
  collect,
  errorExitLine,
  helpEpilogue,
  inputFormatOption,
  jsonOption,
  lineageOption,
  keyValues,
} from '../shared/options';
import { printJson, printLine, writeOutput } from '../shared/output';
import type { ProgramState } from '../shared/program-state';
import { readText } from '../shared/read-json';
import { readBatchesWithProgress } from '../shared/read-table';
import { runOnDataSource } from '../shared/run-on-data-source';
import {
  addWarehouseOptions,
  type WarehouseOptions,
  warehouseTimeout,
} from '../shared/warehouse-table';

/** The report formats of `ballast validate`. */
export const validateFormats = ['text', 'json', 'html', 'markdown'] as const;

interface ValidateCommandOptions extends WarehouseOptions {
  suite: string;
  lineage?: string;
  param?: string[];
  environment?: string;
  resultFormat: 'BOOLEAN_ONLY' | 'BASIC' | 'SUMMARY' | 'COMPLETE';
  format?: (typeof validateFormats)[number];
  out?: string;
  inputFormat?: string;
  json?: boolean;
  fail: boolean;
}

/** `--param name=value`: suite parameters; values are read as JSON when they parse, else text. */
function parametersOf(items: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(keyValues(items, '--param')).map(([name, value]) => {
      try {
        return [name, JSON.parse(value) as unknown];
      } catch {
        return [name, value];
      }
    }),
  );
}

async function runValidate(
  context: CliContext,
  state: ProgramState,
  data: string | undefined,
  options: ValidateCommandOptions,
): Promise<void> {
  const parameters = parametersOf(options.param ?? []);
  const suite = parseSuite(await readText(context, options.suite, 'suite'), {
    sourceName: options.suite,
    ...(options.param ? { parameters } : {}),
  });
  const runOptions = {
    resultFormat: options.resultFormat,
    ...(options.environment ? { environment: options.environment } : {}),
  };
  const report = await runOnDataSource(context, data, options, `validate.${suite.name}`, {
    table: (table, signal) =>
      validate(suite, table, { ...runOptions, ...warehouseTimeout(options), signal }),
    file: path =>
      validate(suite, readBatchesWithProgress(context, path, options.inputFormat), runOptions),
    inputFacets: result => ({ ballast_validationReport: validationReportFacet(result) }),
  });
  const dataName = options.table ?? basename(data as string);
  const format = options.format ?? (options.json ? 'json' : 'text');
  const rendered =
    format === 'json'
      ? JSON.stringify(report, null, 2)
      : format === 'markdown'
        ? renderValidationReportMarkdown(report)
        : format === 'html'
          ? renderValidationReportHtml(report, { dataName })
          : renderValidationReportText(report);
  await writeOutput(context, rendered, options.out);
  if (options.out !== undefined && options.out !== '-') {
    if (options.json) printJson(context, { out: options.out, format, report });
    else {
      printLine(
        context,
        `Suite ${report.suite} ${report.success ? 'passed' : 'failed'}: ${report.statistics.successful} of ${report.statistics.evaluated} expectations met; ${format} report written to ${options.out}`,
      );
    }
  }
  state.exitCode = !report.success && options.fail ? exitCodes.finding : exitCodes.ok;
}

/** Adds `ballast validate` to the program. */
export function registerValidateCommand(
  program: Command,
  context: CliContext,
  state: ProgramState,
): Command {
  const command = program
    .command('validate')
    .summary('run an expectation suite (Ballast or Great Expectations 0.18/1.x) over a data file')
    .description(
      "Runs an expectation suite over a data file, batch by batch, or pushed down to a SQL engine (--engine duckdb|postgres --table ...), and reports each expectation with Great Expectations' result fields. The suite is Ballast YAML/JSON or a Great Expectations 0.18 or 1.x JSON suite.",
    )
    .argument('[data]', 'data file (.arrow, .parquet, .csv, .jsonl); omit with --engine')
    .requiredOption('--suite <file>', 'expectation suite (YAML or JSON)')
    .option(
      '--param <name=value>',
      'suite parameter for { $PARAMETER: name } (repeatable)',
      collect,
    )
    .option('--environment <name>', 'run only the expectations of this environment (TFDV style)')
    .addOption(
      new Option('--result-format <level>', 'detail kept per expectation')
        .choices(['BOOLEAN_ONLY', 'BASIC', 'SUMMARY', 'COMPLETE'])
        .default('SUMMARY'),
    )
    .addOption(
      new Option('--format <format>', 'report format (default: text, or json with --json)').choices(
        validateFormats,
      ),
    )
    .option('--out <file>', 'write the report to this file instead of stdout')
    .addOption(inputFormatOption());
  addWarehouseOptions(command);
  return command
    .option('--no-fail', 'exit 0 even when the suite failed')
    .addOption(lineageOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        [
          'ballast validate --suite orders.suite.yaml orders.parquet',
          'ballast validate --suite gx/orders.json orders.csv --format html --out validation.html',
          'ballast validate --suite orders.suite.yaml --engine duckdb --table orders.parquet',
          'ballast validate --suite orders.suite.yaml --engine postgres --connection $DATABASE_URL --table sales.orders --lineage events.jsonl',
        ],
        [
          '0  every error-severity expectation passed',
          '1  the suite failed (unless --no-fail)',
          errorExitLine,
        ],
      ),
    )
    .action(async (data: string | undefined, options: ValidateCommandOptions) =>
      runValidate(context, state, data, options),
    );
}
