import { Command, CommanderError } from 'commander';
import { registerDemoCommand } from './commands/demo';
import { registerDriftCommand } from './commands/drift';
import { registerGateCommand } from './commands/gate';
import { registerInferSuiteCommand } from './commands/infer-suite';
import { registerLineageCommand } from './commands/lineage';
import { registerProfileCommand } from './commands/profile';
import { registerRegistryCommand } from './commands/registry';
import { registerServeCommand } from './commands/serve';
import { registerValidateCommand } from './commands/validate';
import { CliError, exitCodeOf, formatError } from './shared/cli-error';
import { type CliContext, processContext } from './shared/context';
import { exitCodes } from './shared/exit-codes';
import { errorExitLine, helpEpilogue } from './shared/options';
import type { ProgramState } from './shared/program-state';

/** The version printed by `ballast --version`. */
export const CLI_VERSION = '0.0.0';

/**
 * Builds the `ballast` command tree (commander) bound to a context: where relative paths
 * resolve and where output goes. The chosen exit code lands in `state.exitCode`; errors are
 * thrown to the caller. {@link runCli} wraps it with the one-line error format.
 *
 * @example
 * ```ts
 * const state = { exitCode: 0 };
 * const program = createProgram(processContext(), state);
 * await program.parseAsync(['drift', '--reference', 'a.csv', '--current', 'b.csv'], { from: 'user' });
 * process.exitCode = state.exitCode;
 * ```
 */
export function createProgram(
  context: CliContext = processContext(),
  state: ProgramState = { exitCode: 0 },
): Command {
  const program = new Command('ballast');
  program
    .description(
      'Drift, validation, profiles, promotion gates, the model registry, lineage and serving for ML in TypeScript.',
    )
    .version(CLI_VERSION, '-V, --version', 'print the version')
    .option('--verbose', 'print stack traces with errors')
    .helpCommand(false)
    // Each command's options follow its own name (gate's --json is not verify-log's).
    .enablePositionalOptions()
    .showHelpAfterError(false)
    .configureHelp({ sortSubcommands: false })
    .configureOutput({
      writeOut: text => context.stdout.write(text),
      writeErr: text => context.stderr.write(text),
      // A fixed width off a terminal, so the generated CLI reference is the same everywhere.
      getOutHelpWidth: () => (context.stdout.isTTY ? (context.stdout.columns ?? 80) : 100),
      getErrHelpWidth: () => (context.stderr.isTTY ? (context.stderr.columns ?? 80) : 100),
      // Usage errors are printed by runCli in the one-line format.
      outputError: () => {},
    })
    .exitOverride()
    .addHelpText(
      'after',
      helpEpilogue(
        [
          'ballast drift --reference train.parquet --current today.parquet --format html --out drift.html',
          'ballast validate --suite orders.suite.yaml today.csv',
          'ballast gate --policy promotion.yaml --evidence evidence.json --output sarif --out gate.sarif',
          'ballast registry list',
        ],
        [
          '0  success: no drift, the suite passed, the gate allowed',
          '1  a finding: drift, a failed suite, a broken log, a warning with --fail-on-warn',
          '2  the gate denied',
          errorExitLine,
        ],
      ),
    );
  registerDriftCommand(program, context, state);
  registerValidateCommand(program, context, state);
  registerInferSuiteCommand(program, context, state);
  registerProfileCommand(program, context, state);
  registerGateCommand(program, context, state);
  registerRegistryCommand(program, context, state);
  registerServeCommand(program, context, state);
  registerLineageCommand(program, context, state);
  registerDemoCommand(program, context, state);
  return program;
}

/** Usage mistakes commander reports, as a CliError naming the fix. */
function usageError(error: CommanderError, argv: readonly string[]): CliError {
  const command = argv.find(arg => !arg.startsWith('-'));
  return new CliError({
    code: 'USAGE',
    message: error.message.replace(/^error: /, ''),
    fix: `run ballast ${command ? `${command} ` : ''}--help`,
    exitCode: exitCodes.error,
  });
}

/**
 * Runs the `ballast` command line: parses `argv` (the arguments after the program name), runs
 * the command, prints an error as one line (`ballast: <code>: <message> (fix: ...)`, the stack
 * only with `--verbose`) and resolves to the exit code (see `exitCodes`).
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2));
 * ```
 */
export async function runCli(
  argv: readonly string[],
  context: CliContext = processContext(),
): Promise<number> {
  const state: ProgramState = { exitCode: exitCodes.ok };
  const program = createProgram(context, state);
  const verbose = argv.includes('--verbose');
  try {
    // --verbose is read here, so it may sit anywhere on the line.
    await program.parseAsync(
      argv.filter(arg => arg !== '--verbose'),
      { from: 'user' },
    );
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return exitCodes.ok;
      if (error.code === 'commander.help' || error.code === 'commander.helpDisplayed') {
        return exitCodes.error;
      }
      context.stderr.write(formatError(usageError(error, argv), verbose));
      return exitCodes.error;
    }
    context.stderr.write(formatError(error, verbose));
    return exitCodeOf(error);
  }
}
