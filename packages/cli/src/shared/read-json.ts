import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error';
import { type CliContext, resolvePath } from './context';

/** Reads a file as UTF-8 text, turning a missing file into a one-line error. */
export async function readText(context: CliContext, path: string, what: string): Promise<string> {
  try {
    return await readFile(resolvePath(context, path), 'utf8');
  } catch (cause) {
    throw new CliError({
      code: 'FILE_NOT_FOUND',
      message: `Cannot read the ${what} ${path}: ${(cause as Error).message}.`,
      fix: 'check the path (relative paths are resolved from the current directory)',
      cause,
    });
  }
}

/** Reads and parses a JSON file, naming it in the error when it is not JSON. */
export async function readJson(context: CliContext, path: string, what: string): Promise<unknown> {
  const text = await readText(context, path, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new CliError({
      code: 'INVALID_JSON',
      message: `The ${what} ${path} is not valid JSON: ${(cause as Error).message}.`,
      fix: `pass the JSON file the matching ballast command wrote`,
      cause,
    });
  }
}
