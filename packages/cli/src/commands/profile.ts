import { profile } from '@ballast/drift-stats';
import type { Command } from 'commander';
import type { CliContext } from '../shared/context';
import {
  errorExitLine,
  helpEpilogue,
  inputFormatOption,
  jsonOption,
  lineageOption,
  parseNumber,
} from '../shared/options';
import { printJson, printLine, writeOutput } from '../shared/output';
import type { ProgramState } from '../shared/program-state';
import { readTable } from '../shared/read-table';
import { runOnDataSource } from '../shared/run-on-data-source';
import {
  addWarehouseOptions,
  type WarehouseOptions,
  warehouseTimeout,
} from '../shared/warehouse-table';

interface ProfileCommandOptions extends WarehouseOptions {
  out: string;
  lineage?: string;
  columns?: string;
  categoryCap?: string;
  inputFormat?: string;
  json?: boolean;
}

async function runProfile(
  context: CliContext,
  data: string | undefined,
  options: ProfileCommandOptions,
) {
  const profileOptions = {
    ...(options.columns
      ? {
          columns: options.columns
            .split(',')
            .map(column => column.trim())
            .filter(Boolean),
        }
      : {}),
    ...(options.categoryCap === undefined
      ? {}
      : { categoryCap: parseNumber(options.categoryCap, '--category-cap') }),
  };
  const result = await runOnDataSource(context, data, options, 'profile', {
    table: (table, signal) =>
      profile(table, { ...profileOptions, ...warehouseTimeout(options), signal }),
    file: async path =>
      profile(await readTable(context, path, options.inputFormat), profileOptions),
  });
  const source = options.table ?? (data as string);
  await writeOutput(context, JSON.stringify(result, null, 2), options.out);
  if (options.out === '-') return;
  if (options.json) {
    printJson(context, {
      out: options.out,
      rowCount: result.rowCount,
      columns: result.columns.length,
      fingerprint: result.fingerprint,
    });
  } else {
    printLine(
      context,
      `Profiled ${result.rowCount} rows × ${result.columns.length} columns of ${source}; profile written to ${options.out}`,
    );
  }
}

/** Adds `ballast profile` to the program. */
export function registerProfileCommand(
  program: Command,
  context: CliContext,
  _state: ProgramState,
): Command {
  const command = program
    .command('profile')
    .summary('summarise a dataset into a mergeable profile to drift against later')
    .description(
      'Summarises a dataset (a file, or a table computed in a SQL engine with --engine duckdb|postgres --table ...) into a DatasetProfile (counts, moments, quantile sketches, histograms, category counts) without its raw rows. Store it, and compare later data against it with ballast drift --reference-profile.',
    )
    .argument('[data]', 'data file (.arrow, .parquet, .csv, .jsonl); omit with --engine')
    .requiredOption('--out <file>', 'where to write the profile (JSON; - for stdout)')
    .option('--columns <names>', 'profile only these columns (comma-separated)')
    .option('--category-cap <count>', 'categories kept per column (default 1000)')
    .addOption(inputFormatOption());
  addWarehouseOptions(command);
  return command
    .addOption(lineageOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      helpEpilogue(
        [
          'ballast profile train.parquet --out train.profile.json',
          'ballast drift --reference-profile train.profile.json --current today.parquet',
          'ballast profile --engine duckdb --table train.parquet --out train.profile.json',
          'ballast profile --engine postgres --connection $DATABASE_URL --table ml.features --out features.profile.json',
        ],
        ['0  the profile was written', errorExitLine],
      ),
    )
    .action(async (data: string | undefined, options: ProfileCommandOptions) =>
      runProfile(context, data, options),
    );
}
