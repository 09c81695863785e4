import { basename } from 'node:path';
import { inferSuite } from '@ballast/data-validation';
import type { Command } from 'commander';
import type { CliContext } from '../shared/context';
import {
  errorExitLine,
  helpEpilogue,
  inputFormatOption,
  jsonOption,
  parseNumber,
} from '../shared/options';
import { printJson, printLine, writeOutput } from '../shared/output';
import type { ProgramState } from '../shared/program-state';
import { readBatchesWithProgress } from '../shared/read-table';

interface InferSuiteCommandOptions {
  name?: string;
  out?: string;
  numericRanges?: boolean;
  confidence?: string;
  maxDomainSize?: string;
  inputFormat?: string;
  json?: boolean;
}

async function runInferSuite(
  context: CliContext,
  data: string,
  options: InferSuiteCommandOptions,
): Promise<void> {
  const suite = await inferSuite(readBatchesWithProgress(context, data, options.inputFormat), {
    name: options.name ?? basename(data).replace(/\.[^.]+$/, ''),
    ...(options.numericRanges ? { numericRanges: true } : {}),
    ...(options.confidence === undefined
      ? {}
      : { confidence: parseNumber(options.confidence, '--confidence') }),
    ...(options.maxDomainSize === undefined
      ? {}
      : { maxStringDomainSize: parseNumber(options.maxDomainSize, '--max-domain-size') }),
  });
  const text = JSON.stringify(suite, null, 2);
  if (options.out === undefined) {
    context.stdout.write(`${text}\n`);
    return;
  }
  await writeOutput(context, text, options.out);
  if (options.json) printJson(context, { out: options.out, suite });
  else {
    printLine(
      context,
      `Inferred ${suite.expectations.length} expectations for ${data}; suite written to ${options.out}`,
    );
  }
}

/** Adds `ballast infer-suite` to the program. */
export function registerInferSuiteCommand(
  program: Command,
  context: CliContext,
  _state: ProgramState,
): Command {
  return program
    .command('infer-suite')
    .summary('propose an editable expectation suite from reference data')
    .description(
      'Profiles reference data once and proposes an expectation suite: column types, not-null with mostly at the Wilson lower bound, value sets for small string domains, the column set, and numeric ranges with --numeric-ranges. Review it before using it as a gate.',
    )
    .argument('<data>', 'reference data file (.arrow, .parquet, .csv, .jsonl)')
    .option('--out <file>', 'write the suite (JSON) to this file instead of stdout')
    .option('--name <name>', 'suite name (default: the file name)')
    .option('--numeric-ranges', 'also propose min/max ranges for numeric columns')
    .option(
      '--confidence <level>',
      'confidence of the Wilson lower bound for mostly (default 0.95)',
    )
    .option(
      '--max-domain-size <count>',
      'largest distinct-value count proposed as a value set (default 100)',
    )
    .addOption(inputFormatOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        [
          'ballast infer-suite train.parquet --out orders.suite.json',
          'ballast infer-suite train.csv --numeric-ranges > suite.json',
        ],
        ['0  the suite was written', errorExitLine],
      ),
    )
    .action(async (data: string, options: InferSuiteCommandOptions) =>
      runInferSuite(context, data, options),
    );
}
