import { Option } from 'commander';
import { CliError } from './cli-error';

/** Commander collector for a repeatable option (`--method a=ks --method b=psi`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Parses repeated `key=value` options into a record; `what` names the option in the error
 * (`--method col=ks`).
 */
export function keyValues(
  items: readonly string[] | undefined,
  what: string,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const item of items ?? []) {
    const index = item.lastIndexOf('=');
    if (index <= 0 || index === item.length - 1) {
      throw new CliError({
        code: 'INVALID_OPTION',
        message: `${what} expects key=value, got "${item}".`,
        fix: `write it as ${what} name=value`,
      });
    }
    record[item.slice(0, index)] = item.slice(index + 1);
  }
  return record;
}

/** A number option's value; `what` names it in the error. */
export function parseNumber(value: string, what: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new CliError({
      code: 'INVALID_OPTION',
      message: `${what} expects a number, got "${value}".`,
      fix: `pass a number, for example ${what} 0.5`,
    });
  }
  return number;
}

/** A port number option. */
export function parsePort(value: string): number {
  const port = parseNumber(value, '--port');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CliError({
      code: 'INVALID_OPTION',
      message: `--port expects an integer from 0 to 65535, got "${value}".`,
      fix: 'pass a free port, or 0 to pick one',
    });
  }
  return port;
}

/** `--json`: machine-readable output on stdout. */
export function jsonOption(): Option {
  return new Option('--json', 'print machine-readable JSON on stdout');
}

/** `--lineage <file>`: the run as OpenLineage events appended to a JSON Lines file. */
export function lineageOption(): Option {
  return new Option(
    '--lineage <file>',
    'append the run as OpenLineage (START, then COMPLETE or FAIL) to this JSONL file',
  );
}

/** `--input-format`: the data format when the extension does not tell. */
export function inputFormatOption(): Option {
  return new Option(
    '--input-format <format>',
    'data format (default: from the extension: .arrow .parquet .csv .jsonl)',
  ).choices(['arrow', 'parquet', 'csv', 'jsonl']);
}

/** The standard help epilogue: examples and exit codes. */
export function helpEpilogue(examples: readonly string[], exitCodes: readonly string[]): string {
  return `\nExamples:\n${examples.map(example => `  $ ${example}`).join('\n')}\n\nExit codes:\n${exitCodes.map(line => `  ${line}`).join('\n')}\n\nAdd --verbose to print the stack trace of an error.\n`;
}

/** The exit codes every command shares, as help lines. */
export const errorExitLine = '3  error: bad usage, unreadable input, unavailable service';
