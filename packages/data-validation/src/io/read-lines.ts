import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileOpenError } from './file-open-error';

/** Streams the lines of a text file with their 1-based line numbers. */
export async function* readLines(path: string): AsyncGenerator<{ line: string; number: number }> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  await opened.catch(cause => {
    throw fileOpenError(path, cause);
  });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  for await (const line of lines) {
    number++;
    yield { line, number };
  }
}
