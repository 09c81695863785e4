import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '@ballast/kit';
import { type CliContext, resolvePath } from './context';

/** Writes `text` to `out` (atomically, creating folders) or, without `out`, to stdout. */
export async function writeOutput(
  context: CliContext,
  text: string,
  out: string | undefined,
): Promise<void> {
  if (out === undefined || out === '-') {
    context.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  const path = resolvePath(context, out);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, text);
}

/** Prints a value as indented JSON on stdout (the `--json` output). */
export function printJson(context: CliContext, value: unknown): void {
  context.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints one line on stdout. */
export function printLine(context: CliContext, line: string): void {
  context.stdout.write(`${line}\n`);
}
