import { readFile } from 'node:fs/promises';

/** The parsed lines of a JSON Lines file; a missing file reads as empty. */
export async function readJsonLines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(line => line !== '')
    .map(line => JSON.parse(line));
}
